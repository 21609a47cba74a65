import base64
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseworkFeedImport(models.TransientModel):
    """Upload a feed file and import it with a mapping (administrators and
    technical feed users). The file is imported by a background job, not in
    the request: the run opens at once, shows its progress (lines done out of
    the lines of the file) and the user is notified when it ends. A file whose
    previous run did not finish is resumed where it stopped."""

    _name = "casework.feed.import"
    _description = "Import a feed file"

    mapping_id = fields.Many2one("casework.feed.mapping", required=True, default=lambda self: self._default_mapping())
    file = fields.Binary(required=True, attachment=False)
    file_name = fields.Char()
    file_date = fields.Date(
        required=True, default=fields.Date.context_today,
        help="Date of the file: “date actualisation dossier” of every person in it.",
    )

    @api.model
    def _default_mapping(self):
        """The mapping, when there is only one (the usual case)."""
        mappings = self.env["casework.feed.mapping"].search([], limit=2)
        return mappings if len(mappings) == 1 else False

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the file to import."))
        Run = self.env["casework.feed.run"]
        Run._check_feed_access()
        # the feed right is checked above; runs are written by the feed only
        # (no user has the right to create one): the queued run as superuser
        checksum = hashlib.sha256(base64.b64decode(self.file)).hexdigest()
        run = Run.sudo().search([
            ("mapping_id", "=", self.mapping_id.id), ("checksum", "=", checksum), ("state", "=", "failed"),
            ("is_partial", "=", False),
        ], limit=1)
        if run:
            # the same file failed before: queued again, resumed after its last batch
            run.write({"state": "queued", "upload_file": self.file, "user_id": self.env.uid})
        else:
            run = Run.sudo().create({
                "mapping_id": self.mapping_id.id,
                "file_name": self.file_name or self.env._("upload"),
                "file_date": self.file_date,
                "state": "queued",
                "upload_file": self.file,
                "user_id": self.env.uid,
            })
        # users may not read scheduled jobs: asking this one to run soon is all this does
        self.env.ref("casework_feed.ir_cron_casework_feed_upload").sudo()._trigger()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Feed run"),
            "res_model": "casework.feed.run",
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }
