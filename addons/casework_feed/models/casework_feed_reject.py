import csv
import json
import logging
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_identity.tools import name_matching

_logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 90


class CaseworkFeedReject(models.Model):
    """A line of a feed file that was not imported, with the column and the
    reason, so that it can be corrected in the administrative system; or a
    warning on a line imported (``severity``), e.g. a justified identity
    the file describes otherwise.

    The raw line holds a person's identity: rejects are deleted after the
    feed's retention period (``casework_feed.retention_days``), and
    those of a person when the person's dossier is anonymised."""

    _name = "casework.feed.reject"
    _description = "Rejected feed line"
    _order = "run_id desc, line_number, id"
    _rec_name = "reason"

    run_id = fields.Many2one("casework.feed.run", required=True, ondelete="cascade", index=True)
    line_number = fields.Integer(required=True)
    column = fields.Char()
    reason = fields.Char(required=True)
    severity = fields.Selection(
        [("reject", "Rejected"), ("warning", "Warning")], required=True, default="reject",
        help="Rejected: the line was not imported. Warning: the line was imported, something is to be checked.",
    )
    raw_line = fields.Text(string="Raw line")
    external_ref = fields.Char(
        string="Key in the file", index="btree_not_null",
        help="Key of the line, when it could be read (as the mapping compares keys).",
    )

    # ------------------------------------------------------------------
    # Data protection
    # ------------------------------------------------------------------

    @api.model
    def _retention_days(self):
        """Days a rejected line (and a feed file imported, in the ``done/``
        folder) is kept: system parameter ``casework_feed.retention_days``
        (*Settings > Casework*), 90 by default, 1 at least."""
        # a system parameter (a number of days)
        value = self.env["ir.config_parameter"].sudo().get_param(
            "casework_feed.retention_days", DEFAULT_RETENTION_DAYS
        )
        try:
            return max(int(value), 1)
        except ValueError:
            return DEFAULT_RETENTION_DAYS

    @api.model
    def _casework_erase_person(self, dossier):
        """Delete the rejected and warning lines that concern the person of
        ``dossier`` (one ``casework.beneficiary``, about to be anonymised):
        the lines of its external key (for the mapping that feeds it), and
        those whose fields give one of its identifiers (numbers with other
        bodies, personal characteristics such as the n° CAF), or its first
        name, a name (usage or birth) and its birth date. No access check (the
        anonymisation checks it).

        :return: the number of lines deleted
        """
        dossier.ensure_one()
        # called by the anonymisation of ``dossier`` (checked there): its lines are erased whoever sees them
        Reject = self.sudo()
        found = Reject.browse()
        if dossier.external_ref:
            domain = [("external_ref", "=", dossier.external_ref)]
            if dossier.feed_mapping_id:
                domain.append(("run_id.mapping_id", "=", dossier.feed_mapping_id.id))
            found |= Reject.search(domain)
        # its numbers with other bodies, and the personal characteristics
        # (n° CAF...) the file may carry
        numbers = dossier.identifier_ids.mapped("value") + [
            value.value_char for value in dossier.characteristic_value_ids
            if value.type_id.is_personal and value.value_char
        ]
        numbers = [number.strip() for number in numbers if len(number.strip()) > 2]
        identifiers = {name_matching.normalize(number) for number in numbers} - {""}
        names = {name_matching.normalize(dossier.usage_name), name_matching.normalize(dossier.birth_name)} - {""}
        first_name = name_matching.normalize(dossier.first_name)
        patterns = [f"%{number}%" for number in numbers]
        birth_dates = set()
        if first_name and names and dossier.birth_date:
            # the birth date as the files write it
            # the mappings' date formats (configuration only)
            formats = {"%d/%m/%Y", "%Y-%m-%d"} | set(
                self.env["casework.feed.mapping"].sudo().with_context(active_test=False).search(
                    [("date_format", "!=", False)]).mapped("date_format")
            )
            for fmt in formats:
                written = dossier.birth_date.strftime(fmt)
                patterns.append(f"%{written}%")
                birth_dates.add(name_matching.normalize(written))
        if not patterns:
            return self._casework_unlink_erased(found)
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "SELECT id FROM casework_feed_reject WHERE raw_line ILIKE ANY(%s) AND id != ALL(%s)", patterns, found.ids,
        ))
        for reject in Reject.browse(row[0] for row in self.env.cr.fetchall()):
            values = {name_matching.normalize(value) for value in reject._raw_values()}
            if identifiers & values:
                found |= reject
            elif first_name in values and names & values and birth_dates & values:
                found |= reject
        return self._casework_unlink_erased(found)

    def _casework_unlink_erased(self, rejects):
        count = len(rejects)
        rejects.unlink()
        return count

    def _raw_values(self):
        """The values of the raw line (str): the fields of a CSV line (split
        with its mapping's delimiter) or of a JSON object."""
        self.ensure_one()
        raw = self.raw_line or ""
        if raw.lstrip().startswith("{"):
            try:
                record = json.loads(raw)
            except ValueError:
                record = None
            if isinstance(record, dict):
                return ["" if value is None else str(value) for value in record.values()]
        delimiter = self.run_id.mapping_id._delimiter_char() or ";"
        try:
            return next(csv.reader([raw], delimiter=delimiter), [])
        except csv.Error:
            return raw.split(delimiter)

    @api.model
    def _cron_purge(self, batch_size=5000):
        """Delete the rejected lines older than the retention period, by
        batches (committing each one, as the other daily jobs), then the feed
        files imported before it (the ``done/`` subfolder of the feed
        folder).

        :return: True
        """
        days = self._retention_days()
        limit = fields.Datetime.now() - timedelta(days=days)
        # the retention job deletes every expired line
        Reject = self.sudo()
        domain = [("create_date", "<", limit)]
        Cron = self.env["ir.cron"]
        Cron._commit_progress(remaining=Reject.search_count(domain))
        while batch := Reject.search(domain, limit=batch_size):
            batch.unlink()
            _logger.info("feed: %s rejected lines older than %s days deleted", len(batch), days)
            if not Cron._commit_progress(len(batch)):
                return True
        self.env["casework.feed.run"]._purge_done_files(datetime.timestamp(limit))
        return True
