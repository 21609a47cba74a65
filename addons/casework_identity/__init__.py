from odoo.tools import SQL

from . import models
from . import wizard


def _post_init_hook(env):
    """Installed with its demo data: generate the identifiers of the demo dossiers (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_identity")]).demo:
        from .demo import generate

        generate.generate(env)


def _uninstall_hook(env):
    """Drop what the module created besides its models' tables and columns:
    the trigram index of the normalised names and the SQL functions of
    earlier versions. The extensions stay (other code may use them)."""
    from .models.casework_beneficiary import DROP_LEGACY_FUNCTIONS, SEARCH_NAME_INDEX

    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(SEARCH_NAME_INDEX)))
    env.cr.execute(DROP_LEGACY_FUNCTIONS)
