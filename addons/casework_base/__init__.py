from . import models
from . import wizard
from . import report


def _post_init_hook(env):
    """Installed with its demo data: generate the fictitious dossiers (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_base")]).demo:
        from .demo import generate

        generate.generate(env)
