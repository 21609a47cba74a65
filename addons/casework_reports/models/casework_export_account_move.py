from odoo import api, models
from odoo.tools import LazyTranslate

from .casework_export_registry import FieldAggregator, SelectionFilter
from .casework_export_registry.common import date_aggregators, period_filters

_lt = LazyTranslate(__name__)


class AccountMove(models.Model):
    """Invoices of the funders (and their credit notes) summed by the export
    builder, by invoice date: for finance, who reads no dossier."""

    _inherit = "account.move"

    @api.model
    def _casework_export_filters(self):
        return super()._casework_export_filters() + period_filters("invoice_date") + [
            SelectionFilter("state", _lt("Status"), "state", sequence=5),
            SelectionFilter("move_type", _lt("Type"), "move_type", sequence=6),
        ]

    @api.model
    def _casework_export_aggregators(self):
        return super()._casework_export_aggregators() + date_aggregators("invoice_date") + [
            FieldAggregator("funder", _lt("Funder"), "partner_id", 1),
            FieldAggregator("convention", _lt("Convention"), "casework_convention_id", 2),
            FieldAggregator("state", _lt("Status"), "state", 3),
            FieldAggregator("move_type", _lt("Type"), "move_type", 4),
        ]
