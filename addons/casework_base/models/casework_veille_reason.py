from odoo import fields, models


class CaseworkVeilleReason(models.Model):
    _name = "casework.veille.reason"
    _description = "Veille motive"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
