from . import models
from . import wizard
from . import report


def _post_init_hook(env):
    """Installed with its demo data: generate the appointments of the demo dossiers (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_appointment")]).demo:
        from .demo import generate

        generate.generate(env)
