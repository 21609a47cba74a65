from odoo import fields, models


class CaseworkExitMotive(models.Model):
    _name = "casework.exit.motive"
    _description = "Exit motive"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_positive = fields.Boolean(
        string="Positive exit",
        help="Counted as a positive exit (employment, training...) in statistics.",
    )
    active = fields.Boolean(default=True)
