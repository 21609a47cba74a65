from odoo import fields, models


class CaseworkContractTheme(models.Model):
    """A theme of the objectives of a reciprocal engagement contract (the
    seed's predefined list of work areas: employment, health, housing...)."""

    _name = "casework.contract.theme"
    _description = "CER objective theme"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _name_unique = models.Constraint("UNIQUE(name)", "A theme with this name already exists.")
