from odoo import models


class CaseworkContractInvalidLetter(models.AbstractModel):
    """The letter of a contract the département did not validate (see
    the valid decision's letter)."""

    _name = "report.casework_cer.report_contract_letter_invalid"
    _inherit = "report.casework_cer.report_contract_letter_valid"
    _description = "CER letter: invalid decision"
    _casework_decision_state = "refused"
