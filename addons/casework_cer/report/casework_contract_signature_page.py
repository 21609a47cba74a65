from odoo import api, models
from odoo.exceptions import AccessError, UserError


class CaseworkContractSignaturePage(models.AbstractModel):
    """The page of the person's agreement, added to the letter signed by SMS
    code: rendered by the server alone, in superuser mode, while it signs
    (``casework.contract.signature._casework_render_agreement_page``), for a
    signature whose code was verified. Never printed on demand: the report's
    route refuses every user, system administrators included."""

    _name = "report.casework_cer.casework_contract_signature_page"
    _description = "CER signature page"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The signatures ``docids`` to print, once checked.

        :raise AccessError: for any user (only the server renders the page)
        :raise UserError: for a signature whose code was not verified
        """
        if not self.env.su:
            raise AccessError(self.env._(
                "The page of the person's agreement is added by the server when a contract is signed: it cannot "
                "be printed on its own. Download the signed document instead."
            ))
        signatures = self.env["casework.contract.signature"].browse(docids)
        if any(not signature.date_signed or signature.state not in ("pending", "signed") for signature in signatures):
            raise UserError(self.env._("Only a signature whose code was verified has a page of the agreement."))
        return {"doc_ids": docids, "doc_model": signatures._name, "docs": signatures, "data": data}
