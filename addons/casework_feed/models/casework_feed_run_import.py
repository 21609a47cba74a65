import base64
import functools
import glob
import hashlib
import logging
import os
import shutil
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from odoo import api, fields, models, sql_db
from odoo.exceptions import UserError
from odoo.orm.environments import Transaction

from ..tools import bulk_copy, feed_rules, person_values
from .casework_feed_mapping import FeedLineError
from .casework_feed_run_create import CREATED_MODELS

_logger = logging.getLogger(__name__)

# pg advisory lock (two int4 keys) held by the feed import: one run at a time
FEED_LOCK_KEY = (0x43574644, 1)  # "CWFD"
DEFAULT_BATCH_SIZE = 5000
READ_AHEAD = 2  # batches decoded in advance by the reader thread


class ReaderCursor(sql_db.BaseCursor):
    """The cursor of the reader thread's environment: it has no connection.
    The reader thread decodes and interprets lines in pure Python while the
    run's cursor belongs to the writing threads; any query from it (a field
    read, a search, a translation looked up in the database) is a bug, and
    fails here at once instead of sharing the run's cursor across threads."""

    def __init__(self, dbname):
        super().__init__()
        self.dbname = dbname

    def execute(self, query, params=None, log_exceptions=True):
        raise RuntimeError("The feed's reader thread has no database cursor: decode lines in pure Python only.")

    def commit(self):
        raise RuntimeError("The feed's reader thread has no database cursor.")

    def rollback(self):
        raise RuntimeError("The feed's reader thread has no database cursor.")


class CaseworkFeedRun(models.Model):
    """The import of a feed file: on its own cursor, one transaction per
    batch of lines so that a crash leaves whole persons only and a new run of
    the same file resumes it; one import at a time (an advisory lock). Files
    come from the command line, the daily job reading the feed folder, or the
    web client (uploaded, then imported by a background job)."""

    _inherit = "casework.feed.run"

    # ------------------------------------------------------------------
    # Jobs
    # ------------------------------------------------------------------

    @api.model
    def _cron_import_folder(self):
        """Daily job: import the files of the feed folder (system parameter
        ``casework_feed.folder``) with the mapping whose file pattern
        they match, oldest name first; a file whose run is done is moved to
        the ``done/`` subfolder, a failed one stays to be resumed next time."""
        # a system parameter, read by the job
        folder = self.env["ir.config_parameter"].sudo().get_param("casework_feed.folder")
        if not folder or not os.path.isdir(folder):
            _logger.info("feed: no feed folder configured (casework_feed.folder)")
            return
        done_folder = os.path.join(folder, "done")
        for mapping in self.env["casework.feed.mapping"].search([("file_pattern", "!=", False)]):
            for path in sorted(glob.glob(os.path.join(folder, mapping.file_pattern))):
                if not os.path.isfile(path):
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
                file_date = datetime.fromtimestamp(os.path.getmtime(path)).date()
                _run_id, state = self._run_import(mapping, data, os.path.basename(path), file_date)
                if state == "done":
                    os.makedirs(done_folder, exist_ok=True)
                    target = os.path.join(done_folder, os.path.basename(path))
                    shutil.move(path, target)
                    # its retention period counts from its import
                    os.utime(target)

    @api.model
    def _cron_import_uploads(self):
        """Background job: import the files uploaded in the web client
        (queued runs, oldest first; ``casework.feed.import``), each on the
        run's own cursor with a commit per batch (the form shows the lines
        done), then tell the user who uploaded it how it ended. The file is
        deleted once imported; a failed run keeps it, to be resumed."""
        runs = self.search([("state", "=", "queued")], order="id")
        for index, run in enumerate(runs, 1):
            data = base64.b64decode(run.upload_file or b"")
            try:
                # on the run's own cursor, which also deletes the file and
                # notifies the user (this job's transaction, older, must not
                # write the run: its snapshot predates the run's commits)
                self._run_import(run.mapping_id, data, run.file_name, run.file_date, run=run)
            except UserError as error:
                # another import holds the lock: this one waits for the next call
                _logger.info("feed: upload %s postponed: %s", run.id, error)
                self.env.ref("casework_feed.ir_cron_casework_feed_upload")._trigger(
                    fields.Datetime.add(fields.Datetime.now(), minutes=5))
                return
            self.env["ir.cron"]._commit_progress(1, remaining=len(runs) - index)

    def _notify_end(self):
        """Tell the user who started the run how it ended (a notification
        in their web client, in their language)."""
        for run in self.filtered("user_id"):
            env = run.with_context(lang=run.user_id.lang).env
            if run.state == "done":
                message = env._(
                    "%(file)s imported: %(created)s created, %(updated)s updated, %(rejected)s rejected lines.",
                    file=run.file_name, created=run.created_count, updated=run.updated_count,
                    rejected=run.rejected_count)
            else:
                message = env._("%(file)s could not be imported: %(error)s", file=run.file_name, error=run.error)
            run.user_id._bus_send("simple_notification", {
                "type": "success" if run.state == "done" else "danger",
                "title": env._("Feed import"),
                "message": message,
                "sticky": run.state != "done",
            })

    # ------------------------------------------------------------------
    # The import of a file
    # ------------------------------------------------------------------

    @api.model
    def _batch_size(self):
        # a system parameter (a number of lines)
        size = self.env["ir.config_parameter"].sudo().get_param("casework_feed.batch_size", DEFAULT_BATCH_SIZE)
        return max(1, int(size))

    @api.model
    def _run_import(self, mapping, data, file_name, file_date=None, run=None):
        """Import ``data`` on a dedicated cursor, committing after every
        batch; resume the unfinished run of the same file if there is one
        (or the queued ``run`` of an upload).

        :return: (run id, final state): the caller's transaction may not see
            the run yet (it began before the run's own commits)
        :raise UserError: when another import is running
        """
        file_date = fields.Date.to_date(file_date) or fields.Date.context_today(self)
        checksum = hashlib.sha256(data).hexdigest()
        self.env.flush_all()
        context = dict(self.env.context, tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
                       mail_notrack=True)
        with self.env.registry.cursor() as cr:
            # the callers checked the feed right (import_file, the jobs, the
            # command line): the run writes what the feed owns as superuser
            env = api.Environment(cr, self.env.uid, context, su=True)
            cr.execute("SELECT pg_try_advisory_lock(%s, %s)", FEED_LOCK_KEY)
            if not cr.fetchone()[0]:
                raise UserError(self.env._(
                    "Another feed import is running: wait until it has finished, then start again."))
            try:
                run_id = env[self._name]._run_import_locked(
                    mapping.id, data, file_name, file_date, checksum, run.id if run else None)
                state = env[self._name].browse(run_id).state
            finally:
                cr.rollback()
                cr.execute("SELECT pg_advisory_unlock(%s, %s)", FEED_LOCK_KEY)
                # the lock is released in its own transaction (nothing else in it)
                cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()
        return run_id, state

    @api.model
    def _run_import_locked(self, mapping_id, data, file_name, file_date, checksum, run_id=None):
        """Import on the run's own cursor (opened by the caller with
        ``registry.cursor()`` and holding the feed lock): each batch commits
        there, so that a crash keeps the batches done and the same file
        resumes after them. Never call it on a request's or a job's cursor."""
        cr = self.env.cr
        mapping = self.env["casework.feed.mapping"].browse(mapping_id)
        run = self.browse(run_id) if run_id else self.search(
            [("mapping_id", "=", mapping_id), ("checksum", "=", checksum), ("state", "in", ("running", "failed")),
             ("is_partial", "=", False)],
            limit=1,
        )
        if run and run.state != "queued":
            _logger.info("feed: resuming run %s of %s after line %s", run.id, file_name, run.last_line)
        if run:
            run.write({"state": "running", "error": False, "checksum": checksum})
        else:
            run = self.create({
                "mapping_id": mapping_id, "file_name": file_name, "file_date": file_date, "checksum": checksum,
                "user_id": self.env.uid,
            })
        # the run is visible (running) to the users before its first batch
        cr.commit()  # pylint: disable=invalid-commit
        try:
            context = mapping._prepare_context()
            lines = list(mapping._split_lines(data))
            header = mapping._header(data)
            if header is not None:
                lines = lines[1:]
            duplicates = self._find_duplicates(mapping, lines, header, context)
            if not run.line_count:
                run.line_count = len(lines)
            todo = [item for item in lines if item[0] > run.last_line]
            size = feed_rules.batch_size(len(todo), self._batch_size())
            batches = [todo[start:start + size] for start in range(0, len(todo), size)]
            context.update(run_id=run.id, file_date=run.file_date)
            # the rows a batch creates are written by the pipeline's thread
            # while this one prepares the next batch
            pipeline = bulk_copy.CopyPipeline(self.env, CREATED_MODELS, cache=context.setdefault("bulk_copy", {}))
            with pipeline:
                decoded = self._read_batches(mapping, batches, header, context, duplicates)
                for batch, items in zip(batches, decoded, strict=True):
                    self._import_batch(mapping, run, context, batch, items, pipeline)
            if not run.is_partial:
                self._flag_absent(run)
            run.write({"state": "done", "date_end": fields.Datetime.now(), "upload_file": False})
            if run_id:
                run._notify_end()  # an upload: its user is told
            # the run's last transaction
            cr.commit()  # pylint: disable=invalid-commit
        except Exception as error:  # noqa: BLE001 - recorded on the run, the file can be resumed
            _logger.exception("feed: run %s failed", run.id)
            cr.rollback()
            self.env.invalidate_all()
            run.write({"state": "failed", "error": str(error), "date_end": fields.Datetime.now()})
            if run_id:
                run._notify_end()
            # the failure is recorded for the users, the batches done stay
            cr.commit()  # pylint: disable=invalid-commit
        return run.id

    def _import_batch(self, mapping, run, context, batch, items, pipeline):
        """Apply the rules to the lines of ``batch`` (``items``: as decoded
        by :meth:`_decode_batch`), add the new rows to the batch of
        ``pipeline`` and send it: the batch's progress is stored and
        committed once its rows are written."""
        counts, rejects = self._process_items(mapping, run, context, items, pipeline)
        counts["duplicate"] += sum(1 for number, _raw in batch if number in context["copies"])
        pipeline.after(functools.partial(self._end_batch, run, counts, rejects, batch[-1][0], len(batch)))
        pipeline.send()

    def _read_batches(self, mapping, batches, header, context, duplicates):
        """The decoded items of each of ``batches`` (:meth:`_decode_batch`),
        in order, decoded ``READ_AHEAD`` batches in advance by a thread of
        their own while this one writes.

        The reader thread works in an environment whose cursor has no
        connection (:class:`ReaderCursor`): it cannot touch the run's cursor,
        which the writing threads use meanwhile."""
        # the language of the messages, read here (once) for the reader's environment
        self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        reader_cr = ReaderCursor(self.env.cr.dbname)
        reader_cr.transaction = Transaction(self.env.registry)
        reader_env = api.Environment(reader_cr, self.env.uid, self.env.context, su=self.env.su)
        assert reader_env.lang == self.env.lang
        reader = self.with_env(reader_env)
        reader_mapping = mapping.with_env(reader_env)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="casework_feed_reader") as executor:
            ahead = deque(
                executor.submit(reader._decode_batch, reader_mapping, batch, header, context, duplicates)
                for batch in batches[:READ_AHEAD]
            )
            for index in range(1, len(batches) + 1):
                items = ahead.popleft().result()
                if index + READ_AHEAD <= len(batches):
                    ahead.append(executor.submit(
                        reader._decode_batch, reader_mapping, batches[index + READ_AHEAD - 1], header, context,
                        duplicates,
                    ))
                yield items

    @api.model
    def _find_duplicates(self, mapping, lines, header, context):
        """{(key, rank): [line numbers]} of the keys found on several lines
        whose contents differ (all of them are rejected: which is right is
        not known). A line identical to an earlier one (or but for the
        writing of its key, ``0123456`` for ``123456``) is the same line:
        its number is in ``context["copies"]`` (not imported again, counted,
        not rejected). Also sets ``context["known"]``: the (key, rank) of the
        file's persons already in Casework (one query), a hint for the
        reader thread, which prepares the creation of the others only."""
        seen = defaultdict(list)
        first_of = {}  # raw line -> its first number
        copies = set()
        prefix = context["prefix"]
        first_name_column = context["first_name_column"]
        for number, raw in lines:
            if raw in first_of:
                copies.add(number)
                continue
            first_of[raw] = number
            try:
                record = mapping._decode_record(raw, header, context)
            except FeedLineError:
                continue
            key = mapping._record_key(record, context)
            if not key:
                continue
            seen[key].append(number)
            if prefix and first_name_column and (record.get(prefix + first_name_column) or "").strip():
                seen[(key[0], "2")].append(number)
        # lines of the same key: the same but for the writing of their key
        # (0123456, 123456) are one line too (compared only here: rare)
        several = [key for key, numbers in seen.items() if len(numbers) > 1]
        raws = dict(lines) if several else {}
        key_column = context["key_column"]
        for key in several:
            numbers = seen[key]
            distinct = {}
            for number in numbers:
                if number in copies:
                    continue
                record = dict(mapping._decode_record(raws[number], header, context))
                record.pop(key_column, None)
                content = tuple(record.items())
                if content in distinct:
                    copies.add(number)
                else:
                    distinct[content] = number
        for key in several:
            seen[key] = [number for number in seen[key] if number not in copies]
        context["copies"] = frozenset(copies)
        self.env.cr.execute(
            "SELECT external_ref, external_rank FROM casework_beneficiary WHERE external_ref = ANY(%s)",
            [list({key for key, _rank in seen})],
        )
        context["known"] = {(key, str(rank)) for key, rank in self.env.cr.fetchall()}
        return {key: numbers for key, numbers in seen.items() if len(numbers) > 1}

    @api.model
    def _decode_batch(self, mapping, batch, header, context, duplicates):
        """[(line number, raw, persons or None, FeedLineError or None)]

        Runs in the run's reader thread (see :meth:`_read_batches`): pure
        Python on ``context``, no ORM, no cursor."""
        items = []
        key_column = context["key_column"]
        known = context.get("known", ())
        copies = context.get("copies", ())
        for number, raw in batch:
            if number in copies:
                continue  # the same line as an earlier one: imported once
            record = None
            try:
                record = mapping._decode_record(raw, header, context)
                persons = mapping._interpret(record, context)
                for person in persons:
                    others = duplicates.get((person["key"], str(person["rank"])))
                    if others:
                        raise FeedLineError(
                            key_column,
                            self.env._("Duplicated key %(key)s (rank %(rank)s) in the file, on lines %(lines)s.",
                                       key=person["key"], rank=person["rank"], lines=", ".join(map(str, others))),
                        )
                for person in persons:
                    if (person["key"], str(person["rank"])) not in known:
                        try:
                            self._prepare_creation(person)
                        except person_values.InvalidValue:
                            continue  # rejected by the writing thread, which checks again
                        except Exception:  # noqa: BLE001 - a hint only: the writing thread checks and rejects
                            person.pop("prepared", None)
                items.append((number, raw, persons, None))
            except FeedLineError as error:
                # the key, if the line has one: its rejects are erased with the person's dossier
                error.key = (mapping._record_key(record, context) or (None,))[0] if record is not None else None
                items.append((number, raw, None, error))
        return items

    def _end_batch(self, run, counts, rejects, last_line, lines):
        """Store the progress of a batch written and commit it."""
        self._store_progress(run, counts, rejects, last_line, lines)
        # a batch is its own transaction; not waiting for its WAL flush is
        # safe: a batch lost in a server crash is lost with the run's
        # progress, and the next run of the file redoes it
        self.env.cr.execute("SET LOCAL synchronous_commit TO OFF")
        # one transaction per batch: a crash keeps the batches done (resumable)
        self.env.cr.commit()  # pylint: disable=invalid-commit

    def _flag_absent(self, run):
        """Dossiers of this mapping not fed on the date of the completed file
        (absent from it): listed in "Exits to enter" (nothing is closed)."""
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE casework_beneficiary
                  SET feed_missing = (feed_last_seen_date IS NULL OR feed_last_seen_date < %(date)s)
                WHERE feed_mapping_id = %(mapping)s
                  AND feed_missing IS DISTINCT FROM (feed_last_seen_date IS NULL OR feed_last_seen_date < %(date)s)""",
            {"date": run.file_date, "mapping": run.mapping_id.id},
        )
        self.env["casework.beneficiary"].invalidate_model(["feed_missing"])
