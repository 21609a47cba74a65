from odoo import fields, models


class CaseworkEducationLevel(models.Model):
    """A level of the French nomenclature of diplomas (2019): infra 3, then
    levels 3 (CAP, BEP) to 8 (doctorat). ``rank`` orders them to find the
    best diploma of a person."""

    _name = "casework.education.level"
    _description = "Education level"
    _order = "rank, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    rank = fields.Integer(required=True, help="The higher, the higher the level.")
    former_name = fields.Char(help="Name in the former nomenclature (niveau V, IV…).")
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of an education level must be unique.")
