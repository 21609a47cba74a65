from odoo import fields, models


class CaseworkIdentifierType(models.Model):
    """A body that gives the people it follows a number (France Travail,
    CAF, MSA, Mission Locale...). Configured by the administrators.

    When ``certain`` is set, two dossiers holding the same number of this
    type are the same person for the duplicate detection (score 100).
    """

    _name = "casework.identifier.type"
    _description = "Identifier type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical code, used by imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    certain = fields.Boolean(
        string="Same number = same person",
        default=True,
        help="Two dossiers with the same number of this type are reported as a certain duplicate.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of an identifier type must be unique.")
