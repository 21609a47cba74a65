from odoo import fields, models


class CaseworkCharacteristicFamily(models.Model):
    _name = "casework.characteristic.family"
    _description = "Characteristic family"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    type_ids = fields.One2many("casework.characteristic.type", "family_id", string="Characteristics")
