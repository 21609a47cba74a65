"""Bulk insertion for the daily feed's creations (thousands of dossiers a batch).

- :func:`copy_payload` builds the ``COPY FROM STDIN`` of the rows of one
  model (no SQL text for the server to parse per row).
- :class:`BatchCopy` runs the COPY statements of a batch, each in a thread
  while the caller builds the next rows, and checks the foreign keys of the
  batch's rows with one query per referenced table, instead of PostgreSQL's trigger
  and query per row and per foreign key (about 46 per dossier: its partner,
  enrolment, assignment and five characteristic values). The guarantees are
  the same as the triggers': every referenced row exists, and is locked
  ``FOR KEY SHARE`` until the commit so that nobody deletes it meanwhile. It
  needs the right to set ``session_replication_role`` (a superuser, or
  ``GRANT SET ON PARAMETER session_replication_role`` from PostgreSQL 15); on
  tables with triggers of their own (an audit trigger set up by a DBA, say),
  without that right, or when the system parameter
  ``casework_base.feed_batch_reference_checks`` is ``False``, PostgreSQL's own
  per-row checks stay.
"""

import io
import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from datetime import date, datetime
from operator import itemgetter

import psycopg2
import psycopg2.extensions
import psycopg2.extras

from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, str2bool

SIMPLE_TYPES = {"char", "text", "integer", "float", "boolean", "date", "datetime", "selection", "many2one"}


def copy_text(value):
    """``value`` in PostgreSQL's COPY text format (False and None are NULL)."""
    if value is None or value is False:
        return "\\N"
    if value is True:
        return "t"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, psycopg2.extras.Json):
        value = value.dumps(value.adapted)
    elif isinstance(value, (dict, list)):
        value = json.dumps(value)
    elif isinstance(value, (date, datetime)):
        return value.isoformat()
    elif isinstance(value, bytes):
        value = "\\x" + value.hex()
    else:
        value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_str(value):
    """A text value in COPY text format (False is NULL), escaped only when needed."""
    if value is False or value is None:
        return "\\N"
    if not isinstance(value, str) or "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return copy_text(value)
    return value


def next_ids(cr, table, count):
    """``count`` new ids from the sequence of ``table``, in one query (only
    the bounds travel when they are consecutive, as they are unless other
    sessions insert into the table at the same moment)."""
    cr.execute(
        """SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL ELSE array_agg(id) END
             FROM (SELECT nextval((SELECT pg_get_serial_sequence(%s, 'id'))) AS id FROM generate_series(1, %s)) ids""",
        [table, count],
    )
    low, high, ids = cr.fetchone()
    return ids or list(range(low, high + 1))


def model_defaults(env, model_name):
    """The defaults of the plain stored fields of ``model_name`` (one
    ``default_get``), for :func:`copy_payload`."""
    Model = env[model_name]
    names = [
        name for name, field in Model._fields.items()
        if field.store and field.column_type and not field.compute and not field.inherited
        and name != "id" and name not in models.LOG_ACCESS_COLUMNS
    ]
    return Model.default_get(names)


def copy_payload(env, model_name, vals_list, ids, defaults, now):
    """The ``COPY FROM STDIN`` statement and text inserting ``vals_list``
    (write values of plain stored fields; ``defaults`` for the others,
    :func:`model_defaults`) with ``ids`` and the log columns (``now``).
    Pure Python: neither the cursor nor the ORM's cache.

    :return: (statement, text, {column: set of the values written} of the
        many-to-one, integer and log columns, for :func:`check_references`)
    """
    Model = env[model_name]
    count = len(vals_list)
    keys = set().union(*vals_list)
    own_fields = {
        name: field for name, field in Model._fields.items()
        if field.store and field.column_type and (not field.compute or name in keys) and not field.inherited
        and name != "id"
    }
    columns = sorted((keys | set(defaults)) & set(own_fields))
    empty = Model.browse()
    # the keys that every row has: read in one pass (one C call per row)
    common = sorted(set(vals_list[0]).intersection(*vals_list[1:]) & set(columns))
    columns_of_common = {}
    if len(common) == 1:
        columns_of_common = {common[0]: list(map(itemgetter(common[0]), vals_list))}
    elif common:
        columns_of_common = dict(zip(common, zip(*map(itemgetter(*common), vals_list))))
    # built column by column: a column of the defaults only is one text
    texts = [list(map(str, ids))]
    references = {"create_uid": {env.uid}, "write_uid": {env.uid}}
    for name in columns:
        field = own_fields[name]
        default = defaults.get(name, False)
        if name not in keys:
            values = [default]
        elif name in common:
            values = columns_of_common[name]
        else:
            values = [vals.get(name, default) for vals in vals_list]
        if field.type in ("many2one", "integer"):
            references[name] = {value for value in values if value}
        if field.company_dependent or field.translate or field.type not in SIMPLE_TYPES:
            # translated, company dependent, json...: through the field
            values = values if name in keys else values * count
            column = [copy_text(field.convert_to_column_insert(value, empty, vals))
                      for value, vals in zip(values, vals_list)]
        elif field.type == "boolean":
            column = ["t" if value else "f" for value in values]
        elif field.type in ("char", "text", "selection"):
            column = [value if value.__class__ is str and "\\" not in value and value.isprintable() else _copy_str(value)
                      for value in values]
        else:
            # numbers, ids, dates ("2026-11-15") and datetimes
            column = ["\\N" if value is False or value is None else str(value) for value in values]
        texts.append(column if len(column) == count else column * count)
    uid_texts, now_texts = [copy_text(env.uid)] * count, [copy_text(now)] * count
    texts += [uid_texts, now_texts, uid_texts, now_texts]
    data = "\n".join(map("\t".join, zip(*texts))) + "\n"
    all_columns = ["id", *columns, "create_uid", "create_date", "write_uid", "write_date"]
    statement = 'COPY "{}" ({}) FROM STDIN'.format(Model._table, ", ".join(f'"{column}"' for column in all_columns))
    return statement, data, references


def execute_copy(cr, statement, data):
    """Send a COPY statement and its text. The text is read in one go: the
    driver then sends it without holding Python's lock (the run's other
    threads go on meanwhile)."""
    cr.copy_expert(statement, io.StringIO(data), size=len(data) + 1)


@contextmanager
def _no_wait_callback():
    # as Odoo's own COPY (ir.model.data): no asynchronous wait callback meanwhile
    callback = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    try:
        yield
    finally:
        psycopg2.extensions.set_wait_callback(callback)


def _foreign_keys(cr, tables):
    """{table: [(column, referenced table, referenced column)]} of the
    single-column foreign keys of ``tables``, or None when one of them has a
    foreign key on several columns or on a column that is not an integer, or
    a trigger that is not a constraint's (it would be skipped too)."""
    cr.execute(
        """SELECT count(*) FROM pg_trigger
            WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal""",
        [list(tables)],
    )
    if cr.fetchone()[0]:
        return None
    cr.execute(
        """SELECT c.conrelid::regclass::text, array_length(c.conkey, 1), a.attname, c.confrelid::regclass::text,
                  fa.attname, a.atttypid IN ('integer'::regtype, 'bigint'::regtype)
             FROM pg_constraint c
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])""",
        [list(tables)],
    )
    keys = defaultdict(list)
    for table, size, column, referenced, referenced_column, is_integer in cr.fetchall():
        if size != 1 or not is_integer:
            return None
        keys[table.strip('"')].append((column, referenced.strip('"'), referenced_column))
    return keys


def can_skip_row_triggers(env, tables):
    """Whether the references of rows written into ``tables`` can be checked
    per batch (see the module's docstring); the foreign keys if so."""
    param = env["ir.config_parameter"].sudo().get_param("casework_base.feed_batch_reference_checks", "True")
    if not str2bool(param, True):
        return None
    cr = env.cr
    if cr.connection.server_version >= 150000:
        cr.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    else:
        cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cr.fetchone()[0]:
        return None
    return _foreign_keys(cr, tables)


def check_references(env, foreign_keys, written):
    """Check and lock the rows referenced by ``written`` (records, {column:
    ids} as returned by :func:`copy_payload`), one query per referenced
    table. The rows written in the same batch need no lock: nobody else sees
    them yet.

    :raise ValidationError: a referenced row does not exist
    """
    cr = env.cr
    new_ids = defaultdict(set)
    for records, _references in written:
        new_ids[records._table].update(records.ids)
    wanted = defaultdict(set)
    origin = {}
    for records, references in written:
        for column, referenced, referenced_column in foreign_keys.get(records._table, ()):
            # an integer column not written is NULL
            values = references.get(column, set())
            if referenced_column == "id":
                values = values - new_ids[referenced]
            wanted[referenced, referenced_column] |= values
            for value in values:
                origin.setdefault((referenced, referenced_column, value), f"{records._table}.{column}")
    for (referenced, referenced_column), values in wanted.items():
        if not values:
            continue
        cr.execute(SQL(
            "SELECT %s FROM %s WHERE %s = ANY(%s) FOR KEY SHARE",
            SQL.identifier(referenced_column), SQL.identifier(referenced), SQL.identifier(referenced_column),
            sorted(values),
        ))
        missing = values - {row[0] for row in cr.fetchall()}
        if missing:
            value = min(missing)
            raise ValidationError(env._(
                "The batch refers to a record that does not exist: %(column)s = %(value)s (not in %(table)s).",
                column=origin[referenced, referenced_column, value], value=value, table=referenced,
            ))


class BatchCopy:
    """The COPY statements of one batch (a context manager):

    .. code-block:: python

        with BatchCopy(env, ["res.partner", "casework.beneficiary"]) as batch:
            partners = batch.insert("res.partner", vals_list, ids=partner_ids)
            ...

    Each statement runs in a thread of the batch while the caller builds the
    next rows (give the ids, from :func:`next_ids` before the block, and do
    not use the cursor nor the ORM's cache inside the block: the statements
    are in flight there). When allowed (see the module's docstring),
    PostgreSQL's per-row triggers are off for the statements of the block
    (``SET LOCAL``: this transaction only) and the references of the rows
    inserted are checked at its end with :func:`check_references`;
    otherwise PostgreSQL checks them row by row as usual. On an error the
    caller rolls the transaction back, which also ends the setting.
    """

    def __init__(self, env, model_names, cache=None):
        """:param cache: a dict kept from batch to batch (by a run), to ask
            the database about its foreign keys and rights once"""
        self.env = env
        self.model_names = model_names
        self.tables = [env[name]._table for name in model_names]
        self.written = []
        self.foreign_keys = None
        self.cache = {} if cache is None else cache
        self.defaults = {}
        self.now = None
        self._writer = None
        self._pending = None
        self._no_callback = None

    def __enter__(self):
        self.env.flush_all()
        key = ("foreign_keys", tuple(self.tables))
        if key not in self.cache:
            self.cache[key] = can_skip_row_triggers(self.env, self.tables)
        self.foreign_keys = self.cache[key]
        if self.foreign_keys is not None:
            self.env.cr.execute("SET LOCAL session_replication_role = replica")
        # what the statements need from the database, asked before the first
        self.defaults = {name: model_defaults(self.env, name) for name in self.model_names}
        self.now = self.env.cr.now()
        self._no_callback = _no_wait_callback()
        self._no_callback.__enter__()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casework_bulk_copy")
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        try:
            if exc_type is None:
                self._wait()
            elif self._pending is not None:
                # the cursor is free once the statement in flight is over
                wait([self._pending])
        finally:
            self._writer.shutdown(wait=True)
            self._no_callback.__exit__(None, None, None)
        if exc_type is None and self.foreign_keys is not None:
            self.env.cr.execute("SET LOCAL session_replication_role = origin")
            check_references(self.env, self.foreign_keys, self.written)
        return False

    def _wait(self):
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    @property
    def per_batch(self):
        """Whether the references are checked per batch (else per row)."""
        return self.foreign_keys is not None

    def insert(self, model_name, vals_list, ids=None):
        """Insert ``vals_list`` into one of the batch's models with
        :func:`copy_payload`; return the records (written once the block
        ends). Without ``ids``, waits for the statement in flight to get
        them from the database."""
        if model_name not in self.defaults:
            raise ValueError(f"{model_name} is not one of the batch's models")
        Model = self.env[model_name]
        if not vals_list:
            return Model
        if not ids:
            self._wait()
            ids = next_ids(self.env.cr, Model._table, len(vals_list))
        statement, data, references = copy_payload(
            self.env, model_name, vals_list, ids, self.defaults[model_name], self.now
        )
        self._wait()
        self._pending = self._writer.submit(execute_copy, self.env.cr, statement, data)
        records = Model.browse(ids)
        self.written.append((records, references))
        return records
