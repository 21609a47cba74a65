from odoo import fields, models

from .casework_partner_profile import PROFILE_ROLES

LEGAL_FORMS = [
    ("association", "Association"),
    ("public", "Public body"),
    ("local_authority", "Local authority"),
    ("company", "Company"),
    ("cooperative", "Cooperative (SCOP, SCIC)"),
    ("siae", "Work integration social enterprise (SIAE)"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    """An organisation of the Casework directory: an operator, employer,
    prescriber, accompanist, funder or ordering party, with its profiles per
    programme. Organisations are not personal data: every Casework role reads
    them. The SIRET is the partner's ``company_registry``, checked by the OCA's
    ``l10n_fr_siret``."""

    _inherit = "res.partner"

    casework_profile_ids = fields.One2many(
        "casework.partner.profile", "partner_id", string="Casework profiles",
    )
    casework_profile_roles = fields.Char(
        string="Profiles", compute="_compute_casework_profile_roles",
        help="The organisation's Casework profiles, for lists.",
    )
    casework_naf_code = fields.Char(
        string="NAF code", size=6, help="Activity code of the INSEE nomenclature (NAF rév. 2), e.g. 88.99B.",
    )
    casework_legal_form = fields.Selection(LEGAL_FORMS, string="Legal form")
    casework_contact_user_id = fields.Many2one(
        "res.users", string="Preferred contact", ondelete="set null",
        help="The Casework user who is the organisation's usual contact.",
    )

    def _compute_casework_profile_roles(self):
        labels = dict(PROFILE_ROLES)
        for partner in self:
            roles = dict.fromkeys(partner.casework_profile_ids.mapped("role"))
            partner.casework_profile_roles = ", ".join(labels[role] for role in roles)
