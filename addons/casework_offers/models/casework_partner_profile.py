from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
    programme holds for every programme.

    Every Casework role reads the profiles; heads of service and
    administrators change them (access rights)."""

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

    @api.constrains("partner_id")
    def _check_partner_is_organisation(self):
        """Only organisations have profiles: never a person, never the person
        of a dossier (the pickers of the directory must not offer them)."""
        for profile in self:
            partner = profile.partner_id
            # sudo: whether the partner is a dossier's person, a yes or no
            # that names nobody (the partner itself is readable by the user)
            if not partner.is_company or partner.sudo().with_context(active_test=False).casework_beneficiary_ids:
                raise ValidationError(self.env._(
                    "%(partner)s is not an organisation: only organisations (companies) of the directory "
                    "have Casework profiles.",
                    partner=partner.display_name,
                ))
