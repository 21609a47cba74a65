from odoo import fields, models


class CaseworkProgram(models.Model):
    """A programme (dispositif) a beneficiary can be enrolled in:
    Accompagnement RSA, PLIE, Garantie jeunes..."""

    _name = "casework.program"
    _description = "Programme"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    family = fields.Selection(
        [("rsa", "RSA"), ("youth", "Young people"), ("employment", "Employment"), ("other", "Other")],
        required=True,
        default="other",
        help="Family of programmes, used by statistics and retention rules.",
    )
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    exit_motive_ids = fields.Many2many(
        "casework.exit.motive",
        string="Exit motives",
        help="Exit motives offered for this programme; all motives when empty.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a programme must be unique.")
