from . import models
from . import tools
from . import wizard


def _post_init_hook(env):
    """Installed with its demo data: invoice a month of the demo conventions (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_invoicing")]).demo:
        from .demo import generate

        generate.generate(env)
