"""The export builder's registry: what can be counted (countables), how the
counted records can be narrowed (filters) and how they can be grouped
(aggregators), and the cross-tab they make (with its masking).

Filters and aggregators are small classes, instantiated by the counted model
in ``_casework_export_filters()`` / ``_casework_export_aggregators()``: a
module adds its own by extending these methods on the model it counts.
"""

from .aggregators import (
    AgeBandAggregator,
    DateAggregator,
    ExportAggregator,
    FieldAggregator,
    ReferentAggregator,
)
from .countable import Countable
from .filters import (
    CharacteristicFilter,
    ExportFilter,
    PeriodFilter,
    RecordsFilter,
    SelectionFilter,
)
from .table import ExportTable, mask_cells

__all__ = [
    "AgeBandAggregator",
    "CharacteristicFilter",
    "Countable",
    "DateAggregator",
    "ExportAggregator",
    "ExportFilter",
    "ExportTable",
    "FieldAggregator",
    "PeriodFilter",
    "RecordsFilter",
    "ReferentAggregator",
    "SelectionFilter",
    "mask_cells",
]
