from odoo import fields, models


class CaseworkCharacteristicOption(models.Model):
    """One allowed value of a characteristic of type selection."""

    _name = "casework.characteristic.option"
    _description = "Characteristic option"
    _order = "type_id, sequence, id"

    type_id = fields.Many2one("casework.characteristic.type", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint(
        "UNIQUE(type_id, code)", "The code of an option must be unique within its characteristic."
    )
