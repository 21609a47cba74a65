from . import models
from . import report


def _post_init_hook(env):
    """Installed with its demo data: register demo dossiers to the demo events (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_event")]).demo:
        from .demo import generate

        generate.generate(env)
