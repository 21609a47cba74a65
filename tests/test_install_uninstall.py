"""Every casework module installs alone on a fresh database and uninstalls again;
all of them install together and uninstall without leaving a table behind.

The databases are copies of a template holding the Odoo modules the casework
modules depend on (built once per `make test`), so each case only installs
casework code.  Any ERROR/CRITICAL log line, or WARNING about casework, fails.
"""

import os

import pytest
from conftest import casework_modules

pytestmark = pytest.mark.install

MODULES = casework_modules()


@pytest.mark.parametrize("module", MODULES)
def test_install_alone_then_uninstall(odoo, module):
    db = odoo.new_db(module)
    try:
        result = odoo.install(db, [module], label=f"install-{module}")
        assert result.ok, result.report()
        states = odoo.module_states(db)
        assert states.get(module) == "installed", states
        result = odoo.uninstall(db, [module], label=f"uninstall-{module}")
        assert result.ok, result.report()
        states = odoo.module_states(db)
        assert states.get(module) == "uninstalled", states
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
