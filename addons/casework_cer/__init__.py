from . import models
from . import report
from . import wizard


def _post_init_hook(env):
    """Installed with its demo data: generate the demo contracts (demo/generate.py) and sign one of them
    by SMS code (demo/signature.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_cer")]).demo:
        from .demo import generate, signature

        contracts = generate.generate(env)
        signature.generate(env, contracts)
