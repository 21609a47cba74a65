from odoo import fields, models


class CaseworkOfferClassification(models.Model):
    """A category of service offers (emploi, formation, santé, mobilité...),
    used to pick offers and in statistics."""

    _name = "casework.offer.classification"
    _description = "Offer classification"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "An offer classification with this name already exists.")
