import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

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

# NAF rév. 2 (INSEE): two digits, a dot, two digits, a capital letter, e.g. 88.99B
NAF_CODE_RE = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


def casework_profile_domain(role=None, program_ids=None):
    """Domain of the organisations of the directory having the profile
    ``role`` (any profile when None), for one of ``program_ids`` or for every
    programme (a profile without programme).

    Only active companies with a Casework profile match: a person, and so the
    person of a dossier, never does (profiles are refused on them).

    :param role: a key of ``PROFILE_ROLES`` ("operator", "employer",
        "prescriber", "accompanist", "funder", "ordering_party") or None
    :param program_ids: ids of ``casework.program``; None for any programme
    :return: a :class:`Domain` on ``res.partner``
    """
    if role is not None and role not in dict(PROFILE_ROLES):
        raise ValueError(f"unknown Casework profile {role!r}")
    profile = Domain.TRUE
    if role:
        profile &= Domain("role", "=", role)
    if program_ids is not None:
        profile &= Domain("program_id", "=", False) | Domain("program_id", "in", list(program_ids))
    return Domain([("is_company", "=", True), ("casework_profile_ids", "any", profile)])


class ResPartner(models.Model):
    """An organisation of the Casework directory: an operator, employer,
    prescriber, accompanist, funder or ordering party, with its profiles per
    programme. Organisations are not personal data: every Casework role reads
    them; heads of service and administrators change them (the record rules
    of ``security/casework_offer_rules.xml``: other Casework roles may not
    change a partner that has a profile). Deactivating an organisation is
    archiving it. The SIRET is the partner's ``company_registry``, checked by
    the OCA's ``l10n_fr_siret`` for French organisations."""

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
    casework_can_edit_directory = fields.Boolean(
        string="Can edit the directory", compute="_compute_casework_can_edit_directory",
        help="Whether the current user may change the organisations of the directory (for the form).",
    )

    @api.depends("casework_profile_ids.role")
    def _compute_casework_profile_roles(self):
        for partner in self:
            roles = set(partner.casework_profile_ids.mapped("role"))
            # in the order of the roles' list, each once
            partner.casework_profile_roles = ", ".join(label for role, label in PROFILE_ROLES if role in roles)

    @api.depends_context("uid")
    def _compute_casework_can_edit_directory(self):
        can_edit = self.env.user.has_group("casework_base.group_casework_manager")
        for partner in self:
            partner.casework_can_edit_directory = can_edit

    @api.constrains("casework_naf_code")
    def _check_casework_naf_code(self):
        for partner in self:
            if partner.casework_naf_code and not NAF_CODE_RE.match(partner.casework_naf_code):
                raise ValidationError(self.env._(
                    "The NAF code %(code)s of %(partner)s is not valid: it is written as two digits, a dot, "
                    "two digits and a capital letter, e.g. 88.99B.",
                    code=partner.casework_naf_code, partner=partner.display_name,
                ))

    @api.constrains("is_company", "casework_profile_ids")
    def _check_casework_profiles_on_organisation(self):
        for partner in self:
            if partner.casework_profile_ids and not partner.is_company:
                raise ValidationError(self.env._(
                    "%(partner)s has Casework profiles: it must remain an organisation (a company).",
                    partner=partner.display_name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._casework_normalize_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._casework_normalize_vals(vals)
        return super().write(vals)

    @api.model
    def _casework_normalize_vals(self, vals):
        """Write the NAF code as the INSEE does (no spaces, capital letter),
        and make a partner a company before its profiles are checked (the
        form sends the company type, whose inverse comes after them)."""
        if vals.get("casework_naf_code"):
            vals["casework_naf_code"] = "".join(vals["casework_naf_code"].split()).upper()
        if "company_type" in vals and "is_company" not in vals:
            vals["is_company"] = vals["company_type"] == "company"

    @api.model
    def _casework_profile_domain(self, role=None, program_ids=None):
        """The pickers' domain of the directory: active organisations with
        the profile ``role``, for one of ``program_ids`` or every programme.
        See :func:`casework_profile_domain`; e.g. the employer of a step:
        ``domain=lambda self: self.env["res.partner"]._casework_profile_domain("employer")``.

        :return: a domain as a list (usable as a field's domain)
        """
        return list(casework_profile_domain(role, program_ids))
