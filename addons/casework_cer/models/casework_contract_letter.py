from odoo import api, fields, models

from odoo.addons.casework_base.tools.dates import casework_today

# the letters of a contract (the seed's "fusion" models), in the order offered
LETTER_KINDS = [
    ("without_decision", "CER without decision"),
    ("valid", "CER valid decision"),
    ("invalid", "CER invalid decision"),
    ("blank", "Blank CER"),
]
# kind -> (report xml id, file name suffix)
LETTER_REPORTS = {
    "without_decision": ("casework_cer.casework_contract_report_letter_without_decision", "sans_decision"),
    "valid": ("casework_cer.casework_contract_report_letter_valid", "decision_valide"),
    "invalid": ("casework_cer.casework_contract_report_letter_invalid", "decision_non_valide"),
    "blank": ("casework_cer.casework_contract_report_letter_blank", "vierge"),
}
# the letter that fits a contract's state (the seed: "utiliser le bon modèle au bon moment")
STATE_LETTERS = {
    "proposition": "without_decision",
    "submitted": "without_decision",
    "commission": "without_decision",
    "waiting": "without_decision",
    "validated": "valid",
    "refused": "invalid",
}


class CaseworkContractLetter(models.Model):
    """A letter of a contract filed in the dossier's documents, and sent by
    e-mail to the person when it was: the trace the timeline shows.

    Written by the system only (the letter wizard, after its checks, and the
    posting of the e-mail on the contract); read within the dossier's scope.
    """

    _name = "casework.contract.letter"
    _description = "CER letter filed or sent"
    _inherit = ["casework.case.mixin"]
    _order = "date desc, id desc"

    contract_id = fields.Many2one("casework.contract", required=True, ondelete="cascade", index=True, readonly=True)
    beneficiary_id = fields.Many2one(related="contract_id.beneficiary_id", store=True, required=False)
    kind = fields.Selection(LETTER_KINDS, string="Letter", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, default=lambda self: casework_today(self.env))
    user_id = fields.Many2one("res.users", string="By", readonly=True, default=lambda self: self.env.user)
    document_id = fields.Many2one("casework.document", string="Filed document", ondelete="set null", readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="E-mail attachment", ondelete="set null", readonly=True,
        help="The copy of the letter attached to the e-mail to the person.",
    )
    date_sent = fields.Datetime(string="Sent on", readonly=True, help="When the e-mail to the person was posted.")

    @api.depends("contract_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for letter in self:
            letter.display_name = self.env._(
                "CER %(number)s – %(kind)s", number=letter.contract_id.number, kind=kinds.get(letter.kind, ""),
            )
