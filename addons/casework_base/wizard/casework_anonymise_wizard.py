from odoo import _, fields, models
from odoo.exceptions import UserError


class CaseworkAnonymiseWizard(models.TransientModel):
    """Confirmation of the manual archival of dossiers, which anonymises
    them irreversibly. Who may: see ``casework.beneficiary.action_archive_anonymise``."""

    _name = "casework.anonymise.wizard"
    _description = "Archive and anonymise dossiers"

    beneficiary_ids = fields.Many2many("casework.beneficiary", string="Dossiers", required=True)
    confirm = fields.Boolean(string="I understand that this cannot be undone")

    def action_confirm(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(_("Tick the confirmation box: the anonymisation of a dossier cannot be undone."))
        self.beneficiary_ids.action_archive_anonymise()
        return {"type": "ir.actions.act_window_close"}
