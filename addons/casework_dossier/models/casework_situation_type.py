from odoo import fields, models


class CaseworkSituationType(models.Model):
    """A type of situation of a person (demandeur d'emploi inscrit, salarié
    en CDD, en formation…), configured by the administrator."""

    _name = "casework.situation.type"
    _description = "Situation type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    category = fields.Selection(
        [
            ("jobseeker", "Jobseeker"),
            ("employment", "Employment"),
            ("training", "Training or education"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
