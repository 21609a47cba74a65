"""Shared fixtures of the suite-wide checks."""

import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import casework_tools  # noqa: E402

ADDONS = os.path.join(REPO, "addons")


def all_addons():
    """Every addon of addons/ (a directory with a __manifest__.py)."""
    if not os.path.isdir(ADDONS):
        return []
    return sorted(
        name for name in os.listdir(ADDONS)
        if os.path.isfile(os.path.join(ADDONS, name, "__manifest__.py"))
    )


def casework_modules():
    return casework_tools.ordered_modules()


@pytest.fixture(scope="session")
def odoo():
    """The Odoo runner configured by scripts/casework.sh (skips when run outside `make test`)."""
    from odoo_runner import OdooRunner

    runner = OdooRunner.from_environment()
    if runner is None:
        pytest.skip("install checks need the environment prepared by `make test`")
    yield runner
    if not os.environ.get("KEEP_DB"):
        runner.drop_all()
