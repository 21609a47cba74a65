"""Static checks of every addon of addons/: manifest, files, Odoo 19 idioms.

No database needed; each check is one test per addon.
"""

import ast
import os
import re

import polib
import pytest
from conftest import ADDONS, all_addons

ADDON_NAMES = all_addons()
by_addon = pytest.mark.parametrize("addon", ADDON_NAMES)


def path(addon, *parts):
    return os.path.join(ADDONS, addon, *parts)


def manifest(addon):
    with open(path(addon, "__manifest__.py"), encoding="utf-8") as handle:
        return ast.literal_eval(handle.read())


def files(addon, extension):
    for root, dirs, names in os.walk(path(addon)):
        dirs[:] = [d for d in dirs if d not in ("__pycache__", "node_modules")]
        for name in sorted(names):
            if name.endswith(extension):
                yield os.path.join(root, name)


def grep(addon, extension, pattern):
    """['file:line: text', ...] of the lines of the addon's files matching ``pattern``."""
    regex = re.compile(pattern)
    hits = []
    for filename in files(addon, extension):
        with open(filename, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if regex.search(line):
                    hits.append(f"{os.path.relpath(filename, ADDONS)}:{number}: {line.strip()}")
    return hits


def defines_models(addon):
    """True when a Python file of the addon declares a new model (``_name`` not inherited)."""
    for filename in files(addon, ".py"):
        if f"{os.sep}tests{os.sep}" in filename:
            continue
        with open(filename, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), filename)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(base, "attr", getattr(base, "id", "")) for base in node.bases}
            if not bases & {"Model", "TransientModel"}:
                continue
            attributes = {}
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
                    for target in statement.targets:
                        if isinstance(target, ast.Name):
                            attributes[target.id] = statement.value.value
            if attributes.get("_name") and attributes.get("_name") != attributes.get("_inherit"):
                return True
    return False


@by_addon
def test_manifest_version(addon):
    version = manifest(addon).get("version", "")
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", version), f"version {version!r} is not 19.0.x.y.z"


@by_addon
def test_manifest_license(addon):
    assert manifest(addon).get("license") == "LGPL-3"


@by_addon
def test_readme_description(addon):
    assert os.path.isfile(path(addon, "readme", "DESCRIPTION.md"))


@by_addon
def test_french_translation_parses(addon):
    po_file = path(addon, "i18n", "fr.po")
    assert os.path.isfile(po_file), "i18n/fr.po is missing"
    po = polib.pofile(po_file)
    assert po.metadata.get("Language", "").startswith("fr"), "fr.po header has no 'Language: fr'"


@by_addon
def test_no_stale_template(addon):
    """Odoo merges an addon's ``i18n/<addon>.pot`` into its ``fr.po`` when it
    reads the French code terms, and drops every term the template lacks: a
    template older than the code leaves the newest messages in English. The
    French file is the one source."""
    templates = [name for name in os.listdir(path(addon, "i18n")) if name.endswith(".pot")]
    assert not templates, f"i18n/{templates[0]}: remove it (fr.po is generated from the code)"


@by_addon
def test_manifest_files_exist(addon):
    data = manifest(addon)
    missing = [name for key in ("data", "demo") for name in data.get(key, [])
               if not os.path.isfile(path(addon, name))]
    assert not missing, f"listed in the manifest but missing: {missing}"


@by_addon
def test_access_rights_file(addon):
    if defines_models(addon):
        assert os.path.isfile(path(addon, "security", "ir.model.access.csv")), \
            "the module defines models but has no security/ir.model.access.csv"


@by_addon
def test_no_deprecated_view_syntax(addon):
    hits = grep(addon, ".xml", r"<tree[\s>/]|\battrs\s*=|\bstates\s*=")
    assert not hits, "Odoo 19 views use <list>, invisible=/readonly= (no <tree>, attrs=, states=):\n" + "\n".join(hits)


@by_addon
def test_no_numbercall(addon):
    hits = grep(addon, ".xml", r"numbercall")
    assert not hits, "ir.cron has no numbercall since Odoo 17:\n" + "\n".join(hits)


@by_addon
def test_no_sql_constraints(addon):
    hits = grep(addon, ".py", r"^\s*_sql_constraints\s*=")
    assert not hits, "use models.Constraint(...) instead of _sql_constraints:\n" + "\n".join(hits)


@by_addon
def test_no_name_get(addon):
    hits = grep(addon, ".py", r"def\s+name_get\s*\(")
    assert not hits, "name_get is gone: compute display_name instead:\n" + "\n".join(hits)


@by_addon
def test_python_compiles(addon):
    errors = []
    for filename in files(addon, ".py"):
        with open(filename, encoding="utf-8") as handle:
            source = handle.read()
        try:
            compile(source, filename, "exec")
        except SyntaxError as error:
            errors.append(f"{os.path.relpath(filename, ADDONS)}:{error.lineno}: {error.msg}")
    assert not errors, "\n".join(errors)
