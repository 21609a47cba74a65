"""Set-based data generation for the benchmarks: rows cloned from a template.

A benchmark creates one record of each kind through the ORM (so that every
required column, default and stored computed value is what the models
produce today), then multiplies it in SQL: ``INSERT ... SELECT`` over a
source (``generate_series`` or a loading table), every column copied from
the template row except the ones the benchmark gives. A column added to a
model later (``dossier_status`` was one) is then filled like the template's,
instead of breaking the benchmark.

Usage (``cr`` is an Odoo cursor)::

    clone_rows(cr, "res_partner", template_id,
               "SELECT g, nextval('res_partner_id_seq') AS id FROM generate_series(1, %s) g",
               {"id": "src.id", "name": "'Person ' || src.g"}, [count])
"""

from psycopg2 import sql as pgsql


def table_columns(cr, table):
    """The columns of ``table`` (names, in their order), generated ones excepted."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'NEVER'
         ORDER BY ordinal_position""",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def clone_rows(cr, table, template_id, source, overrides, params=()):
    """Insert one row in ``table`` per row of ``source``, a copy of the row
    ``template_id`` but for ``overrides``.

    :param source: SQL text of a query, aliased ``src`` (its placeholders
        take ``params``)
    :param overrides: {column: SQL expression over ``src`` (and ``tpl``, the
        template row)}; must include ``id``
    :return: the number of rows inserted
    """
    columns = table_columns(cr, table)
    unknown = set(overrides) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column {', '.join(sorted(unknown))}")
    if "id" not in overrides:
        raise ValueError("clone_rows needs the new rows' id")
    values = [
        pgsql.SQL(overrides[column]) if column in overrides else pgsql.SQL("tpl.{}").format(pgsql.Identifier(column))
        for column in columns
    ]
    query = pgsql.SQL("INSERT INTO {table} ({columns}) SELECT {values} FROM ({source}) AS src, "
                      "(SELECT * FROM {table} WHERE id = %s) AS tpl").format(
        table=pgsql.Identifier(table),
        columns=pgsql.SQL(", ").join(pgsql.Identifier(column) for column in columns),
        values=pgsql.SQL(", ").join(values),
        source=pgsql.SQL(source),
    )
    cr.execute(query.as_string(cr._obj), [*params, template_id])
    return cr.rowcount


def reserve_ids(cr, sequence, count):
    """The first of ``count`` consecutive ids of ``sequence``, advanced past
    the block in one call (a benchmark runs alone on its database)."""
    cr.execute("SELECT nextval(%s)", [sequence])
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first
