from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .casework_export_registry.filters import PERIODS

PERIOD_LABELS = {
    "fixed": "Dates below",
    "last_month": "Last month",
    "current_month": "This month",
    "last_quarter": "Last quarter",
    "current_year": "This year",
    "last_year": "Last year",
    "last_12_months": "Last 12 months",
}


class CaseworkExportFilter(models.Model):
    """A filter of a saved export: which registered filter
    (``component_id``) and its values, in the field the filter reads
    (``value_field``: dates for a period, territories, programmes,
    référents, offers, characteristic values, states...). Every filter of
    an export applies; several values of one filter: any of them.

    Read by whoever reads the export, changed by whoever may change it;
    never moved to another export (``casework.export.line``).
    """

    _name = "casework.export.filter"
    _inherit = ["casework.export.line"]
    _description = "Filter of a saved export"
    _order = "sequence, id"
    _casework_component_kind = "filter"

    export_id = fields.Many2one("casework.export", required=True, ondelete="cascade", index=True)
    countable = fields.Selection(related="export_id.countable")
    sequence = fields.Integer(default=10)
    component_id = fields.Many2one(
        "casework.export.component", string="Filter", required=True, ondelete="restrict",
        domain="[('kind', '=', 'filter'), ('countable', '=', parent.countable)]",
    )
    value_field = fields.Char(related="component_id.value_field")
    period = fields.Selection(
        [(key, PERIOD_LABELS[key]) for key in PERIODS], default="fixed",
        help="A period relative to the day the export runs suits a monthly e-mail.",
    )
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    territory_ids = fields.Many2many("casework.territory", string="Territories")
    program_ids = fields.Many2many("casework.program", string="Programmes")
    user_ids = fields.Many2many("res.users", string="Users")
    offer_ids = fields.Many2many("casework.offer", string="Offers")
    classification_ids = fields.Many2many("casework.offer.classification", string="Classifications")
    option_ids = fields.Many2many("casework.characteristic.option", string="Characteristic values")
    exit_motive_ids = fields.Many2many("casework.exit.motive", string="Exit motives")
    choice_ids = fields.Many2many(
        "casework.export.component", "casework_export_filter_choice_rel", "filter_id", "choice_id", string="Values",
        domain="[('kind', '=', 'choice'), ('parent_id', '=', component_id)]",
    )

    @api.constrains("component_id", "period", "date_from", "date_to")
    def _check_values(self):
        for line in self:
            if line.date_from and line.date_to and line.date_from > line.date_to:
                raise ValidationError(self.env._("The period of a filter ends before it starts."))
            if line.value_field and line.value_field != "period" and line.value_field in self._fields:
                if not line[line.value_field]:
                    raise ValidationError(self.env._(
                        "The filter %(name)s needs at least one value.", name=line.component_id.name,
                    ))
