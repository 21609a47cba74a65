from odoo import models


class ResPartner(models.Model):
    """A dossier's phone number lives on its person (``res.partner``):
    changing it cancels the pending signatures by SMS code of the dossier's
    contracts (the code went to the former number; the seed's pitfall)."""

    _inherit = "res.partner"

    def write(self, vals):
        changed = self.browse()
        if "phone" in vals:
            changed = self.filtered(lambda partner: (partner.phone or False) != (vals["phone"] or False))
        result = super().write(vals)
        if changed:
            # sudo: the pending signatures of these persons' dossiers, closed whoever changed the number
            pending = self.env["casework.contract.signature"].sudo().search([
                ("state", "=", "pending"), ("beneficiary_id.partner_id", "in", changed.ids),
            ])
            if pending:
                pending._casework_close("cancelled", self.env._("The dossier's phone number changed."))
        return result
