from odoo import api, fields, models

from .casework_convention import check_funders


class CaseworkConventionCofunder(models.Model):
    """One funder's share of a co-funded convention (co-financeur): a
    percentage of the convention or an amount, following the convention's
    ``cofunding_mode``. The lines of a co-funded convention list every
    funder's share, the main funder's included; their total is checked on
    the convention (:meth:`casework.convention._check_cofunder_shares`).

    Not personal data: an organisation and a figure. Finance and FSE
    managers change them with their convention; administrators too.
    """

    _name = "casework.convention.cofunder"
    _description = "Convention co-funder"
    _order = "convention_id, sequence, id"

    convention_id = fields.Many2one("casework.convention", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner", string="Funder", required=True, ondelete="restrict", index=True,
        domain=lambda self: self.env["res.partner"]._casework_profile_domain("funder"),
    )
    cofunding_mode = fields.Selection(related="convention_id.cofunding_mode")
    currency_id = fields.Many2one(related="convention_id.currency_id")
    share_percent = fields.Float(string="Share (%)", digits=(5, 2))
    share_amount = fields.Monetary(string="Share (amount)", currency_field="currency_id")
    share_ratio = fields.Float(
        string="Share ratio", compute="_compute_share", digits=(12, 10),
        help="The funder's part of the convention, between 0 and 1 (used to split what is earned).",
    )
    amount = fields.Monetary(
        string="Planned amount", compute="_compute_share", currency_field="currency_id",
        help="The funder's part of the convention's planned total.",
    )

    _convention_partner_uniq = models.Constraint(
        "UNIQUE(convention_id, partner_id)", "A funder has one share per convention.",
    )
    _share_percent_check = models.Constraint(
        "CHECK (share_percent >= 0 AND share_percent <= 100)", "A share lies between 0 and 100 %.",
    )
    _share_amount_check = models.Constraint("CHECK (share_amount >= 0)", "A share cannot be negative.")

    @api.depends("share_percent", "share_amount", "convention_id.cofunding_mode", "convention_id.amount_planned")
    def _compute_share(self):
        for line in self:
            convention = line.convention_id
            if convention.cofunding_mode == "amount":
                total = convention.amount_planned
                line.share_ratio = line.share_amount / total if total else 0.0
                line.amount = line.share_amount
            else:
                line.share_ratio = line.share_percent / 100.0
                line.amount = convention.currency_id.round(convention.amount_planned * line.share_ratio)

    @api.constrains("partner_id")
    def _check_funder_partner(self):
        """A co-funder is an organisation of the directory with the funder
        profile: the convention's funders are read by every territory's FSE
        managers and finance, so never the partner of a dossier's person.

        :raise ValidationError: when it is not one
        """
        check_funders(self.sudo().partner_id)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.convention_id._check_cofunder_shares_later()
        return lines

    def write(self, vals):
        conventions = self.convention_id
        result = super().write(vals)
        (conventions | self.convention_id)._check_cofunder_shares_later()
        return result

    def unlink(self):
        conventions = self.convention_id
        result = super().unlink()
        conventions.exists()._check_cofunder_shares_later()
        return result
