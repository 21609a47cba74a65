"""Every casework module installs alone on a fresh database and uninstalls again;
all of them install together and uninstall without leaving a table behind.
Uninstalling leaves no SQL function named ``casework%`` and no index named
``%casework%`` that the module created (its casework dependencies, installed
first, keep theirs); uninstalling every module leaves none at all.

The databases are copies of a template holding the Odoo modules the casework
modules depend on (built once per `make test`), so each case only installs
casework code.  Any ERROR/CRITICAL log line, or WARNING about casework, fails.
"""

import os

import casework_tools
import pytest
from conftest import casework_modules

pytestmark = pytest.mark.install

MODULES = casework_modules()


def casework_dependencies(module):
    """The casework modules ``module`` depends on, directly or not, dependencies first."""
    manifests = casework_tools.casework_manifests()
    found = []

    def visit(name):
        for dep in manifests[name].get("depends", []):
            if dep in manifests and dep not in found:
                visit(dep)
                found.append(dep)

    visit(module)
    return found


def sql_objects(odoo, db):
    """The casework SQL functions, indexes and table storage options of
    ``db`` and its own settings, as "function x" / "index x" / "options table
    opt=value" / "setting name=value"."""
    functions = odoo.psql(db, "select proname from pg_proc where proname like 'casework%'")
    indexes = odoo.psql(db, "select indexname from pg_indexes where indexname like '%casework%'")
    options = odoo.psql(db, "select relname || ' ' || array_to_string(reloptions, ',') from pg_class"
                            " where reloptions is not null and relname like 'casework%'")
    settings = odoo.psql(db, "select unnest(setconfig) from pg_db_role_setting s join pg_database d"
                             " on d.oid = s.setdatabase where d.datname = current_database() and s.setrole = 0")
    return ({f"function {name}" for name in functions} | {f"index {name}" for name in indexes}
            | {f"options {name}" for name in options} | {f"setting {name}" for name in settings})


@pytest.mark.parametrize("module", MODULES)
def test_install_alone_then_uninstall(odoo, module):
    db = odoo.new_db(module)
    try:
        dependencies = casework_dependencies(module)
        before = set()  # without a template, the database exists only once Odoo installs
        if dependencies:
            result = odoo.install(db, dependencies, label=f"install-deps-{module}")
            assert result.ok, result.report()
            before = sql_objects(odoo, db)
        result = odoo.install(db, [module], label=f"install-{module}")
        assert result.ok, result.report()
        states = odoo.module_states(db)
        assert states.get(module) == "installed", states
        result = odoo.uninstall(db, [module], label=f"uninstall-{module}")
        assert result.ok, result.report()
        states = odoo.module_states(db)
        assert states.get(module) == "uninstalled", states
        left = sorted(sql_objects(odoo, db) - before)
        assert left == [], f"SQL functions, indexes or table options left after uninstalling {module}"
    finally:
        if not os.environ.get("KEEP_DB"):
            odoo.drop_db(db)


@pytest.fixture(scope="module")
def all_installed(odoo):
    db = odoo.new_db("all")
    result = odoo.install(db, MODULES, label="install-all")
    yield db, result
    if not os.environ.get("KEEP_DB"):
        odoo.drop_db(db)


def test_install_all(odoo, all_installed):
    db, result = all_installed
    assert result.ok, result.report()
    states = odoo.module_states(db)
    assert {module: states.get(module) for module in MODULES} == dict.fromkeys(MODULES, "installed")


def test_uninstall_all(odoo, all_installed):
    db, installed = all_installed
    if not installed.ok:
        pytest.fail("the modules did not install together: nothing to uninstall")
    result = odoo.uninstall(db, MODULES, label="uninstall-all")
    assert result.ok, result.report()
    states = odoo.module_states(db)
    assert {module: states.get(module) for module in MODULES} == dict.fromkeys(MODULES, "uninstalled")
    assert odoo.tables(db) == [], "tables left after uninstalling every casework module"
    assert sorted(sql_objects(odoo, db)) == [], "SQL functions or indexes left after uninstalling every casework module"
