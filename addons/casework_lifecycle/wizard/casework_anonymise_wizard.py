from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseworkAnonymiseWizard(models.TransientModel):
    """Confirmation of the manual archival of dossiers, which anonymises
    them irreversibly. Who may: see ``casework.beneficiary.action_archive_anonymise``;
    the same check refuses the wizard as soon as it is given a dossier the
    user may not anonymise (the selection is only a default)."""

    _name = "casework.anonymise.wizard"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Archive and anonymise dossiers"
    _casework_dossier_fields = ("beneficiary_ids",)

    beneficiary_ids = fields.Many2many("casework.beneficiary", string="Dossiers", required=True)
    confirm = fields.Boolean(string="I understand that this cannot be undone")

    @api.onchange("beneficiary_ids")
    def _onchange_beneficiary_ids_check_scope(self):
        self._casework_check_dossier_scope()

    @api.model
    def _casework_check_dossiers(self, records):
        if not self.env.su:
            records._casework_check_can_anonymise()

    def action_confirm(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(self.env._("Tick the confirmation box: the anonymisation of a dossier cannot be undone."))
        self.beneficiary_ids.action_archive_anonymise()
        return {"type": "ir.actions.act_window_close"}
