import base64
import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from .casework_feed_mapping import FeedLineError
from .casework_feed_run_import import FEED_LOCK_KEY


class CaseworkFeedRun(models.Model):
    """The feed's API for external systems (JSON-2: ``/json/2/casework.feed.run/<method>``
    with the API key of a technical feed user): push a person, read the
    active-file status of an external key, read the rejects of the last file
    run. Each method checks the feed right first (administrators and
    technical feed users), then works as superuser on what the feed owns:
    the technical users never read the dossiers themselves."""

    _inherit = "casework.feed.run"

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
            raise UserError(self.env._("The person must be given as a dictionary of the mapping's columns."))
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", FEED_LOCK_KEY)
        if not self.env.cr.fetchone()[0]:
            raise UserError(self.env._("A feed import is running: push the person again when it has finished."))
        # the feed right is checked above: the run of the day, the mapping and
        # the dossiers are the feed's own work, done as superuser
        sudo = self.sudo()
        mapping = mapping.sudo()
        today = fields.Date.context_today(self)
        run = sudo.search(
            [("mapping_id", "=", mapping.id), ("is_partial", "=", True), ("file_date", "=", today)], limit=1
        ) or sudo.create(
            {"mapping_id": mapping.id, "file_name": "API", "file_date": today, "is_partial": True, "state": "done"}
        )
        # the API receives text: its rejects keep it as such (a file's lines
        # are bytes, decoded with the mapping's encoding)
        raw = json.dumps(record, ensure_ascii=False, default=str)
        context = dict(mapping._prepare_context(), run_id=run.id, file_date=run.file_date)
        number = run.line_count + 1
        decoded = {str(k): "" if v is None else str(v) for k, v in record.items()}
        persons = None
        try:
            persons = mapping._interpret(decoded, context)
            line_items = [(number, raw, persons, None)]
        except FeedLineError as error:
            error.key = (mapping._record_key(decoded, context) or (None,))[0]
            line_items = [(number, raw, None, error)]
        # one person: created through the ORM (its checks, its computes)
        counts, rejects = sudo._process_items(mapping, run, context, line_items, orm=True)
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
        # the feed right is checked above; only the keys and numbers are returned
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
