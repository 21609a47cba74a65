from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo.fields import Domain
from odoo.tools import format_date

PERIODS = ("fixed", "last_month", "current_month", "last_quarter", "current_year", "last_year", "last_12_months")


def period_bounds(period, date_from, date_to, today):
    """First and last day (both included) of a period.

    :param period: one of ``PERIODS``: ``fixed`` uses ``date_from`` /
        ``date_to`` (either may be empty: open bound); the others are
        relative to ``today`` (a monthly export counts the month before)
    :return: (date or None, date or None)
    """
    month_start = today.replace(day=1)
    if period == "last_month":
        start = month_start - relativedelta(months=1)
        return start, month_start - timedelta(days=1)
    if period == "current_month":
        return month_start, month_start + relativedelta(months=1, days=-1)
    if period == "last_quarter":
        quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        return quarter_start - relativedelta(months=3), quarter_start - timedelta(days=1)
    if period == "current_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if period == "last_12_months":
        return month_start - relativedelta(months=12), month_start - timedelta(days=1)
    return date_from or None, date_to or None


class ExportFilter:
    """A filter of the counted records: it turns the values of a filter line
    (``casework.export.filter``) into a domain on the counted model, and
    into words for the header of the export.

    :param key: technical key, unique on the counted model
    :param label: translatable label
    :param path: the field (or dotted path from the counted model) filtered
    :param value_field: the field of the filter line holding the values
    """

    value_field = None

    def __init__(self, key, label, path, value_field=None, sequence=10):
        self.key = key
        self.label = label
        self.path = path
        self.sequence = sequence
        if value_field:
            self.value_field = value_field

    def domain(self, line, today):
        """:return: ``Domain`` on the counted model for the values of ``line``"""
        raise NotImplementedError

    def describe(self, line, today):
        """:return: the values of ``line`` in words (str)"""
        raise NotImplementedError


class PeriodFilter(ExportFilter):
    """Records whose date (or date and time) lies in a period: fixed dates,
    or a period relative to the day the export runs (last month...)."""

    value_field = "period"

    def domain(self, line, today):
        start, end = period_bounds(line.period, line.date_from, line.date_to, today)
        model = line.env[line.export_id._casework_countable().model]
        is_datetime = self._last_field(model).type == "datetime"
        domain = Domain.TRUE
        if start:
            domain &= Domain(self.path, ">=", datetime.combine(start, time.min) if is_datetime else start)
        if end:
            if is_datetime:
                domain &= Domain(self.path, "<", datetime.combine(end + timedelta(days=1), time.min))
            else:
                domain &= Domain(self.path, "<=", end)
        return domain

    def _last_field(self, model):
        names = self.path.split(".")
        for name in names[:-1]:
            model = model.env[model._fields[name].comodel_name]
        return model._fields[names[-1]]

    def describe(self, line, today):
        start, end = period_bounds(line.period, line.date_from, line.date_to, today)
        env = line.env
        if start and end:
            return env._("from %(start)s to %(end)s", start=format_date(env, start), end=format_date(env, end))
        if start:
            return env._("from %(start)s", start=format_date(env, start))
        if end:
            return env._("until %(end)s", end=format_date(env, end))
        return env._("any date")


class RecordsFilter(ExportFilter):
    """Records whose many-to-one (or many-to-many) ``path`` is one of the
    records chosen on the line (territories, programmes, referents...)."""

    def domain(self, line, today):
        return Domain(self.path, "in", line[self.value_field].ids)

    def describe(self, line, today):
        return ", ".join(line[self.value_field].mapped("display_name"))


class CharacteristicFilter(RecordsFilter):
    """Dossiers whose current value of a selection characteristic is one of
    the values chosen (several values of one characteristic: any of them;
    values of several characteristics: all of them, one per characteristic)."""

    value_field = "option_ids"

    def domain(self, line, today):
        domain = Domain.TRUE
        for options in line.option_ids.grouped("type_id").values():
            domain &= Domain(self.path, "in", options.ids)
        return domain


class SelectionFilter(ExportFilter):
    """Records whose selection field ``path`` (a state, an outcome, a
    gender...) has one of the values chosen on the line."""

    value_field = "choice_ids"

    def domain(self, line, today):
        values = line.choice_ids.filtered(lambda c: c.parent_id == line.component_id).mapped("key")
        return Domain(self.path, "in", values)

    def describe(self, line, today):
        return ", ".join(line.choice_ids.filtered(lambda c: c.parent_id == line.component_id).mapped("name"))

    def selection(self, model):
        """:return: [(value, label)] of the selection field, in the env's language"""
        names = self.path.split(".")
        for name in names[:-1]:
            model = model.env[model._fields[name].comodel_name]
        return model._fields[names[-1]]._description_selection(model.env)
