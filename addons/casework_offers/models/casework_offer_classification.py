from odoo import fields, models


class CaseworkOfferClassification(models.Model):
    """A category of service offers (emploi, formation, santé, mobilité...),
    used to pick offers and in statistics. Administrators configure them;
    every Casework role reads them."""

    _name = "casework.offer.classification"
    _description = "Offer classification"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    offer_ids = fields.One2many("casework.offer", "classification_id", string="Offers")
    offer_count = fields.Integer(string="Offers count", compute="_compute_offer_count")

    _name_uniq = models.Constraint("UNIQUE(name)", "An offer classification with this name already exists.")

    def _compute_offer_count(self):
        counts = dict(self.env["casework.offer"]._read_group(
            [("classification_id", "in", self.ids)], ["classification_id"], ["__count"],
        ))
        for classification in self:
            classification.offer_count = counts.get(classification._origin, 0)
