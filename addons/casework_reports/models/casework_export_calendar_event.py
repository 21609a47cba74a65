from odoo import api, models
from odoo.fields import Domain
from odoo.tools import LazyTranslate

from .casework_export_registry import FieldAggregator, RecordsFilter, SelectionFilter
from .casework_export_registry.common import date_aggregators, dossier_aggregators, dossier_filters, period_filters

_lt = LazyTranslate(__name__)


class CalendarEvent(models.Model):
    """Appointments (events with a dossier) counted by the export builder,
    by start date, missed and cancelled ones included.

    As Odoo's own group-by on events: when an export filters or groups on a
    field a private appointment hides (its dossier, outcome, type...), the
    private appointments the user does not attend are left out of it; by
    date or collaborator alone, they are counted (a busy slot)."""

    _inherit = "calendar.event"

    @api.model
    def _casework_export_filters(self):
        return super()._casework_export_filters() + period_filters("start") + dossier_filters(
            "casework_beneficiary_id."
        ) + [
            RecordsFilter("collaborator", _lt("Collaborator"), "user_id", "user_ids", 5),
            SelectionFilter("outcome", _lt("Outcome"), "casework_outcome", sequence=6),
        ]

    @api.model
    def _casework_export_aggregators(self):
        return super()._casework_export_aggregators() + dossier_aggregators(
            "casework_beneficiary_id.", "casework_beneficiary_id"
        ) + date_aggregators("start") + [
            FieldAggregator("collaborator", _lt("Collaborator"), "user_id", 3),
            FieldAggregator("outcome", _lt("Outcome"), "casework_outcome", 4),
            FieldAggregator("appointment_type", _lt("Appointment type"), "casework_appointment_type_id", 5),
            FieldAggregator("theme", _lt("Theme"), "casework_theme_id", 6),
        ]

    @api.model
    def _casework_export_domain(self, domain, fnames):
        domain = super()._casework_export_domain(domain, fnames)
        if not self.env.su and set(fnames) - self._get_public_fields():
            domain &= Domain(self._get_default_privacy_domain())
        return domain
