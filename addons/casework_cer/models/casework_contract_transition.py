from odoo import fields, models

from .casework_contract import CONTRACT_STATES


class CaseworkContractTransition(models.Model):
    """One move of a contract from a state to another: who, when, from, to,
    and a comment. Written by the system when a contract moves; read with its
    contract's dossier."""

    _name = "casework.contract.transition"
    _description = "CER state change"
    _inherit = ["casework.case.mixin"]
    _order = "date desc, id desc"
    _casework_anonymise_fields = ("comment",)

    contract_id = fields.Many2one("casework.contract", required=True, ondelete="cascade",
                                  index=True, readonly=True)
    beneficiary_id = fields.Many2one(related="contract_id.beneficiary_id", store=True, required=False)
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True, ondelete="restrict")
    date = fields.Datetime(required=True, readonly=True)
    state_from = fields.Selection(CONTRACT_STATES, string="From", required=True, readonly=True)
    state_to = fields.Selection(CONTRACT_STATES, string="To", required=True, readonly=True)
    comment = fields.Text(readonly=True)
