from odoo import fields, models


class ResUsers(models.Model):
    """The organisation an operator user works for: their offers are those
    this organisation runs."""

    _inherit = "res.users"

    casework_operator_partner_id = fields.Many2one(
        "res.partner", string="Operator organisation", ondelete="restrict",
        domain=[("is_company", "=", True), ("casework_profile_ids.role", "=", "operator")],
        help="For the Operator role: the organisation whose offers, sessions and attendance this user sees.",
    )
