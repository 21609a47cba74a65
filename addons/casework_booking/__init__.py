from . import controllers
from . import models
from . import wizard


def _post_init_hook(env):
    """Installed with its demo data: generate invitations in every state
    (demo/generate.py) and the SOS numérique demo (demo/generate_sos.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_booking")]).demo:
        from .demo import generate, generate_sos

        generate.generate(env)
        generate_sos.generate(env)
