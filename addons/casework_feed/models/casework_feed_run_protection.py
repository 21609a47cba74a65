import logging
import os

from markupsafe import Markup

from odoo import api, models
from odoo.fields import Command
from odoo.tools import html2plaintext

from ..tools.feed_rules import IDENTITY_FIELDS
from . import casework_feed_mapping

_logger = logging.getLogger(__name__)


class CaseworkFeedRun(models.Model):
    """The feed and data protection: the dossiers of an external key as its
    mapping compares keys, the traces and warnings of identity changes, the
    files imported deleted after the retention period."""

    _inherit = "casework.feed.run"

    @api.model
    def _dossiers_of_key(self, external_ref):
        """The dossiers (sudo) of the external key ``external_ref`` as the
        mapping that feeds each of them compares keys (``0123456`` is
        ``123456`` for a mapping comparing digits), by person rank."""
        Mapping = self.env["casework.feed.mapping"]
        modes = {mode for mode, _label in Mapping._fields["key_normalisation"].selection}
        forms = {casework_feed_mapping.normalise_key(str(external_ref or ""), mode) for mode in modes} - {""}
        # callers check the feed right first (api_dossier_status); only the
        # active-file status of these dossiers leaves this method
        dossiers = self.env["casework.beneficiary"].sudo().search(
            [("external_ref", "in", list(forms))], order="external_rank"
        )
        return dossiers.filtered(lambda dossier: dossier.external_ref == casework_feed_mapping.normalise_key(
            str(external_ref), dossier.feed_mapping_id.key_normalisation or "digits"))

    @api.model
    def _purge_done_files(self, before):
        """Delete the feed files imported (the ``done/`` subfolder of the
        feed folder) before the timestamp ``before`` (seconds): they hold
        every person's identity.

        :return: the number of files deleted
        """
        # a system parameter, read by the retention job
        folder = self.env["ir.config_parameter"].sudo().get_param("casework_feed.folder")
        done_folder = os.path.join(folder, "done") if folder else None
        if not done_folder or not os.path.isdir(done_folder):
            return 0
        count = 0
        for entry in os.scandir(done_folder):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < before:
                os.remove(entry.path)
                count += 1
        if count:
            _logger.info("feed: %s imported files older than the retention period deleted", count)
        return count

    def _trace_identity_changes(self, run, changes):
        """One message in the chatter of each dossier whose identity the
        feed changes, naming the run, with the old and new values (tracking
        values): ``changes`` is [(dossier id, {field: old value}, {field:
        new value})]. One ``create`` for the batch."""
        Beneficiary = self.env["casework.beneficiary"]
        Tracking = self.env["mail.tracking.value"]
        infos = Beneficiary.fields_get(list(IDENTITY_FIELDS), attributes=("string", "type", "selection"))
        body = Markup("<p>%s</p>") % self.env._(
            "Identity changed by the daily feed: run “%(run)s”.", run=run.display_name)
        author = self.env.user.partner_id.id
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        values = []
        for dossier_id, old, new in changes:
            dossier = Beneficiary.browse(dossier_id)
            tracking = [
                Command.create(Tracking._create_tracking_values(old[name], value, name, infos[name], dossier))
                for name, value in new.items()
            ]
            values.append({
                "model": Beneficiary._name, "res_id": dossier_id, "message_type": "notification",
                "subtype_id": note, "is_internal": True, "author_id": author, "body": body,
                "tracking_value_ids": tracking,
            })
        # the feed's own trace in the chatter of the dossiers it changed (run as superuser)
        self.env["mail.message"].sudo().create(values)

    def _justified_identity_warnings(self, run, context, warnings):
        """The warning lines of the run for the justified identities the
        file describes otherwise (``warnings``: [(person, dossier id,
        {field: value of the file})]), and a note with the file's values in
        the chatter of each dossier (once for the same values, not every
        night), where the secretariat of its territory sees it."""
        if not warnings:
            return []
        Beneficiary = self.env["casework.beneficiary"]
        infos = Beneficiary.fields_get(list(IDENTITY_FIELDS), attributes=("string", "type", "selection"))
        lines = []
        for person, dossier_id, locked in warnings:
            dossier = Beneficiary.browse(dossier_id)
            labels = ", ".join(infos[name]["string"] for name in locked)
            lines.append(dict(
                self._reject_vals(person["line"], self._column_of(context, next(iter(locked)), person["rank"]),
                                  self.env._("The identity of dossier %(number)s is justified: %(fields)s kept, "
                                             "the file differs (check the identity document).",
                                             number=dossier.number, fields=labels),
                                  person["raw"], context, person["key"]),
                severity="warning",
            ))
            values = Markup("").join(
                Markup("<li>%s: %s</li>") % (infos[name]["string"], self._display_value(name, value, infos))
                for name, value in locked.items()
            )
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("The daily feed describes this person otherwise; the justified identity is kept. Check the "
                  "identity document:"), values)
            plain = html2plaintext(body)
            # the feed's own notes on this dossier, to post the same one once
            notes = self.env["mail.message"].sudo().search([
                ("model", "=", Beneficiary._name), ("res_id", "=", dossier_id), ("message_type", "=", "notification"),
                ("author_id", "=", self.env.user.partner_id.id),
            ], order="id desc", limit=20)
            if not any(html2plaintext(note.body or "") == plain for note in notes):
                dossier._message_log(body=body)
        return lines

    @api.model
    def _display_value(self, name, value, infos):
        if infos[name]["type"] == "selection":
            return dict(infos[name]["selection"]).get(value, value)
        if infos[name]["type"] == "date":
            return value.strftime("%d/%m/%Y")
        return value
