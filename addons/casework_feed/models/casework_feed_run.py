import base64
import csv
import io

from odoo import api, fields, models
from odoo.exceptions import AccessError


class CaseworkFeedRun(models.Model):
    """One import of a feed file (or the API pushes of a day): its summary
    counts and its rejected lines.

    The import applies the rules of the seed (Genesis → Viesion,
    ``tools/feed_rules.py``): persons are created and enrolled, the référent
    de parcours follows the file (réorientation), exits entered by hand for
    persons still in the file are undone, contact data are taken at creation
    only, characteristics get a new dated value when they change, and "date
    actualisation dossier" is set to the file's date. Nothing is closed for
    absent persons: they are listed in "Exits to enter".

    The concerns live in their own files: the import of a file
    (``casework_feed_run_import.py``: its own cursor, a commit per batch, the
    background job), the rules on a batch (``casework_feed_run_rules.py``),
    the creation of new dossiers (``casework_feed_run_create.py``), the API
    (``casework_feed_run_api.py``) and data protection
    (``casework_feed_run_protection.py``).

    Only the administrators and the technical feed users run imports and
    read runs and rejects.
    """

    _name = "casework.feed.run"
    _description = "Feed run"
    _order = "id desc"

    mapping_id = fields.Many2one("casework.feed.mapping", required=True, ondelete="restrict", index=True)
    file_name = fields.Char(required=True)
    checksum = fields.Char(
        index=True, help="SHA-256 of the file: a new run of the same file resumes an unfinished one."
    )
    file_date = fields.Date(required=True, help="Date of the file: “date actualisation dossier” of every person in it.")
    is_partial = fields.Boolean(
        string="API pushes", help="Persons pushed one by one through the API: absent persons are not listed."
    )
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        required=True, default="running", index=True,
    )
    upload_file = fields.Binary(
        string="Uploaded file", attachment=True, copy=False,
        help="A file uploaded in the web client, waiting for the background job; deleted once imported.",
    )
    user_id = fields.Many2one("res.users", string="Started by", default=lambda self: self.env.user)
    date_start = fields.Datetime(string="Started", default=fields.Datetime.now)
    date_end = fields.Datetime(string="Finished")
    duration = fields.Float(string="Duration (s)", compute="_compute_duration")
    line_count = fields.Integer(string="Lines")
    done_count = fields.Integer(string="Lines done", help="Lines of the file imported (or rejected) so far.")
    progress = fields.Float(compute="_compute_progress", help="Lines done out of the lines of the file, in percent.")
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
    return_count = fields.Integer(
        string="Returns", help="Exits entered by hand undone because the person is still in the file."
    )
    error = fields.Text(readonly=True)
    reject_ids = fields.One2many("casework.feed.reject", "run_id", string="Rejects")
    rejects_csv = fields.Binary(string="Rejects (CSV)", compute="_compute_rejects_csv")
    rejects_csv_name = fields.Char(compute="_compute_rejects_csv")

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for run in self:
            run.duration = (run.date_end - run.date_start).total_seconds() if run.date_end and run.date_start else 0.0

    @api.depends("done_count", "line_count", "state")
    def _compute_progress(self):
        for run in self:
            if run.state == "done":
                run.progress = 100.0
            else:
                run.progress = 100.0 * run.done_count / run.line_count if run.line_count else 0.0

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
            "name": self.env._("Rejected lines"),
            "res_model": "casework.feed.reject",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _check_feed_access(self):
        user = self.env.user
        if self.env.su or user.has_group("casework_base.group_casework_admin") or user.has_group(
            "casework_feed.group_casework_feed"
        ):
            return
        raise AccessError(self.env._("Only the administrators and the technical feed users can import feed files."))

    def _rejects_csv_bytes(self):
        self.ensure_one()
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([self.env._("Line"), self.env._("Column"), self.env._("Reason"), self.env._("Raw line"),
                         self.env._("Severity")])
        severities = dict(self.env["casework.feed.reject"]._fields["severity"]._description_selection(self.env))
        for reject in self.reject_ids:
            writer.writerow([reject.line_number, reject.column or "", reject.reason, reject.raw_line or "",
                             severities[reject.severity]])
        return out.getvalue().encode("utf-8-sig")

    def _store_progress(self, run, counts, rejects, last_line, lines=1):
        """Add a batch's ``counts`` and ``rejects`` (``lines`` lines of the
        file, up to the line number ``last_line``) to ``run``."""
        warnings = sum(1 for reject in rejects if reject.get("severity") == "warning")
        if rejects:
            self.env["casework.feed.reject"].create([dict(reject, run_id=run.id) for reject in rejects])
        run.write({
            "last_line": last_line,
            "line_count": max(run.line_count, last_line if run.is_partial else run.line_count),
            "done_count": run.done_count + lines,
            "created_count": run.created_count + counts["created"],
            "updated_count": run.updated_count + counts["updated"],
            "unchanged_count": run.unchanged_count + counts["unchanged"],
            "rejected_count": run.rejected_count + len(rejects) - warnings,
            "warning_count": run.warning_count + warnings,
            "duplicate_count": run.duplicate_count + counts["duplicate"],
            "reorientation_count": run.reorientation_count + counts["reorientation"],
            "return_count": run.return_count + counts["return"],
        })
