from odoo import fields, models

PROFILE_ROLES = [
    ("accompanist", "Accompanist"),
    ("employer", "Employer"),
    ("operator", "Operator"),
    ("prescriber", "Prescriber"),
    ("funder", "Funder"),
    ("ordering_party", "Ordering party"),
]


class CaseworkPartnerProfile(models.Model):
    """What an organisation of the directory is for a programme: the seed's
    matrix accompagnateur / employeur / opérateur / prescripteur × dispositif,
    plus funder and ordering party (donneur d'ordre). A profile without a
    programme holds for every programme."""

    _name = "casework.partner.profile"
    _description = "Organisation profile"
    _order = "partner_id, role, program_id"

    partner_id = fields.Many2one(
        "res.partner", string="Organisation", required=True, ondelete="cascade", index=True,
        domain=[("is_company", "=", True)],
    )
    role = fields.Selection(PROFILE_ROLES, required=True)
    program_id = fields.Many2one(
        "casework.program", string="Programme", ondelete="cascade",
        help="Leave empty when the organisation plays this role for every programme.",
    )

    _partner_role_program_uniq = models.UniqueIndex(
        "(partner_id, role, COALESCE(program_id, 0))",
        "An organisation has each profile once per programme.",
    )
