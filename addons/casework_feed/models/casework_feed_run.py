import base64
import csv
import functools
import glob
import hashlib
import io
import json
import logging
import os
import re
import shutil
from collections import Counter, defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import email_normalize

from odoo.addons.casework_base.tools import phone
from odoo.addons.casework_identity.tools import name_matching

from ..tools import bulk_copy
from .casework_feed_mapping import FeedLineError

_logger = logging.getLogger(__name__)

# pg advisory lock (two int4 keys) held by the feed import: one run at a time
FEED_LOCK_KEY = (0x43574644, 1)  # "CWFD"
DEFAULT_BATCH_SIZE = 5000
READ_AHEAD = 2  # batches decoded in advance
MIN_BATCHES, MIN_BATCH_SIZE = 5, 500  # a file of 10000 lines: 5 batches of 2000
EMAIL_RE = re.compile(r"[^@\s<>,;\"()]+@[^@\s<>,;\"()]+")
# the models of the rows a file run creates (COPY statements)
CREATED_MODELS = ["res.partner", "casework.beneficiary", "casework.enrollment", "casework.referent.assignment",
                  "casework.characteristic.value"]
CONTACT_FIELDS = ("phone", "email", "street", "street2", "zip", "city")
IDENTITY_FIELDS = ("civility", "first_name", "usage_name", "birth_name", "birth_date")
# the fields of a justified identity the feed does not change (i-milo)
LOCKED_IDENTITY_FIELDS = ("civility", "first_name", "birth_name", "birth_date")


class CaseworkFeedRun(models.Model):
    """One import of a feed file (or the API pushes of a day): its summary
    counts and its rejected lines.

    The import applies the rules of the seed (Genesis → Viesion): persons
    are created and enrolled, the référent de parcours follows the file
    (réorientation), exits entered by hand for persons still in the file are
    undone, contact data are taken at creation only, characteristics get a
    new dated value when they change, and "date actualisation dossier" is set
    to the file's date. Nothing is closed for absent persons: they are listed
    in "Exits to enter".

    It commits after every batch of lines, on its own cursor, so that a crash
    leaves whole persons only and a new run of the same file resumes it.
    Only the administrators and the technical feed users run imports and
    read runs and rejects.
    """

    _name = "casework.feed.run"
    _description = "Feed run"
    _order = "id desc"

    mapping_id = fields.Many2one("casework.feed.mapping", required=True, ondelete="restrict", index=True)
    file_name = fields.Char(required=True)
    checksum = fields.Char(index=True, help="SHA-256 of the file: a new run of the same file resumes an unfinished one.")
    file_date = fields.Date(required=True, help="Date of the file: “date actualisation dossier” of every person in it.")
    is_partial = fields.Boolean(
        string="API pushes", help="Persons pushed one by one through the API: absent persons are not listed."
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")], required=True, default="running", index=True
    )
    user_id = fields.Many2one("res.users", string="Started by", default=lambda self: self.env.user)
    date_start = fields.Datetime(string="Started", default=fields.Datetime.now)
    date_end = fields.Datetime(string="Finished")
    duration = fields.Float(string="Duration (s)", compute="_compute_duration")
    line_count = fields.Integer(string="Lines")
    last_line = fields.Integer(string="Last committed line", help="Line number up to which the file is imported.")
    created_count = fields.Integer(string="Created")
    updated_count = fields.Integer(string="Updated")
    unchanged_count = fields.Integer(string="Unchanged")
    rejected_count = fields.Integer(string="Rejected lines")
    warning_count = fields.Integer(
        string="Warnings", help="Lines imported with a warning, e.g. a justified identity that differs from the file."
    )
    duplicate_count = fields.Integer(
        string="Identical lines", help="Lines identical to an earlier line of the file: imported once, not rejected."
    )
    reorientation_count = fields.Integer(string="Réorientations")
    return_count = fields.Integer(string="Returns", help="Exits entered by hand undone because the person is still in the file.")
    error = fields.Text(readonly=True)
    query_count = fields.Integer(string="SQL queries", readonly=True, help="Queries of the run, for the benchmarks.")
    reject_ids = fields.One2many("casework.feed.reject", "run_id", string="Rejects")
    rejects_csv = fields.Binary(string="Rejects (CSV)", compute="_compute_rejects_csv")
    rejects_csv_name = fields.Char(compute="_compute_rejects_csv")

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for run in self:
            run.duration = (run.date_end - run.date_start).total_seconds() if run.date_end and run.date_start else 0.0

    def _compute_display_name(self):
        for run in self:
            run.display_name = f"{run.mapping_id.name} – {run.file_name} ({run.file_date})"

    @api.depends("reject_ids")
    def _compute_rejects_csv(self):
        for run in self:
            run.rejects_csv = base64.b64encode(run._rejects_csv_bytes())
            run.rejects_csv_name = f"rejects-{run.file_name or run.id}.csv"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_download_rejects(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=rejects_csv"
            "&filename_field=rejects_csv_name&download=true",
            "target": "self",
        }

    def action_open_rejects(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Rejected lines"),
            "res_model": "casework.feed.reject",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Public API (JSON-RPC / XML-RPC of the technical feed users)
    # ------------------------------------------------------------------

    @api.model
    def api_push_person(self, mapping_code, record):
        """Import one line (a dict column -> value, as a JSON line of the
        file) with the mapping ``mapping_code``, with the rules of the file.

        :return: {"status": "created"|"updated"|"unchanged"|"rejected",
                  "dossiers": [{"external_ref", "rank", "number"}],
                  "rejects": [{"column", "reason"}],
                  "warnings": [{"column", "reason"}]} (a warning: the line
                  is imported, something is to be checked, e.g. a justified
                  identity kept although the line differs)
        """
        self._check_feed_access()
        mapping = self.env["casework.feed.mapping"]._get_by_code(mapping_code)
        if not isinstance(record, dict):
            raise UserError(_("The person must be given as a dictionary of the mapping's columns."))
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", FEED_LOCK_KEY)
        if not self.env.cr.fetchone()[0]:
            raise UserError(_("A feed import is running: push the person again when it has finished."))
        sudo = self.sudo()
        today = fields.Date.context_today(self)
        run = sudo.search(
            [("mapping_id", "=", mapping.id), ("is_partial", "=", True), ("file_date", "=", today)], limit=1
        ) or sudo.create(
            {"mapping_id": mapping.id, "file_name": "API", "file_date": today, "is_partial": True, "state": "done"}
        )
        # the API receives text: its rejects keep it as such (a file's lines
        # are bytes, decoded with the mapping's encoding)
        raw = json.dumps(record, ensure_ascii=False, default=str)
        context = dict(mapping.sudo()._prepare_context(), run_id=run.id, file_date=run.file_date)
        number = run.line_count + 1
        try:
            decoded = {str(k): "" if v is None else str(v) for k, v in record.items()}
            persons = mapping.sudo()._interpret(decoded, context)
            line_items = [(number, raw, persons, None)]
        except FeedLineError as error:
            error.key = (mapping._record_key(decoded, context) or (None,))[0]
            line_items = [(number, raw, None, error)]
        counts, rejects = sudo.with_context(casework_feed_orm=True)._process_items(
            mapping.sudo(), run, context, line_items
        )
        sudo._store_progress(run, counts, rejects, number)
        warnings = [r for r in rejects if r.get("severity") == "warning"]
        rejects = [r for r in rejects if r.get("severity") != "warning"]
        result = {"status": "rejected" if rejects else "unchanged", "dossiers": [], "rejects": [],
                  "warnings": [{"column": r["column"], "reason": r["reason"]} for r in warnings]}
        if rejects:
            result["rejects"] = [{"column": r["column"], "reason": r["reason"]} for r in rejects]
            return result
        for status in ("updated", "created"):
            if counts[status]:
                result["status"] = status
        dossiers = self.env["casework.beneficiary"].sudo().search(
            [("external_ref", "=", persons[0]["key"])], order="external_rank"
        )
        result["dossiers"] = [
            {"external_ref": d.external_ref, "rank": d.external_rank, "number": d.number} for d in dossiers
        ]
        return result

    @api.model
    def api_dossier_status(self, external_ref):
        """Active-file status of the dossiers of the external key
        ``external_ref`` (one per person rank), without access to the rest of
        the dossier."""
        self._check_feed_access()
        dossiers = self._dossiers_of_key(external_ref)
        today = fields.Date.context_today(self)
        result = []
        for dossier in dossiers:
            current = dossier.assignment_ids.filtered(lambda a: a.role == "parcours" and a._is_current_on(today))[:1]
            result.append({
                "external_ref": dossier.external_ref,
                "rank": dossier.external_rank,
                "number": dossier.number,
                "state": dossier.state,
                "referent_login": current.user_id.login or False,
                "referent_since": fields.Date.to_string(current.date_start) if current else False,
                "in_active_file": bool(current),
                "feed_last_seen_date": fields.Date.to_string(dossier.feed_last_seen_date),
                "exit_to_enter": dossier.feed_missing and bool(current),
            })
        return result

    @api.model
    def api_last_rejects(self, mapping_code):
        """Summary and rejected lines of the last file run of ``mapping_code``.

        :return: {"run": {...counts}, "rejects": [{"line", "column", "reason", "raw"}], "csv": base64 text}
        """
        self._check_feed_access()
        mapping = self.env["casework.feed.mapping"]._get_by_code(mapping_code)
        run = self.search([("mapping_id", "=", mapping.id), ("is_partial", "=", False)], limit=1)
        if not run:
            return {"run": False, "rejects": [], "csv": ""}
        summary = run.read(
            ["file_name", "file_date", "state", "line_count", "created_count", "updated_count", "unchanged_count",
             "rejected_count", "warning_count", "duplicate_count", "reorientation_count", "return_count"]
        )[0]
        summary["file_date"] = fields.Date.to_string(summary["file_date"])
        return {
            "run": summary,
            "rejects": [
                {"line": r.line_number, "column": r.column or "", "reason": r.reason, "raw": r.raw_line or "",
                 "severity": r.severity}
                for r in run.reject_ids
            ],
            "csv": base64.b64encode(run._rejects_csv_bytes()).decode(),
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _cron_import_folder(self):
        """Daily job: import the files of the feed folder (system parameter
        ``casework_feed.folder``) with the mapping whose file pattern
        they match, oldest name first; a file whose run is done is moved to
        the ``done/`` subfolder, a failed one stays to be resumed next time."""
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
    def _check_feed_access(self):
        user = self.env.user
        if self.env.su or user.has_group("casework_base.group_casework_admin") or user.has_group(
            "casework_feed.group_casework_feed"
        ):
            return
        raise AccessError(_("Only the administrators and the technical feed users can import feed files."))

    def _rejects_csv_bytes(self):
        self.ensure_one()
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([_("Line"), _("Column"), _("Reason"), _("Raw line"), _("Severity")])
        severities = dict(self.env["casework.feed.reject"]._fields["severity"]._description_selection(self.env))
        for reject in self.reject_ids:
            writer.writerow([reject.line_number, reject.column or "", reject.reason, reject.raw_line or "",
                             severities[reject.severity]])
        return out.getvalue().encode("utf-8-sig")

    @api.model
    def _batch_size(self):
        size = self.env.context.get("casework_feed_batch_size") or self.env["ir.config_parameter"].sudo().get_param(
            "casework_feed.batch_size", DEFAULT_BATCH_SIZE
        )
        return max(1, int(size))

    @api.model
    def _run_import(self, mapping, data, file_name, file_date=None):
        """Import ``data`` on a dedicated cursor, committing after every
        batch; resume the unfinished run of the same file if there is one.

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
            env = api.Environment(cr, self.env.uid, context, su=True)
            cr.execute("SELECT pg_try_advisory_lock(%s, %s)", FEED_LOCK_KEY)
            if not cr.fetchone()[0]:
                raise UserError(_("Another feed import is running: wait until it has finished, then start again."))
            try:
                run_id = env[self._name]._run_import_locked(mapping.id, data, file_name, file_date, checksum)
                state = env[self._name].browse(run_id).state
            finally:
                cr.rollback()
                cr.execute("SELECT pg_advisory_unlock(%s, %s)", FEED_LOCK_KEY)
                cr.commit()
        self.env.invalidate_all()
        return run_id, state

    @api.model
    def _run_import_locked(self, mapping_id, data, file_name, file_date, checksum):
        """Import on the run's own cursor (opened by the caller with
        ``registry.cursor()`` and holding the feed lock): each batch commits
        there, so that a crash keeps the batches done and the same file
        resumes after them. Never call it on a request's or a job's cursor."""
        cr = self.env.cr
        mapping = self.env["casework.feed.mapping"].browse(mapping_id)
        run = self.search(
            [("mapping_id", "=", mapping_id), ("checksum", "=", checksum), ("state", "in", ("running", "failed")),
             ("is_partial", "=", False)],
            limit=1,
        )
        if run:
            _logger.info("feed: resuming run %s of %s after line %s", run.id, file_name, run.last_line)
            run.write({"state": "running", "error": False})
        else:
            run = self.create({
                "mapping_id": mapping_id, "file_name": file_name, "file_date": file_date, "checksum": checksum,
                "user_id": self.env.uid,
            })
        cr.commit()
        queries_before = getattr(cr, "sql_log_count", 0)
        crash_after = self.env.context.get("casework_feed_test_crash_after_batch")
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
            # the configured size at most; a smaller file in a few batches
            # at least, so that writing one overlaps preparing the next
            size = min(self._batch_size(), max(MIN_BATCH_SIZE, -(-len(todo) // MIN_BATCHES)))
            batches = [todo[start:start + size] for start in range(0, len(todo), size)]
            context.update(run_id=run.id, file_date=run.file_date)
            # the next batches' lines are decoded and interpreted in a thread
            # of its own (pure Python on ``context``: neither the ORM nor the
            # cursor there); the rows a batch creates are written by the
            # pipeline's thread while this one prepares the next batch
            pipeline = bulk_copy.CopyPipeline(self.env, CREATED_MODELS, cache=context.setdefault("bulk_copy", {}))
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="casework_feed_reader") as reader, pipeline:
                ahead = deque(
                    reader.submit(self._decode_batch, mapping, batch, header, context, duplicates)
                    for batch in batches[:READ_AHEAD]
                )
                for index, batch in enumerate(batches, 1):
                    items = ahead.popleft().result()
                    if index + READ_AHEAD <= len(batches):
                        ahead.append(reader.submit(
                            self._decode_batch, mapping, batches[index + READ_AHEAD - 1], header, context, duplicates
                        ))
                    counts, rejects = self._process_items(mapping, run, context, items, pipeline)
                    counts["duplicate"] += sum(1 for number, _raw in batch if number in context["copies"])
                    if crash_after is not None and index > crash_after:
                        # test hook: a crash in the middle of a batch, after its writes
                        pipeline.send()
                        pipeline.wait()
                        raise RuntimeError("casework_feed_test_crash_after_batch")
                    pipeline.after(functools.partial(self._end_batch, run, counts, rejects, batch[-1][0]))
                    pipeline.send()
            if not run.is_partial:
                self._flag_absent(run)
            run.write({
                "state": "done", "date_end": fields.Datetime.now(),
                "query_count": run.query_count + getattr(cr, "sql_log_count", 0) - queries_before,
            })
            cr.commit()
        except Exception as error:  # noqa: BLE001 - recorded on the run, the file can be resumed
            _logger.exception("feed: run %s failed", run.id)
            cr.rollback()
            self.env.invalidate_all()
            run.write({"state": "failed", "error": str(error), "date_end": fields.Datetime.now()})
            cr.commit()
        return run.id

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

        Runs in the run's reader thread: pure Python on ``context`` (which
        also gives the language of the messages), no ORM, no cursor."""
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
                            _("Duplicated key %(key)s (rank %(rank)s) in the file, on lines %(lines)s.",
                              key=person["key"], rank=person["rank"], lines=", ".join(map(str, others))),
                        )
                for person in persons:
                    if (person["key"], str(person["rank"])) not in known:
                        try:
                            self._prepare_creation(mapping, person)
                        except Exception:  # noqa: BLE001 - a hint only: the writing thread checks and rejects
                            person.pop("prepared", None)
                            person["contact"].pop("phone_e164", None)
                items.append((number, raw, persons, None))
            except FeedLineError as error:
                # the key, if the line has one: its rejects are erased with the person's dossier
                error.key = (mapping._record_key(record, context) or (None,))[0] if record is not None else None
                items.append((number, raw, None, error))
        return items

    @api.model
    def _prepare_creation(self, mapping, person):
        """What the dossier of ``person`` needs from the line alone if it is
        created (phone in E.164, name, normalised name for the duplicate
        search, normalised e-mail), kept in ``person["prepared"]`` and
        returned. The reader thread computes it for the persons the run does
        not know yet, so that the writing thread has less to do; the writing
        thread for the others it creates. Pure Python."""
        contact = person["contact"]
        if contact.get("phone") and "phone_e164" not in contact:
            try:
                contact["phone_e164"] = phone.to_e164(contact["phone"])
            except phone.InvalidPhone:
                contact["phone_e164"] = None  # rejected by _check_contact, in the writing thread
        person["prepared"] = {
            "name": self.env["casework.beneficiary"]._compose_name(person.get("first_name"), person.get("usage_name")),
            "search_name": name_matching.search_name(
                person.get("first_name"), person.get("usage_name"), person.get("birth_name")),
            "email_normalized": self._email_normalized(contact.get("email")),
        }
        return person["prepared"]

    def _end_batch(self, run, counts, rejects, last_line):
        """Store the progress of a batch written and commit it."""
        self._store_progress(run, counts, rejects, last_line)
        # a batch is its own transaction; not waiting for its WAL flush is
        # safe: a batch lost in a server crash is lost with the run's
        # progress, and the next run of the file redoes it
        self.env.cr.execute("SET LOCAL synchronous_commit TO OFF")
        self.env.cr.commit()

    def _store_progress(self, run, counts, rejects, last_line):
        warnings = sum(1 for reject in rejects if reject.get("severity") == "warning")
        if rejects:
            self.env["casework.feed.reject"].create([dict(reject, run_id=run.id) for reject in rejects])
        run.write({
            "last_line": last_line,
            "line_count": max(run.line_count, last_line if run.is_partial else run.line_count),
            "created_count": run.created_count + counts["created"],
            "updated_count": run.updated_count + counts["updated"],
            "unchanged_count": run.unchanged_count + counts["unchanged"],
            "rejected_count": run.rejected_count + len(rejects) - warnings,
            "warning_count": run.warning_count + warnings,
            "duplicate_count": run.duplicate_count + counts["duplicate"],
            "reorientation_count": run.reorientation_count + counts["reorientation"],
            "return_count": run.return_count + counts["return"],
        })

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

    # ------------------------------------------------------------------
    # The rules, on a batch of lines
    # ------------------------------------------------------------------

    def _process_items(self, mapping, run, context, items, pipeline=None):
        """Apply the feed rules to the persons of ``items``; return the counts
        and the rejects (dicts for casework.feed.reject).

        With a ``pipeline`` (``bulk_copy.CopyPipeline``, a file run), the new
        dossiers' rows are added to its batch, written when the caller sends
        it; the previous batch may still be in flight meanwhile: this waits
        for it before any query."""
        counts = Counter(created=0, updated=0, unchanged=0, reorientation=0, duplicate=0, **{"return": 0})
        rejects = []
        persons = []
        for number, raw, line_persons, error in items:
            if error is not None:
                rejects.append(self._reject_vals(number, error.column, error.reason, raw, context, error.key))
                continue
            for person in line_persons:
                person["line"] = number
                person["raw"] = raw
            persons.extend(line_persons)
        if not persons:
            return counts, rejects
        cr = self.env.cr
        known = context.get("known")
        if known is not None and not any((p["key"], str(p["rank"])) in known for p in persons):
            # a file run knows its known persons (asked under the feed lock:
            # no other run nor push creates persons meanwhile): none here
            existing = {}
        else:
            if pipeline is not None:
                pipeline.wait()
            self.env.flush_all()
            cr.execute(
                """SELECT id, external_ref, external_rank, civility, first_name, usage_name, birth_name, birth_date,
                          identity_justified
                     FROM casework_beneficiary WHERE external_ref = ANY(%s)""",
                [list({p["key"] for p in persons})],
            )
            existing = {(row[1], row[2]): row for row in cr.fetchall()}
        # a line whose person cannot be created is rejected as a whole
        to_create, line_rejected = [], set()
        for person in persons:
            if (person["key"], person["rank"]) in existing or person["line"] in line_rejected:
                continue
            missing = [t for t in ("civility", "first_name", "usage_name", "birth_date") if not person.get(t)]
            try:
                if missing:
                    raise FeedLineError(
                        self._column_of(context, missing[0], person["rank"]),
                        _("Unknown person: %(field)s is needed to create the dossier.", field=missing[0]),
                    )
                mapping._check_contact(person, context)
            except FeedLineError as error:
                line_rejected.add(person["line"])
                rejects.append(self._reject_vals(person["line"], error.column, error.reason, person["raw"], context,
                                                 person["key"]))
        persons = [p for p in persons if p["line"] not in line_rejected]
        to_create = [p for p in persons if (p["key"], p["rank"]) not in existing]
        to_update = [p for p in persons if (p["key"], p["rank"]) in existing]
        if to_create:
            self._create_persons(mapping, run, context, to_create, pipeline)
            counts["created"] += len(to_create)
        if to_update:
            if pipeline is not None:
                pipeline.wait()
            rejects += self._update_persons(mapping, run, context, to_update, existing, counts)
            self.env.flush_all()
        return counts, rejects

    def _reject_vals(self, number, column, reason, raw, context, key=None):
        """Values of a ``casework.feed.reject``: ``raw`` is the line as read
        (bytes of a file, decoded with the mapping's encoding, or the text
        an API push received); ``key``: the external key of the line, when
        it could be read (normalised as the mapping compares keys)."""
        if isinstance(raw, bytes):
            raw = raw.decode(context["encoding"], errors="replace")
        return {"line_number": number, "column": column or "", "reason": reason, "raw_line": raw,
                "external_ref": key or False}

    def _column_of(self, context, target, rank):
        for column, line_target, _type_id, _required in context["lines"]:
            if line_target == target:
                return context["prefix"] + column if rank == 2 else column
        return ""

    def _create_persons(self, mapping, run, context, persons, pipeline=None):
        """Create the dossiers of unknown persons, enrolled in the mapping's
        programme (entrée) with their référent de parcours from the
        designation date, and their characteristics.

        File runs write them with batched SQL (one ``COPY`` per table, ``tools/bulk_copy.py``, in the batch of
        ``pipeline``: written when the caller sends it); a single person pushed through the API goes through the ORM
        (``casework_feed_orm`` in the context)."""
        if not self.env.context.get("casework_feed_orm"):
            prepared = [person.get("prepared") or self._prepare_creation(mapping, person) for person in persons]
            if pipeline is None:
                with bulk_copy.BatchCopy(self.env, CREATED_MODELS, cache=context.setdefault("bulk_copy", {})) as batch:
                    return self._create_persons_sql(context, persons, prepared, batch)
            return self._create_persons_sql(context, persons, prepared, pipeline)
        columns = self._creation_columns(context, persons)

        def vals_list(model_name):
            names, constants = columns[model_name]
            return [dict(constants, **dict(zip(names, row))) for row in zip(*names.values())]

        dossier_vals = vals_list("casework.beneficiary")
        for vals, enrollment, assignment in zip(
            dossier_vals, vals_list("casework.enrollment"), vals_list("casework.referent.assignment")
        ):
            vals["enrollment_ids"] = [Command.create(enrollment)]
            vals["assignment_ids"] = [Command.create(assignment)]
        dossiers = self.env["casework.beneficiary"].create(dossier_vals)
        self.env["casework.characteristic.value"].create([
            dict(parsed, beneficiary_id=dossiers[index].id, type_id=type_id, date=context["file_date"])
            for index, type_id, parsed in columns["casework.characteristic.value"]
        ])
        return dossiers

    def _creation_columns(self, context, persons):
        """What creating the dossiers of ``persons`` writes (from ``context``,
        not from the records: their cache may be invalidated while a file
        run's previous batch is in flight, no query then): {model:
        (columns {field: [value of each person]}, constants {field: value})}
        for the dossiers, enrolments and assignments (one each per person),
        and [(index of the person, characteristic type id, write values)]
        for the characteristic values (``casework.characteristic.value``)."""
        file_date = context["file_date"]
        contacts = [person["contact"] for person in persons]
        starts = [person.get("designation_date") or file_date for person in persons]
        default_territory = context["territory_id"]
        update_type_id = context["update_type_id"]
        values = []
        for index, person in enumerate(persons):
            values.extend((index, type_id, parsed) for type_id, parsed in person["characteristics"].items())
            values.append((index, update_type_id, {"value_date": file_date}))
        return {
            "casework.beneficiary": ({
                "civility": [person["civility"] for person in persons],
                "first_name": [person["first_name"] for person in persons],
                "usage_name": [person["usage_name"] for person in persons],
                "birth_name": [person.get("birth_name") or False for person in persons],
                "birth_date": [person["birth_date"] for person in persons],
                "territory_id": [person.get("territory_id") or default_territory for person in persons],
                **{name: [contact.get(name) or False for contact in contacts] for name in CONTACT_FIELDS},
                "external_ref": [person["key"] for person in persons],
                "external_rank": [person["rank"] for person in persons],
            }, {
                "feed_mapping_id": context["mapping_id"], "feed_last_run_id": context["run_id"],
                "feed_last_seen_date": file_date, "feed_missing": False,
            }),
            "casework.enrollment": ({"date_entry": starts}, {"program_id": context["program_id"]}),
            "casework.referent.assignment": (
                {"user_id": [person["referent"] for person in persons], "date_start": starts}, {"role": "parcours"},
            ),
            "casework.characteristic.value": values,
        }

    def _create_persons_sql(self, context, persons, prepared, pipeline):
        """The hot path of a file run (``prepared``: ``_prepare_creation``
        of each person): the dossiers (partner + dossier), enrolments,
        assignments and characteristic values of a batch added column by
        column to the batch of ``pipeline`` (``bulk_copy.CopyPipeline``: one
        COPY per table, foreign keys checked per batch), without query while
        the previous batch is in flight (ids and numbers from the pipeline's
        connection, what the rows need from the database asked once per
        run). The stored computed fields this module knows are given with the
        rows (same values as their computes); any other stored computed field
        (added by another module) is recomputed by the ORM once the rows are
        written. The lines were validated by the parser; database
        constraints still apply."""
        Beneficiary = self.env["casework.beneficiary"]
        columns = self._creation_columns(context, persons)
        value_rows = columns["casework.characteristic.value"]
        constants = self._creation_constants(pipeline, {type_id for _index, type_id, _parsed in value_rows})
        count = len(persons)
        partner_ids = pipeline.next_ids("res_partner", count)
        dossier_ids = pipeline.next_ids("casework_beneficiary", count)
        # the dossier's columns: the partner's (inherited) and its own
        dossier_columns, dossier_constants = columns["casework.beneficiary"]
        partner_columns = {name: v for name, v in dossier_columns.items() if Beneficiary._fields[name].inherited}
        own_columns = {name: v for name, v in dossier_columns.items() if not Beneficiary._fields[name].inherited}
        given = []  # (records, the fields given with their rows)

        def insert(model_name, ids, model_columns, model_constants):
            records = pipeline.insert_columns(model_name, ids, model_columns, model_constants)
            given.append((records, set(model_columns) | set(model_constants)))

        names = [ready["name"] for ready in prepared]
        insert("res.partner", partner_ids, dict(
            partner_columns, name=names, complete_name=names, commercial_partner_id=partner_ids,
            email_normalized=[ready["email_normalized"] for ready in prepared],
            phone_sanitized=partner_columns.get("phone") or [False] * count,
        ), {
            "type": "contact", "partner_share": True, "user_id": False, "company_registry": False,
            "commercial_company_name": False, "lang": constants["lang"], "properties": False,
            **{name: value for name, value in dossier_constants.items() if Beneficiary._fields[name].inherited},
        })
        gender_of = {"mme": "female", "m": "male"}
        insert("casework.beneficiary", dossier_ids, dict(
            own_columns, number=self._next_dossier_numbers(count, pipeline, constants), partner_id=partner_ids,
            gender=[gender_of.get(civility, False) for civility in own_columns["civility"]],
            search_name=[ready["search_name"] for ready in prepared],
        ), {
            "state": "entree", "last_notice_date": False, "last_notice_motive": False,
            # the other stored computed fields of a new dossier, given with the row
            "best_education_id": False, "education_level_id": False, "is_dormant": False,
            **{name: value for name, value in dossier_constants.items() if not Beneficiary._fields[name].inherited},
        })
        territories = own_columns["territory_id"]
        links = {"beneficiary_id": dossier_ids, "territory_id": territories}
        enrollment_columns, enrollment_constants = columns["casework.enrollment"]
        insert(
            "casework.enrollment", pipeline.next_ids("casework_enrollment", count),
            dict(enrollment_columns, **links), dict(enrollment_constants, state="entree", is_positive_exit=False),
        )
        assignment_columns, assignment_constants = columns["casework.referent.assignment"]
        insert(
            "casework.referent.assignment", pipeline.next_ids("casework_referent_assignment", count),
            dict(assignment_columns, **links), assignment_constants,
        )
        # characteristic values: one column per value field met, empty for the others
        types, options, yes_no = constants["types"], constants["options"], constants["yes_no"]
        value_fields = sorted({field for _index, _type_id, parsed in value_rows for field in parsed})
        value_columns = {name: [] for name in ("beneficiary_id", "type_id", "family_id", "value_display", *value_fields)}
        for index, type_id, parsed in value_rows:
            value_type, family_id = types[type_id]
            value_columns["beneficiary_id"].append(dossier_ids[index])
            value_columns["type_id"].append(type_id)
            value_columns["family_id"].append(family_id)
            if "option_id" in parsed:
                value_columns["value_display"].append(options.get(parsed["option_id"], ""))
            else:
                value_columns["value_display"].append(self._value_display(value_type, parsed, yes_no))
            for field in value_fields:
                value_columns[field].append(parsed.get(field, False))
        insert(
            "casework.characteristic.value", pipeline.next_ids("casework_characteristic_value", len(value_rows)),
            value_columns, {"date": context["file_date"], "is_current": True},
        )
        pipeline.after(functools.partial(self._compute_created, given))
        return Beneficiary.browse(dossier_ids)

    def _creation_constants(self, pipeline, type_ids):
        """What the rows of new dossiers need from the database, asked once
        per run (in the cache of ``pipeline``; it waits for the batch in
        flight first): partners' language, labels, the dossiers' sequence,
        the characteristic types of ``type_ids`` (value type, family) and
        their options' names."""
        constants = pipeline.cache.setdefault("creation", {"types": {}, "options": {}})
        missing = set(type_ids) - set(constants["types"])
        if missing or "lang" not in constants:
            pipeline.wait()
            constants["lang"] = self.env["res.partner"].default_get(["lang"]).get("lang") or self.env.lang
            constants["yes_no"] = (_("Yes"), _("No"))
            constants["sequence"] = self._dossier_sequence()
            for ctype in self.env["casework.characteristic.type"].browse(missing):
                constants["types"][ctype.id] = (ctype.value_type, ctype.family_id.id)
                constants["options"].update((option.id, option.name) for option in ctype.option_ids)
        return constants

    def _compute_created(self, given):
        """Once the rows of new records are written: the stored computed
        fields not given with them (``given``: [(records, names of the fields
        given)]), added by other modules, computed by the ORM."""
        self.env.invalidate_all()
        for records, names in given:
            for field in records._fields.values():
                # images (stored binaries computed from other images) are empty
                if field.store and field.compute and field.type != "binary" and field.name not in names:
                    self.env.add_to_compute(field, records)
        self.env.flush_all()
        self.env.invalidate_all()

    @api.model
    def _email_normalized(self, email):
        """``email_normalized`` of a partner (as its compute), without the
        cost of the full parser for plain addresses."""
        if not email:
            return False
        if EMAIL_RE.fullmatch(email):
            return email.lower()
        return email_normalize(email)

    @api.model
    def _value_display(self, value_type, value, yes_no):
        """``value_display`` of a new characteristic value that is not a
        selection (as its compute); ``yes_no``: the translated labels.
        Pure Python."""
        if value_type == "date":
            return value["value_date"].strftime("%d/%m/%Y") if value.get("value_date") else ""
        if value_type == "float":
            return f"{value.get('value_float') or 0.0:g}"
        if value_type == "boolean":
            return yes_no[0] if value.get("value_boolean") else yes_no[1]
        return value.get("value_char") or ""

    def _dossier_sequence(self):
        """(PostgreSQL sequence, prefix, suffix, padding) of the dossiers'
        numbers, or None when the sequence is not a plain one (numbers then
        taken one by one through the ORM)."""
        sequence = self.env["ir.sequence"].search([("code", "=", "casework.beneficiary")], limit=1)
        if not sequence or sequence.implementation != "standard" or sequence.use_date_range:
            return None
        prefix, suffix = sequence._get_prefix_suffix()
        return "ir_sequence_%03d" % sequence.id, prefix, suffix, sequence.padding

    def _next_dossier_numbers(self, count, pipeline, constants):
        """``count`` dossier numbers from the sequence, in one query on the
        connection of ``pipeline``."""
        if constants["sequence"] is None:
            pipeline.wait()
            return [self.env["ir.sequence"].next_by_code("casework.beneficiary") or _("New") for _i in range(count)]
        name, prefix, suffix, padding = constants["sequence"]
        return [f"{prefix}{'%0*d' % (padding, value)}{suffix}" for value in pipeline.next_values(name, count)]

    def _update_persons(self, mapping, run, context, persons, existing, counts):
        """Known persons: referent (réorientation), exits undone, identity and
        characteristics when they changed, date actualisation, last seen.

        The identity follows the file, except the locked fields of a
        justified identity (i-milo: civility, first name, birth name and
        birth date), kept as they are: a warning line of the run says which
        fields differ. Every identity change is traced in the dossier's
        chatter (one message naming the run, with the old and new values).

        :return: the warning lines (dicts for ``casework.feed.reject``)
        """
        cr = self.env.cr
        file_date = run.file_date
        ids = [existing[(p["key"], p["rank"])][0] for p in persons]
        cr.execute(
            """SELECT DISTINCT ON (beneficiary_id) beneficiary_id, id, user_id, date_start, date_end
                 FROM casework_referent_assignment
                WHERE beneficiary_id = ANY(%s) AND role = 'parcours'
             ORDER BY beneficiary_id, date_start DESC, id DESC""",
            [ids],
        )
        assignments = {row[0]: row for row in cr.fetchall()}
        cr.execute(
            """SELECT DISTINCT ON (beneficiary_id) beneficiary_id, id, date_entry, date_exit
                 FROM casework_enrollment
                WHERE beneficiary_id = ANY(%s) AND program_id = %s
             ORDER BY beneficiary_id, date_entry DESC, id DESC""",
            [ids, mapping.program_id.id],
        )
        enrollments = {row[0]: row for row in cr.fetchall()}
        type_ids = list(context["types"]) + [context["update_type_id"]]
        cr.execute(
            """SELECT beneficiary_id, type_id, id, option_id, value_char, value_date, value_float, value_boolean
                 FROM casework_characteristic_value
                WHERE is_current AND beneficiary_id = ANY(%s) AND type_id = ANY(%s)""",
            [ids, type_ids],
        )
        current_values = {}
        for row in cr.fetchall():
            current_values[(row[0], row[1])] = {
                "id": row[2], "option_id": row[3], "value_char": row[4], "value_date": row[5],
                "value_float": row[6], "value_boolean": row[7],
            }
        Assignment = self.env["casework.referent.assignment"]
        Enrollment = self.env["casework.enrollment"]
        Beneficiary = self.env["casework.beneficiary"]
        new_assignments, reopen_assignments, reopen_enrollments, new_enrollments = [], [], [], []
        new_values, refresh_update_ids, identity_writes, identity_warnings = [], [], [], []
        for person, dossier_id in zip(persons, ids):
            row = existing[(person["key"], person["rank"])]
            changed = returned = False
            # identity follows the administrative system (contact data do not)
            identity = {}
            for index, name in enumerate(IDENTITY_FIELDS, 3):
                if person.get(name) and person[name] != row[index]:
                    identity[name] = person[name]
            if identity and row[8]:
                # a justified identity: its locked fields stay as checked
                locked = {name: identity.pop(name) for name in LOCKED_IDENTITY_FIELDS if name in identity}
                if locked:
                    identity_warnings.append((person, dossier_id, locked))
            if identity:
                identity_writes.append((dossier_id, identity))
                changed = True
            # référent de parcours
            referent = person["referent"]
            designation = person.get("designation_date") or file_date
            assignment = assignments.get(dossier_id)
            if not assignment:
                new_assignments.append({"beneficiary_id": dossier_id, "user_id": referent, "role": "parcours",
                                        "date_start": designation})
                changed = True
            else:
                _bid, assignment_id, user_id, date_start, date_end = assignment
                if user_id == referent:
                    if date_end:
                        # an exit entered by hand while the person is still fed
                        reopen_assignments.append(assignment_id)
                        returned = True
                else:
                    start = designation if designation > date_start else file_date
                    if date_end and date_end < start:
                        # exited by hand, then designated to someone else
                        returned = True
                    else:
                        start = max(start, date_start + timedelta(days=1))
                        counts["reorientation"] += 1
                    new_assignments.append({"beneficiary_id": dossier_id, "user_id": referent, "role": "parcours",
                                            "date_start": start})
                    changed = True
            # enrolment in the programme
            enrollment = enrollments.get(dossier_id)
            if not enrollment:
                new_enrollments.append({"beneficiary_id": dossier_id, "program_id": mapping.program_id.id,
                                        "date_entry": designation})
                changed = True
            elif enrollment[3]:
                reopen_enrollments.append(enrollment[1])
                returned = True
            # characteristics, with history, only when they change
            for type_id, parsed in person["characteristics"].items():
                current = current_values.get((dossier_id, type_id))
                field, value = next(iter(parsed.items()))
                if current and current[field] == value:
                    continue
                new_values.append({"beneficiary_id": dossier_id, "type_id": type_id, "date": file_date, **parsed})
                changed = True
            update_value = current_values.get((dossier_id, context["update_type_id"]))
            if not update_value:
                new_values.append({"beneficiary_id": dossier_id, "type_id": context["update_type_id"],
                                   "date": file_date, "value_date": file_date})
            elif update_value["value_date"] != file_date:
                refresh_update_ids.append(update_value["id"])
            if returned:
                counts["return"] += 1
                changed = True
            counts["updated" if changed else "unchanged"] += 1
        if identity_writes:
            rows = {existing[(p["key"], p["rank"])][0]: existing[(p["key"], p["rank"])] for p in persons}
            self._trace_identity_changes(run, [
                (dossier_id, dict(zip(IDENTITY_FIELDS, rows[dossier_id][3:8])), identity)
                for dossier_id, identity in identity_writes
            ])
        for dossier_id, identity in identity_writes:
            # traced above: no second message from the fields' tracking
            Beneficiary.browse(dossier_id).with_context(mail_notrack=True).write(identity)
        if reopen_assignments:
            Assignment.browse(reopen_assignments).write({"date_end": False})
        if new_assignments:
            Assignment.create(new_assignments)
        if reopen_enrollments:
            Enrollment.browse(reopen_enrollments).write({"date_exit": False})
        if new_enrollments:
            Enrollment.create(new_enrollments)
        if new_values:
            self.env["casework.characteristic.value"].create(new_values)
        self.env.flush_all()
        if refresh_update_ids:
            # hot path (every person, every day): the date actualisation is
            # bookkeeping, moved forward in place rather than kept as history
            cr.execute(
                """UPDATE casework_characteristic_value
                      SET value_date = %(date)s, date = %(date)s, value_display = %(display)s,
                          write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                    WHERE id = ANY(%(ids)s)""",
                {"date": file_date, "display": file_date.strftime("%d/%m/%Y"), "uid": self.env.uid,
                 "ids": refresh_update_ids},
            )
        # only rows whose feed data change: a second run of the same file writes nothing
        cr.execute(
            """UPDATE casework_beneficiary
                  SET feed_last_seen_date = %(date)s, feed_last_run_id = %(run)s, feed_missing = false,
                      feed_mapping_id = %(mapping)s
                WHERE id = ANY(%(ids)s)
                  AND (feed_last_seen_date IS DISTINCT FROM %(date)s OR feed_missing
                       OR feed_mapping_id IS DISTINCT FROM %(mapping)s)""",
            {"date": file_date, "run": run.id, "mapping": mapping.id, "ids": ids},
        )
        self.env.invalidate_all()
        return self._justified_identity_warnings(run, context, identity_warnings)
