import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class CaseworkFeedImport(models.TransientModel):
    """Upload a feed file and import it with a mapping (administrators and
    technical feed users). A file whose previous run did not finish is
    resumed where it stopped."""

    _name = "casework.feed.import"
    _description = "Import a feed file"

    mapping_id = fields.Many2one("casework.feed.mapping", required=True)
    file = fields.Binary(required=True, attachment=False)
    file_name = fields.Char()
    file_date = fields.Date(
        required=True, default=fields.Date.context_today,
        help="Date of the file: “date actualisation dossier” of every person in it.",
    )

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the file to import."))
        run = self.mapping_id.import_file(base64.b64decode(self.file), self.file_name or _("upload"), self.file_date)
        return {
            "type": "ir.actions.act_window",
            "name": _("Feed run"),
            "res_model": "casework.feed.run",
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }
