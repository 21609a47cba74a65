from . import models
from . import report


def _post_init_hook(env):
    """Installed with its demo data: generate the content of the sections of the demo dossiers (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_dossier")]).demo:
        from .demo import generate

        generate.generate(env)
