from . import models
from . import wizard
from . import cli


def _uninstall_hook(env):
    """Give the dossier table back PostgreSQL's default fill factor (the feed
    lowers it so that its daily updates stay HOT)."""
    env.cr.execute("ALTER TABLE casework_beneficiary RESET (fillfactor)")
