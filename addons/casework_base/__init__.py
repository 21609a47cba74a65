import logging

from odoo.tools import SQL

from . import models
from . import wizard
from . import report

_logger = logging.getLogger(__name__)


def _set_database_jit(env, value):
    """Turn PostgreSQL's JIT compilation off (``value`` "off") for this
    database, or back to the server's default (``value`` None).

    The scope rules make Odoo's mail queries (the inbox, the activities) large
    statements whose estimated cost, once the tables are analysed, passes
    ``jit_above_cost``: PostgreSQL then spends seconds compiling them (8.5 s
    for the inbox counter of a référent) to run for milliseconds. Set on the
    database for every new connection, and on the current one. Only the
    database's owner may: otherwise the administrator is told how to do it.
    """
    dbname = SQL.identifier(env.cr.dbname)
    query = SQL("ALTER DATABASE %s SET jit = off", dbname) if value else SQL("ALTER DATABASE %s RESET jit", dbname)
    try:
        with env.cr.savepoint():
            env.cr.execute(query)
    except Exception:  # noqa: BLE001 -- not the owner: the deployment sets it
        _logger.warning(
            "Could not change PostgreSQL's jit setting of the database %s (not its owner): run "
            "ALTER DATABASE %s SET jit = off as its owner, or set jit = off in postgresql.conf.",
            env.cr.dbname, env.cr.dbname,
        )
    if value:
        env.cr.execute("SET jit = off")


def _post_init_hook(env):
    """Turn PostgreSQL's JIT off for the database (see :func:`_set_database_jit`);
    installed with its demo data: generate the fictitious dossiers (demo/generate.py)."""
    _set_database_jit(env, "off")
    if env["ir.module.module"].search([("name", "=", "casework_base")]).demo:
        from .demo import generate

        generate.generate(env)


def _uninstall_hook(env):
    """Drop what the kernel created besides its models' tables: the index of
    the appointments' reference to their dossier, on the calendar's table
    (which stays), and the database's jit setting; Odoo's app store is again
    every user's, as base_install_request makes it."""
    env.cr.execute("DROP INDEX IF EXISTS calendar_event_casework_res_id_idx")
    _set_database_jit(env, None)
    env.ref("base.menu_management").group_ids = False
