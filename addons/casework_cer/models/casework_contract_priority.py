from odoo import fields, models


class CaseworkContractPriority(models.Model):
    """How urgently the secretariat should study a contract, chosen by the
    referent. Never printed on the contract."""

    _name = "casework.contract.priority"
    _description = "CER priority"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _name_unique = models.Constraint("UNIQUE(name)", "A priority with this name already exists.")
