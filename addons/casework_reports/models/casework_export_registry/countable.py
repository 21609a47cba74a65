from dataclasses import dataclass, field


@dataclass(frozen=True)
class Countable:
    """Something the export builder counts.

    :param key: technical key, stored on the saved export
    :param model: the counted model's name; its records are read as the user
        running the export (record rules apply)
    :param label: translatable label (``LazyTranslate`` term)
    :param measure: ``"__count"`` to count records, else a ``_read_group``
        aggregate such as ``"hours:sum"``
    :param measure_label: label of the measure (the figure in every cell)
    :param domain: the records of the model that are this countable
        (appointments are the events with a dossier)
    :param context: context the records are searched with (archived
        appointments, the missed ones, are counted)
    """

    key: str
    model: str
    label: object
    measure: str = "__count"
    measure_label: object = None
    domain: tuple = ()
    context: dict = field(default_factory=dict)
    sequence: int = 10
