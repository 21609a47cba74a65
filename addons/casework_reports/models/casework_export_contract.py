from odoo import api, models
from odoo.tools import LazyTranslate

from .casework_export_registry import FieldAggregator, PeriodFilter, SelectionFilter
from .casework_export_registry.common import date_aggregators, dossier_aggregators, dossier_filters, period_filters

_lt = LazyTranslate(__name__)


class CaseworkContract(models.Model):
    """Contracts (CER) counted by the export builder, by start date."""

    _inherit = "casework.contract"

    @api.model
    def _casework_export_filters(self):
        return super()._casework_export_filters() + period_filters("date_start") + dossier_filters(
            "beneficiary_id.", territory_path="territory_id"
        ) + [
            PeriodFilter("validation_period", _lt("Validated in the period"), "date_validation", sequence=1),
            SelectionFilter("state", _lt("Status"), "state", sequence=5),
            SelectionFilter("decision", _lt("Decision"), "decision", sequence=6),
        ]

    @api.model
    def _casework_export_aggregators(self):
        return super()._casework_export_aggregators() + dossier_aggregators(
            "beneficiary_id.", "beneficiary_id", territory_path="territory_id"
        ) + date_aggregators("date_start") + [
            FieldAggregator("state", _lt("Status"), "state", 3),
            FieldAggregator("decision", _lt("Decision"), "decision", 4),
        ]
