"""The filters and aggregators every case record shares, through its dossier."""

from odoo.tools import LazyTranslate

from .aggregators import AgeBandAggregator, DateAggregator, FieldAggregator, ReferentAggregator
from .filters import CharacteristicFilter, PeriodFilter, RecordsFilter, SelectionFilter

_lt = LazyTranslate(__name__)


def period_filters(date_path, label=None, key="period"):
    """The period filter on ``date_path``."""
    return [PeriodFilter(key, label or _lt("Period"), date_path, sequence=1)]


def dossier_filters(prefix, territory_path=None):
    """Territory, programme, référent, characteristic values and gender of
    the dossier reached by ``prefix`` (``""`` for the dossiers themselves,
    ``"beneficiary_id."`` for a case record)."""
    return [
        RecordsFilter("territory", _lt("Territory"), territory_path or f"{prefix}territory_id", "territory_ids", 2),
        RecordsFilter("programme", _lt("Current programme"), f"{prefix}program_ids", "program_ids", 3),
        RecordsFilter("referent", _lt("Référent de parcours"), f"{prefix}referent_id", "user_ids", 4),
        CharacteristicFilter("characteristic", _lt("Characteristic values"), f"{prefix}characteristic_option_ids",
                             sequence=8),
        SelectionFilter("gender", _lt("Gender"), f"{prefix}gender", sequence=9),
    ]


def date_aggregators(date_path):
    """Month, quarter and year of ``date_path``."""
    return [
        DateAggregator("month", _lt("Month"), date_path, "month", 20),
        DateAggregator("quarter", _lt("Quarter"), date_path, "quarter", 21),
        DateAggregator("year", _lt("Year"), date_path, "year", 22),
    ]


def dossier_aggregators(prefix, dossier_path, territory_path=None):
    """Territory, current référent de parcours, gender and age band of the
    dossier reached by ``prefix``; ``dossier_path`` is the field holding the
    dossier (``id`` for the dossiers themselves)."""
    return [
        FieldAggregator("territory", _lt("Territory"), territory_path or f"{prefix}territory_id", 1),
        ReferentAggregator("referent", _lt("Référent de parcours"), dossier_path, 2),
        FieldAggregator("gender", _lt("Gender"), f"{prefix}gender", 30),
        AgeBandAggregator("age_band", _lt("Age band"), f"{prefix}birth_date", 31),
    ]
