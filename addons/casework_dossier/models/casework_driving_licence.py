from odoo import fields, models


class CaseworkDrivingLicence(models.Model):
    """A category of driving licence (AM, A, B, C, D, BE…) or of
    professional driving certificate (CACES, FIMO)."""

    _name = "casework.driving.licence"
    _description = "Driving licence"
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a driving licence must be unique.")
