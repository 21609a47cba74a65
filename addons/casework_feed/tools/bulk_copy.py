"""Bulk insertion for the daily feed's creations (thousands of dossiers a batch).

- :func:`copy_payload` builds the ``COPY FROM STDIN`` of the rows of one
  model (no SQL text for the server to parse per row).
- :class:`CopyPipeline` runs the COPY statements of a batch in a thread
  while the caller prepares the next batch (:class:`BatchCopy`: a single
  batch), and checks the foreign keys of the
  batch's rows with one query per referenced table, instead of PostgreSQL's trigger
  and query per row and per foreign key (about 46 per dossier: its partner,
  enrolment, assignment and five characteristic values). The guarantees are
  the same as the triggers': every referenced row exists, and is locked
  ``FOR KEY SHARE`` until the commit so that nobody deletes it meanwhile. It
  needs the right to set ``session_replication_role`` (a superuser, or
  ``GRANT SET ON PARAMETER session_replication_role`` from PostgreSQL 15); on
  tables with triggers of their own (an audit trigger set up by a DBA, say),
  without that right, or when the system parameter
  ``casework_feed.batch_reference_checks`` is ``False``, PostgreSQL's own
  per-row checks stay.
"""

import io
import json
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from datetime import date, datetime
from operator import itemgetter

import psycopg2
import psycopg2.extensions
import psycopg2.extras

from odoo import fields, models, sql_db
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


def sequence_values(cr, sequence, count):
    """``count`` new values of ``sequence`` (its name), in one query (only
    the bounds travel when they are consecutive, as they are unless other
    sessions take values at the same moment)."""
    # the sequence as a constant: a text argument would be cast per row (a
    # catalog lookup for each value: 2.4 times slower)
    cr.execute(
        """SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL ELSE array_agg(id) END
             FROM (SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)) ids""",
        [sequence, count],
    )
    low, high, values = cr.fetchone()
    return values or list(range(low, high + 1))


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
    :func:`model_defaults`) with ``ids`` and the log columns (``now``):
    :func:`copy_columns` of the values read column by column.
    """
    keys = set().union(*vals_list)
    # the keys that every row has: read in one pass (one C call per row)
    common = sorted(set(vals_list[0]).intersection(*vals_list[1:]))
    if len(common) == 1:
        columns = {common[0]: list(map(itemgetter(common[0]), vals_list))}
    elif common:
        columns = dict(zip(common, map(list, zip(*map(itemgetter(*common), vals_list), strict=False)), strict=False))
    else:
        columns = {}
    for name in keys.difference(common):
        default = defaults.get(name, False)
        columns[name] = [vals.get(name, default) for vals in vals_list]
    return copy_columns(env, model_name, ids, columns, {}, defaults, now)


def copy_columns(env, model_name, ids, columns, constants, defaults, now):
    """The ``COPY FROM STDIN`` statement and text inserting rows given
    column by column: ``columns`` {field: [value of each row]} and
    ``constants`` {field: value of every row} (write values of plain stored
    fields; ``defaults`` for the others, :func:`model_defaults`) with
    ``ids`` and the log columns (``now``). Pure Python: neither the cursor
    nor the ORM's cache.

    :return: (statement, text, {column: set of the values written} of the
        many-to-one, integer and log columns, for :func:`check_references`)
    """
    Model = env[model_name]
    count = len(ids)
    given = set(columns) | set(constants)
    own_fields = {
        name: field for name, field in Model._fields.items()
        if field.store and field.column_type and (not field.compute or name in given) and not field.inherited
        and name != "id"
    }
    names = sorted((given | set(defaults)) & set(own_fields))
    texts = [list(map(str, ids))]
    references = {"create_uid": {env.uid}, "write_uid": {env.uid}}
    for name in names:
        field = own_fields[name]
        values = columns[name] if name in columns else [constants.get(name, defaults.get(name, False))]
        if field.type in ("many2one", "integer"):
            references[name] = {value for value in values if value}
        column = _column_texts(env, field, values)
        texts.append(column if len(column) == count else column * count)
    uid_texts, now_texts = [copy_text(env.uid)] * count, [copy_text(now)] * count
    texts += [uid_texts, now_texts, uid_texts, now_texts]
    data = "\n".join(map("\t".join, zip(*texts, strict=False))) + "\n"
    all_columns = ["id", *names, "create_uid", "create_date", "write_uid", "write_date"]
    statement = 'COPY "{}" ({}) FROM STDIN'.format(Model._table, ", ".join(f'"{column}"' for column in all_columns))
    return statement, data, references


def _column_texts(env, field, values):
    """The texts of ``values`` of ``field`` in COPY text format; a column
    of a single type (all integers, all dates, all plain texts) is
    converted in one C call."""
    if field.company_dependent or field.translate or field.type not in SIMPLE_TYPES:
        # translated, company dependent, json...: through the field
        empty = env[field.model_name].browse()
        return [copy_text(field.convert_to_column_insert(value, empty)) for value in values]
    if field.type == "boolean":
        return ["t" if value else "f" for value in values]
    kinds = set(map(type, values))
    if len(kinds) == 1:
        kind = kinds.pop()
        if kind is int or kind is float:
            return list(map(str, values))
        if kind is date:
            return list(map(date.isoformat, values))
        if kind is str:
            joined = "".join(values)
            if "\\" not in joined and "\t" not in joined and "\n" not in joined and "\r" not in joined:
                return values
    return [_copy_str(value) if value.__class__ is str else copy_text(value) for value in values]


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
    # a system parameter (a boolean)
    param = env["ir.config_parameter"].sudo().get_param("casework_feed.batch_reference_checks", "True")
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


class CopyPipeline:
    """Batches of rows written with COPY statements, each batch sent from a
    thread of the pipeline while the caller prepares the next one (a context
    manager):

    .. code-block:: python

        with CopyPipeline(env, ["res.partner", "casework.beneficiary"]) as pipeline:
            for batch in batches:
                partner_ids = pipeline.next_ids("res_partner", len(batch))
                pipeline.insert("res.partner", partner_vals, ids=partner_ids)
                ...
                pipeline.after(commit_the_batch)
                pipeline.send()

    :meth:`insert` builds the COPY text at once (pure Python); :meth:`send`
    waits for the batch in flight, then sends the batch prepared. While a
    batch is in flight its statements hold the cursor: the caller prepares
    the next one without the cursor nor the ORM's cache (ids from
    :meth:`next_ids`, on a connection of the pipeline's own), and calls
    :meth:`wait` before any query. When allowed (see the module's docstring),
    PostgreSQL's per-row triggers are off for the statements of a batch
    (``SET LOCAL``: its transaction only) and the references of its rows are
    checked by :meth:`wait` with :func:`check_references`; otherwise
    PostgreSQL checks them row by row as usual. On an error the caller rolls
    the transaction back, which also ends the setting.
    """

    def __init__(self, env, model_names, cache=None):
        """:param cache: a dict kept from pipeline to pipeline (by a run), to
            ask the database about its foreign keys, rights and defaults once"""
        self.env = env
        self.model_names = model_names
        self.tables = [env[name]._table for name in model_names]
        self.cache = {} if cache is None else cache
        self.foreign_keys = None
        self.defaults = {}
        # the batch being prepared: COPY statements, (records, references), callbacks
        self._statements, self._written, self._after = [], [], []
        self._in_flight = None  # (future, written, callbacks) of the batch sent
        self._writer = None
        self._sequence_cr = None
        self._no_callback = None

    def __enter__(self):
        self.env.flush_all()
        key = ("foreign_keys", tuple(self.tables))
        if key not in self.cache:
            self.cache[key] = can_skip_row_triggers(self.env, self.tables)
        self.foreign_keys = self.cache[key]
        key = ("defaults", tuple(self.model_names))
        if key not in self.cache:
            self.cache[key] = {name: model_defaults(self.env, name) for name in self.model_names}
        self.defaults = self.cache[key]
        self._no_callback = _no_wait_callback()
        self._no_callback.__enter__()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casework_bulk_copy")
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        try:
            if exc_type is None:
                self.wait()
            elif self._in_flight is not None:
                # the cursor is free (for the caller's rollback) once the
                # statements in flight are over; their error is the caller's
                wait([self._in_flight[0]])
                self._in_flight = None
        finally:
            self._writer.shutdown(wait=True)
            self._no_callback.__exit__(None, None, None)
            if self._sequence_cr is not None:
                self._sequence_cr.close()
        return False

    @property
    def per_batch(self):
        """Whether the references are checked per batch (else per row)."""
        return self.foreign_keys is not None

    def _sequence_cursor(self):
        if self._sequence_cr is None:
            self._sequence_cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        return self._sequence_cr

    def next_values(self, sequence, count):
        """:func:`sequence_values` on the pipeline's own connection (sequences
        are not transactional: the values are taken for good, as by any
        insertion), usable while a batch is in flight."""
        cr = self._sequence_cursor()
        try:
            return sequence_values(cr, sequence, count)
        finally:
            # this connection's own transaction (nothing else runs on it):
            # none left open, it would hold back the vacuum
            cr.commit()  # pylint: disable=invalid-commit

    def next_ids(self, table, count):
        """``count`` new ids of ``table`` (see :meth:`next_values`)."""
        key = ("sequence", table)
        if key not in self.cache:
            cr = self._sequence_cursor()
            cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            self.cache[key] = cr.fetchone()[0]
        return self.next_values(self.cache[key], count)

    def insert(self, model_name, vals_list, ids=None):
        """Add ``vals_list`` to the batch being prepared: its COPY text is
        built now (:func:`copy_payload`, pure Python); return the records
        (written once the batch is sent and waited for)."""
        Model = self._model(model_name)
        if not vals_list:
            return Model
        ids = ids or self.next_ids(Model._table, len(vals_list))
        return self._add(Model, ids, copy_payload(
            self.env, model_name, vals_list, ids, self.defaults[model_name], fields.Datetime.now()
        ))

    def insert_columns(self, model_name, ids, columns, constants=None):
        """As :meth:`insert`, the rows given column by column
        (:func:`copy_columns`): no dictionary per row."""
        Model = self._model(model_name)
        if not ids:
            return Model
        return self._add(Model, ids, copy_columns(
            self.env, model_name, ids, columns, constants or {}, self.defaults[model_name], fields.Datetime.now()
        ))

    def _model(self, model_name):
        if model_name not in self.defaults:
            raise ValueError(f"{model_name} is not one of the pipeline's models")
        return self.env[model_name]

    def _add(self, Model, ids, payload):
        statement, data, references = payload
        self._statements.append((statement, data))
        records = Model.browse(ids)
        self._written.append((records, references))
        return records

    def after(self, callback):
        """Call ``callback`` (without arguments) once the batch being prepared
        is written: in the caller's thread, from :meth:`wait`, the cursor
        free (to recompute, store a progress, commit...)."""
        self._after.append(callback)

    def send(self):
        """End the batch being prepared: wait for the batch in flight (see
        :meth:`wait`), then send this one's statements from the pipeline's
        thread. The callbacks of a batch without statements are called now."""
        statements, written, callbacks = self._statements, self._written, self._after
        self._statements, self._written, self._after = [], [], []
        self.wait()
        if statements:
            self._in_flight = (self._writer.submit(self._write, statements), written, callbacks)
        else:
            for callback in callbacks:
                callback()

    def wait(self):
        """Wait for the batch in flight, check its references and call its
        callbacks: the cursor is then the caller's.

        :raise ValidationError: a row refers to a record that does not exist
        """
        if self._in_flight is None:
            return
        (future, written, callbacks), self._in_flight = self._in_flight, None
        future.result()
        if self.per_batch:
            check_references(self.env, self.foreign_keys, written)
        for callback in callbacks:
            callback()

    def _write(self, statements):
        """The statements of a batch (in the pipeline's thread)."""
        cr = self.env.cr
        if self.per_batch:
            cr.execute("SET LOCAL session_replication_role = replica")
        for statement, data in statements:
            execute_copy(cr, statement, data)
        if self.per_batch:
            cr.execute("SET LOCAL session_replication_role = origin")


class BatchCopy(CopyPipeline):
    """A single batch (a context manager), sent and waited for at the end of
    the block:

    .. code-block:: python

        with BatchCopy(env, ["res.partner", "casework.beneficiary"]) as batch:
            partners = batch.insert("res.partner", vals_list)
            ...
    """

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is None:
            try:
                self.send()
            except BaseException:
                super().__exit__(*sys.exc_info())
                raise
        return super().__exit__(exc_type, exc_value, traceback)
