from odoo import api, models
from odoo.exceptions import UserError


class CaseworkContractValidLetter(models.AbstractModel):
    """The letter of a validated contract: printed (by the wizard or on
    Odoo's report route) only for a contract the département validated, so
    that no letter ever reads as a decision that was not taken."""

    _name = "report.casework_cer.report_contract_letter_valid"
    _description = "CER letter: valid decision"
    _casework_decision_state = "validated"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The contracts ``docids``, read as the user.

        :raise UserError: naming a contract whose state is not the decision of the letter
        """
        contracts = self.env["casework.contract"].browse(docids)
        contracts.check_access("read")
        for contract in contracts:
            if contract.state != self._casework_decision_state:
                raise UserError(self.env._(
                    "%(contract)s is in the state “%(state)s”: its letter of decision does not exist yet.",
                    contract=contract.display_name, state=contract._casework_state_label(),
                ))
        return {"doc_ids": docids, "doc_model": contracts._name, "docs": contracts, "data": data}

