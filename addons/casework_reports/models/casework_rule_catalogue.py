from odoo import fields, models
from odoo.exceptions import UserError


class CaseworkRuleCatalogue(models.AbstractModel):
    """An entry of a catalogue of lists (the standard reports, the alerts):
    a translated name and description, an order, and a ``code`` naming the
    method that gives its rows (``<prefix><code>``, see
    :meth:`_catalogue_rule`). The entries are data of the module;
    administrators may rename, reorder or archive them."""

    _name = "casework.rule.catalogue"
    _description = "Catalogue of lists"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, readonly=True, help="Selects the rule giving the rows (a method named after it).")
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    def _catalogue_rule(self, prefix):
        """The method giving this entry's rows: ``<prefix><code>``.

        :param prefix: e.g. ``"_report_domain_"``
        :return: a bound method
        :raise UserError: for an entry whose rule is unknown
        """
        self.ensure_one()
        method = getattr(self, f"{prefix}{self.code}", None)
        if method is None:
            raise UserError(self.env._("“%(name)s” has no rule.", name=self.name))
        return method
