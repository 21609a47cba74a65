from odoo.tools import SQL, format_date

AGE_BANDS = ((None, 26), (26, 35), (35, 45), (45, 55), (55, None))


def _path_field(model, path):
    """The model and field at the end of a dotted many-to-one ``path``."""
    names = path.split(".")
    for name in names[:-1]:
        model = model.env[model._fields[name].comodel_name]
    return model, model._fields[names[-1]]


class ExportAggregator:
    """A way to group the counted records: a column of the cross-tab (a row
    dimension, or the columns for the last of several aggregators).

    :param key: technical key, unique on the counted model
    :param label: translatable label
    :param sequence: order in the choice list
    """

    #: the group-by spec the pivot view can use for it (None: not in the pivot)
    pivot_groupby = None

    def __init__(self, key, label, sequence=10):
        self.key = key
        self.label = label
        self.sequence = sequence

    def groupby_sql(self, model, alias, query, line, today):
        """:return: ``SQL`` expression grouped by, on the query of the counted
        records (``model._search`` as the user: record rules applied)"""
        raise NotImplementedError

    def labels(self, model, values, line, today):
        """:param values: the distinct raw values the query returned
        :return: {raw value: (sort key, label)}"""
        raise NotImplementedError

    def describe(self, line, today):
        """:return: the aggregator in words, for the header of the export"""
        return line.env._(self.label)


class FieldAggregator(ExportAggregator):
    """Groups by a stored field of the counted model or, through a dotted
    path of many-to-one fields, of a related record (the dossier's
    territory or gender...). The related records follow their own record
    rules (Odoo joins them as the user)."""

    def __init__(self, key, label, path, sequence=10):
        super().__init__(key, label, sequence)
        self.path = path
        self.pivot_groupby = path if "." not in path else None

    def groupby_sql(self, model, alias, query, line, today):
        return model._read_group_groupby(alias, self.path, query)

    def labels(self, model, values, line, today):
        env = model.env
        target_model, field = _path_field(model, self.path)
        none = env._("Not set")
        result = {None: ((1, ""), none)}
        if field.type == "many2one":
            comodel = env[field.comodel_name].with_context(active_test=False)
            records = comodel.browse([v for v in values if v])
            readable = records._filtered_access("read")
            for record in records:
                name = record.display_name if record in readable else f"#{record.id}"
                result[record.id] = ((0, name.lower()), name)
        elif field.type == "selection":
            selection = field._description_selection(target_model.env)
            for index, (value, name) in enumerate(selection):
                result[value] = ((0, index), name)
        elif field.type == "boolean":
            result[True] = ((0, 0), env._("Yes"))
            result[False] = ((0, 1), env._("No"))
        else:
            for value in values:
                if value is not None:
                    result[value] = ((0, value), str(value))
        return result


class DateAggregator(ExportAggregator):
    """Groups by month, quarter or year of a date (the countable's date or
    another one)."""

    def __init__(self, key, label, path, granularity, sequence=10):
        super().__init__(key, label, sequence)
        self.path = path
        self.granularity = granularity
        self.pivot_groupby = f"{path}:{granularity}" if "." not in path else None

    def groupby_sql(self, model, alias, query, line, today):
        return model._read_group_groupby(alias, f"{self.path}:{self.granularity}", query)

    def labels(self, model, values, line, today):
        env = model.env
        result = {None: ((1, None), env._("Not set"))}
        for value in values:
            if value is None:
                continue
            day = value.date() if hasattr(value, "date") else value
            if self.granularity == "year":
                name = str(day.year)
            elif self.granularity == "quarter":
                name = env._("Q%(quarter)s %(year)s", quarter=(day.month - 1) // 3 + 1, year=day.year)
            else:
                name = format_date(env, day, date_format="MMMM yyyy")
            result[value] = ((0, day), name)
        return result


class AgeBandAggregator(ExportAggregator):
    """Groups by age band of the person at a date (the line's reference date,
    else the day the export runs): under 26, 26–34, 35–44, 45–54, 55 and
    over. Computed in SQL from the birth date reached by ``path``."""

    def __init__(self, key, label, path, sequence=10):
        super().__init__(key, label, sequence)
        self.path = path

    def groupby_sql(self, model, alias, query, line, today):
        birth = model._read_group_groupby(alias, f"{self.path}:day", query)
        age = SQL("date_part('year', age(%s::date, %s))", line.date_at or today, birth)
        cases = [SQL("WHEN %s < %s THEN %s", age, upper, index) for index, (_low, upper) in enumerate(AGE_BANDS)
                 if upper is not None]
        return SQL("(CASE WHEN %s IS NULL THEN NULL %s ELSE %s END)", birth, SQL(" ").join(cases), len(AGE_BANDS) - 1)

    def labels(self, model, values, line, today):
        env = model.env
        names = [
            env._("Under 26"), env._("26 to 34"), env._("35 to 44"), env._("45 to 54"), env._("55 and over"),
        ]
        result = {index: ((0, index), name) for index, name in enumerate(names)}
        result[None] = ((1, 0), env._("Not set"))
        return result

    def describe(self, line, today):
        env = line.env
        return env._("%(label)s on %(date)s", label=env._(self.label), date=format_date(env, line.date_at or today))


class ReferentAggregator(ExportAggregator):
    """Groups by the dossier's current référent de parcours (the one
    ``casework.beneficiary.referent_id`` shows): the user's name, never the
    person's. ``dossier_path`` is the field of the counted model holding the
    dossier (``id`` when the dossiers are counted)."""

    def __init__(self, key, label, dossier_path, sequence=10):
        super().__init__(key, label, sequence)
        self.dossier_path = dossier_path

    def groupby_sql(self, model, alias, query, line, today):
        dossier = (SQL.identifier(alias, "id") if self.dossier_path == "id"
                   else model._field_to_sql(alias, self.dossier_path, query))
        # the assignment of a dossier the query already keeps in the user's
        # scope: its référent follows the dossier's access
        return SQL(
            """(SELECT a.user_id FROM casework_referent_assignment a
                 WHERE a.beneficiary_id = %(dossier)s AND a.role = 'parcours' AND a.date_start <= %(today)s
                   AND (a.date_end IS NULL OR a.date_end >= %(today)s)
                 ORDER BY a.date_start DESC, (a.end_reason IS DISTINCT FROM 'reorientation') DESC, a.id DESC
                 LIMIT 1)""",
            dossier=dossier, today=today,
        )

    def labels(self, model, values, line, today):
        env = model.env
        result = {None: ((1, ""), env._("No référent"))}
        users = env["res.users"].with_context(active_test=False).browse([v for v in values if v])
        for user in users:
            result[user.id] = ((0, user.name.lower()), user.name)
        return result
