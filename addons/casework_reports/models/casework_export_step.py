from odoo import api, models
from odoo.tools import LazyTranslate

from .casework_export_registry import FieldAggregator, RecordsFilter, SelectionFilter
from .casework_export_registry.common import date_aggregators, dossier_aggregators, dossier_filters, period_filters

_lt = LazyTranslate(__name__)


class CaseworkStep(models.Model):
    """Steps and positionings counted by the export builder, by planned
    start."""

    _inherit = "casework.step"

    @api.model
    def _casework_export_filters(self):
        filters = [
            flt for flt in dossier_filters("beneficiary_id.", territory_path="territory_id") if flt.key != "programme"
        ]
        return super()._casework_export_filters() + period_filters("date_planned_start") + filters + [
            RecordsFilter("programme", _lt("Programme of the offer"), "offer_id.program_ids", "program_ids", 3),
            RecordsFilter("offer", _lt("Offer"), "offer_id", "offer_ids", 5),
            RecordsFilter("classification", _lt("Offer classification"), "offer_id.classification_id",
                          "classification_ids", 6),
            SelectionFilter("state", _lt("Status"), "state", sequence=7),
        ]

    @api.model
    def _casework_export_aggregators(self):
        return super()._casework_export_aggregators() + dossier_aggregators(
            "beneficiary_id.", "beneficiary_id", territory_path="territory_id"
        ) + date_aggregators("date_planned_start") + [
            FieldAggregator("offer", _lt("Offer"), "offer_id", 3),
            FieldAggregator("classification", _lt("Offer classification"), "offer_id.classification_id", 4),
            FieldAggregator("state", _lt("Status"), "state", 5),
            FieldAggregator("end_reason", _lt("End reason"), "end_reason_id", 6),
        ]
