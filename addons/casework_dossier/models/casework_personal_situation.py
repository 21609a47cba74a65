from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkPersonalSituation(models.Model):
    """The personal situation of a person at a date: family, dependants,
    childcare, housing, resources and, only as the person agrees, health."""

    _name = "casework.personal.situation"
    _description = "Personal situation"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date desc, id desc"
    _rec_name = "date"
    _casework_dossier_field = "personal_situation_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("childcare_details", "health_notes", "note")

    date = fields.Date(required=True, default=fields.Date.context_today, help="Date the information was collected.")
    family_situation = fields.Selection(
        [
            ("single", "Single"),
            ("married", "Married"),
            ("pacs", "Civil partnership (PACS)"),
            ("cohabiting", "Cohabiting"),
            ("separated", "Separated"),
            ("divorced", "Divorced"),
            ("widowed", "Widowed"),
        ],
        required=True,
    )
    dependants = fields.Integer(string="Dependent children")
    childcare = fields.Selection(
        [
            ("not_needed", "Not needed"),
            ("arranged", "Arranged"),
            ("to_find", "To be found"),
        ],
    )
    childcare_details = fields.Char(help="Crèche, childminder, family, school…")
    housing = fields.Selection(
        [
            ("owner", "Owner"),
            ("tenant", "Tenant (private)"),
            ("social_tenant", "Tenant (social housing)"),
            ("family", "Housed by family"),
            ("friends", "Housed by friends"),
            ("shelter", "Shelter or emergency housing"),
            ("homeless", "Homeless"),
            ("other", "Other"),
        ],
    )
    resources = fields.Selection(
        [
            ("salary", "Salary"),
            ("unemployment", "Unemployment benefit (ARE)"),
            ("rsa", "RSA"),
            ("aah", "Disability allowance (AAH)"),
            ("pension", "Pension"),
            ("family", "Family support"),
            ("none", "No resources"),
            ("other", "Other"),
        ],
        string="Main resources",
    )
    monthly_resources = fields.Float(string="Monthly resources (€)", digits=(10, 2))
    health_consent = fields.Boolean(
        string="Agrees to share health information",
        help="Health information is recorded only if the person agrees to it.",
    )
    health_notes = fields.Text(string="Health")
    note = fields.Text()

    @api.constrains("health_notes", "health_consent")
    def _check_health_consent(self):
        for situation in self:
            if situation.health_notes and not situation.health_consent:
                raise ValidationError(
                    self.env._(
                        "Health information is recorded only when the person agrees to it: tick the consent first."
                    )
                )

    @api.constrains("dependants", "monthly_resources")
    def _check_positive(self):
        for situation in self:
            if situation.dependants < 0 or situation.monthly_resources < 0:
                raise ValidationError(self.env._("The number of children and the resources cannot be negative."))
