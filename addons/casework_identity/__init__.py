from . import models
from . import wizard


def _post_init_hook(env):
    """Installed with its demo data: generate the identifiers of the demo dossiers (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_identity")]).demo:
        from .demo import generate

        generate.generate(env)
