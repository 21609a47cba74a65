from . import controllers
from . import models
from . import report


def _post_init_hook(env):
    """Installed with its demo data: generate the demo funding and FSE operations (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_fse")]).demo:
        from .demo import generate

        generate.generate(env)
