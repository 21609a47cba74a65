from odoo import api, models
from odoo.tools import LazyTranslate

from .casework_export_registry import FieldAggregator, SelectionFilter
from .casework_export_registry.common import date_aggregators, dossier_aggregators, dossier_filters, period_filters

_lt = LazyTranslate(__name__)


class CaseworkBeneficiary(models.Model):
    """Dossiers counted by the export builder (by creation date)."""

    _inherit = "casework.beneficiary"

    @api.model
    def _casework_export_filters(self):
        return super()._casework_export_filters() + period_filters("create_date", _lt("Created in the period")) + (
            dossier_filters("")
        ) + [SelectionFilter("state", _lt("Status"), "state", sequence=6)]

    @api.model
    def _casework_export_aggregators(self):
        return super()._casework_export_aggregators() + dossier_aggregators("", "id") + date_aggregators(
            "create_date"
        ) + [FieldAggregator("state", _lt("Status"), "state", 10)]
