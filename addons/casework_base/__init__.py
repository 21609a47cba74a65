from . import models
from . import wizard
from . import report


def _post_init_hook(env):
    """Installed with its demo data: generate the fictitious dossiers (demo/generate.py)."""
    if env["ir.module.module"].search([("name", "=", "casework_base")]).demo:
        from .demo import generate

        generate.generate(env)


def _uninstall_hook(env):
    """Drop what the kernel created besides its models' tables: the index of
    the appointments' reference to their dossier, on the calendar's table
    (which stays)."""
    env.cr.execute("DROP INDEX IF EXISTS calendar_event_casework_res_id_idx")
