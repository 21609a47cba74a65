"""``odoo-bin casework_feed``: import a daily feed file from the command line.

Odoo 19 finds this command in ``<addon>/cli/<command>.py`` when the addons
path is given first::

    odoo-bin --addons-path=<paths> casework_feed -c odoo.conf -d casework \\
        --mapping genesis --file /var/lib/casework/feed/genesis_20261115.csv [--date 2026-11-15]

The exit code is 0 when the run is done, 1 when it failed (run it again with
the same file to resume it), 2 when another import is running.
"""

import logging
import optparse
import os
import sys
from datetime import date

import odoo.tools.config
from odoo import api
from odoo.cli.command import Command
from odoo.exceptions import UserError
from odoo.modules.registry import Registry

_logger = logging.getLogger(__name__)


class CaseworkFeed(Command):
    """Import a Casework daily feed file (administrative system → dossiers)."""

    name = "casework_feed"

    def run(self, args):
        parser = odoo.tools.config.parser
        parser.prog = self.prog
        group = optparse.OptionGroup(parser, "Casework feed", "Import a feed file into the database given by -d.")
        group.add_option("--mapping", dest="feed_mapping", my_default="genesis", help="code of the feed mapping")
        group.add_option("--file", dest="feed_file", help="path of the file to import")
        group.add_option("--date", dest="feed_date", help="date of the file, YYYY-MM-DD (default: today)")
        parser.add_option_group(group)
        opt = odoo.tools.config.parse_config(args, setup_logging=True)
        dbnames = odoo.tools.config["db_name"]
        if not dbnames or len(dbnames) != 1 or not opt.feed_file:
            sys.exit("casework_feed needs one database (-d) and a file (--file)")
        sys.exit(import_feed_file(dbnames[0], opt.feed_mapping, opt.feed_file, opt.feed_date))


def import_feed_file(dbname, mapping_code, path, file_date=None):
    """Import ``path`` with the mapping ``mapping_code`` into ``dbname`` as
    the superuser; print the summary; return the exit code."""
    with open(path, "rb") as handle:
        data = handle.read()
    file_date = date.fromisoformat(file_date) if file_date else date.today()
    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        mapping = env["casework.feed.mapping"]._get_by_code(mapping_code)
        try:
            run_id, state = env["casework.feed.run"]._run_import(mapping, data, os.path.basename(path), file_date)
        except UserError as error:
            # the command's own output: printing is what a command line does
            print(error.args[0], file=sys.stderr)  # noqa: T201 pylint: disable=print-used
            return 2
    with registry.cursor() as cr:
        run = api.Environment(cr, api.SUPERUSER_ID, {})["casework.feed.run"].browse(run_id)
        print(  # noqa: T201 pylint: disable=print-used
            f"run {run.id} {run.state}: {run.line_count} lines, {run.created_count} created, "
            f"{run.updated_count} updated, {run.unchanged_count} unchanged, {run.rejected_count} rejected, "
            f"{run.reorientation_count} réorientations, {run.return_count} returns"
            + (f"\n{run.error}" if run.error else "")
        )
    return 0 if state == "done" else 1
