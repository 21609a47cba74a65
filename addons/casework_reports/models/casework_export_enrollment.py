from odoo import api, models
from odoo.tools import LazyTranslate

from .casework_export_registry import FieldAggregator, PeriodFilter, RecordsFilter, SelectionFilter
from .casework_export_registry.common import date_aggregators, dossier_aggregators, dossier_filters, period_filters

_lt = LazyTranslate(__name__)


class CaseworkEnrollment(models.Model):
    """Enrolments (entries into a programme) counted by the export builder,
    by entry date; their exits by exit date and motive."""

    _inherit = "casework.enrollment"

    @api.model
    def _casework_export_filters(self):
        filters = [
            flt for flt in dossier_filters("beneficiary_id.", territory_path="territory_id") if flt.key != "programme"
        ]
        return super()._casework_export_filters() + period_filters("date_entry", _lt("Entered in the period")) + [
            PeriodFilter("exit_period", _lt("Exited in the period"), "date_exit", sequence=1),
            RecordsFilter("programme", _lt("Programme"), "program_id", "program_ids", 3),
            RecordsFilter("exit_motive", _lt("Exit motive"), "exit_motive_id", "exit_motive_ids", 6),
            SelectionFilter("state", _lt("Status"), "state", sequence=5),
        ] + filters

    @api.model
    def _casework_export_aggregators(self):
        return super()._casework_export_aggregators() + dossier_aggregators(
            "beneficiary_id.", "beneficiary_id", territory_path="territory_id"
        ) + date_aggregators("date_entry") + [
            FieldAggregator("programme", _lt("Programme"), "program_id", 3),
            FieldAggregator("exit_motive", _lt("Exit motive"), "exit_motive_id", 4),
            FieldAggregator("positive_exit", _lt("Positive exit"), "is_positive_exit", 5),
            FieldAggregator("state", _lt("Status"), "state", 6),
        ]
