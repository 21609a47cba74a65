import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, LazyTranslate

from odoo.addons.casework_base.tools.dates import casework_today

from ..report.casework_export_output import render_csv, render_xlsx
from .casework_export_registry import Countable, ExportTable

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

FORMATS = [("xlsx", "Spreadsheet (XLSX)"), ("csv", "CSV"), ("pivot", "On-screen pivot")]
# runs of exports (downloads and pivot views) a user makes at most within RUN_WINDOW
RUN_LIMIT = 30
RUN_WINDOW = timedelta(minutes=10)
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


class CaseworkExport(models.Model):
    """A saved export of statistics (Chill's export builder): what is
    counted, its filters, its aggregators (several make a cross-tab), the
    output (XLSX with a header sheet, CSV, or Odoo's pivot view), the
    masking of small figures, the groups it is shared with and its monthly
    e-mail.

    The figures are counted **as the user running the export**
    (``_search`` then a group-by on its query): the record rules of the
    counted model apply, a référent counts their active file, a secretary
    their territories; a role that may not read what is counted gets a
    refusal, not a zero. The scheduled e-mail runs as the export's owner.
    No figure names a person: only counts, sums, and the labels of the
    aggregators (territories, programmes, users...).

    Who may do what: the owner and the Casework administrators change it;
    the groups it is shared with read and run it (with their own scope);
    every run is written in ``casework.export.log``.
    """

    _name = "casework.export"
    _description = "Saved export"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(string="Title", required=True, tracking=True)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, readonly=True, default=lambda self: self.env.user,
        ondelete="cascade", index=True,
        help="The user who created the export; its scheduled e-mail counts what they may read.",
    )
    countable = fields.Selection(selection="_selection_countable", string="Count", required=True, tracking=True)
    measure_label = fields.Char(string="Measure", compute="_compute_measure_label")
    filter_ids = fields.One2many("casework.export.filter", "export_id", string="Filters", copy=True)
    aggregator_ids = fields.One2many("casework.export.aggregator", "export_id", string="Aggregators", copy=True)
    output_format = fields.Selection(FORMATS, string="Output", required=True, default="xlsx")
    mask_small = fields.Boolean(
        string="Mask small figures",
        help="For figures sent outside: the cells counting fewer records than the threshold are shown as "
        "\"< threshold\"; the cells and totals that would let them be recomputed are shown as \"hidden\".",
    )
    mask_threshold = fields.Integer(string="Threshold", default=5)
    group_ids = fields.Many2many(
        "res.groups", string="Shared with",
        help="The members of these groups find this export in their list and run it: each counts what they "
        "may read themselves.",
    )
    schedule = fields.Selection(
        [("none", "Not scheduled"), ("monthly", "Monthly")], string="Send by e-mail", required=True,
        default="none",
    )
    recipient_ids = fields.Many2many("res.partner", string="Recipients")
    next_send_date = fields.Date(string="Next sending", copy=False)
    last_sent_date = fields.Date(string="Last sent", readonly=True, copy=False)
    can_edit = fields.Boolean(compute="_compute_can_edit")
    log_count = fields.Integer(compute="_compute_log_count", string="Runs")

    _mask_threshold_check = models.Constraint(
        "CHECK (mask_threshold >= 2)", "The masking threshold is at least 2.",
    )

    # ------------------------------------------------------------------
    # Registry
    # ------------------------------------------------------------------

    @api.model
    def _casework_export_countables(self):
        """What the export builder counts; a module adds its own by extending
        this method (and registering filters and aggregators on the model).

        :return: {key: ``Countable``}
        """
        countables = [
            Countable("dossier", "casework.beneficiary", _lt("Dossiers"), sequence=1),
            Countable("enrollment", "casework.enrollment", _lt("Enrolments"), sequence=2),
            Countable(
                "appointment", "calendar.event", _lt("Appointments"),
                domain=(("casework_beneficiary_id", "!=", False),), context={"active_test": False}, sequence=3,
            ),
            Countable("step", "casework.step", _lt("Steps and positionings"), sequence=4),
            Countable("contract", "casework.contract", _lt("Contracts (CER)"), sequence=5),
            Countable(
                "attendance", "casework.attendance", _lt("Attendance hours"), measure="hours:sum",
                measure_label=_lt("Hours"), sequence=6,
            ),
            Countable(
                "invoice", "account.move", _lt("Invoices of the funders"), measure="amount_untaxed_signed:sum",
                measure_label=_lt("Amount (untaxed)"),
                domain=(("casework_convention_id", "!=", False), ("move_type", "in", ("out_invoice", "out_refund"))),
                sequence=7,
            ),
        ]
        return {countable.key: countable for countable in countables if countable.model in self.env}

    @api.model
    def _selection_countable(self):
        countables = sorted(self._casework_export_countables().values(), key=lambda c: c.sequence)
        return [(countable.key, self.env._(countable.label)) for countable in countables]

    def _casework_countable(self):
        self.ensure_one()
        countable = self._casework_export_countables().get(self.countable)
        if not countable:
            raise UserError(self.env._("This export counts something no longer available: choose what to count."))
        return countable

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("countable")
    def _compute_measure_label(self):
        for export in self:
            countable = self._casework_export_countables().get(export.countable)
            label = countable and countable.measure_label
            export.measure_label = self.env._(label) if label else self.env._("Number")

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_can_edit(self):
        is_admin = self.env.user.has_group("casework_base.group_casework_admin")
        for export in self:
            export.can_edit = is_admin or export.user_id == self.env.user

    def _compute_log_count(self):
        if not self.env["casework.export.log"].has_access("read"):
            self.log_count = 0
            return
        counts = dict(self.env["casework.export.log"]._read_group(
            [("export_id", "in", self.ids)], ["export_id"], ["__count"],
        ))
        for export in self:
            export.log_count = counts.get(export, 0)

    @api.constrains("countable")
    def _check_components(self):
        """The lines hold components of what the export counts (each line
        checks its own when it is created or changed): checked when what is
        counted changes. Not when lines are removed, so that the owner may
        always remove a line left broken.

        :raise ValidationError: a line's component does not apply
        """
        for export in self:
            for line in [*export.filter_ids, *export.aggregator_ids]:
                if line.component_id.countable != export.countable:
                    raise ValidationError(self.env._(
                        "%(component)s does not apply to %(countable)s: remove it or choose it again.",
                        component=line.component_id.name, countable=export._casework_countable_label(),
                    ))

    @api.constrains("schedule", "recipient_ids", "output_format")
    def _check_schedule(self):
        for export in self.filtered(lambda e: e.schedule == "monthly"):
            if not export.recipient_ids:
                raise ValidationError(self.env._("A monthly export needs at least one recipient."))
            if export.output_format == "pivot":
                raise ValidationError(self.env._("A monthly export is sent as a file: choose XLSX or CSV."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # the owner is who creates it: the scheduled e-mail counts as them
                given = vals.get("user_id", self.env.context.get("default_user_id")) or self.env.uid
                if given != self.env.uid:
                    raise AccessError(self.env._("An export belongs to the user who creates it."))
        for vals in vals_list:
            if vals.get("schedule") == "monthly" and not vals.get("next_send_date"):
                vals["next_send_date"] = self._casework_next_month_start()
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals and not self.env.su:
            raise AccessError(self.env._("An export belongs to the user who created it."))
        if vals.get("schedule") == "monthly" and not vals.get("next_send_date"):
            for export in self.filtered(lambda e: not e.next_send_date):
                super(CaseworkExport, export).write({"next_send_date": self._casework_next_month_start()})
        return super().write(vals)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for export, vals in zip(self, vals_list, strict=True):
            vals["name"] = self.env._("%(title)s (copy)", title=export.name)
            vals.pop("user_id", None)
        return vals_list

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_run(self):
        """Run the export in its output format: a download of the file, or
        Odoo's pivot view of the counted records.

        :return: action dict
        """
        self.ensure_one()
        if self.output_format == "pivot":
            return self._casework_pivot_action()
        return self._casework_download_action(self.output_format)

    def action_download_xlsx(self):
        self.ensure_one()
        return self._casework_download_action("xlsx")

    def action_download_csv(self):
        self.ensure_one()
        return self._casework_download_action("csv")

    def action_open_pivot(self):
        self.ensure_one()
        return self._casework_pivot_action()

    def action_open_logs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Runs of %(title)s", title=self.name),
            "res_model": "casework.export.log",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("export_id", "=", self.id)],
        }

    def _casework_download_action(self, fmt):
        # the file is built when the browser asks for it (controllers/), as
        # the user, and never stored; a role that may not count this is told here
        self.check_access("read")
        self._casework_model(self._casework_countable())
        self._casework_check_run_rate()
        return {
            "type": "ir.actions.act_url",
            "url": f"/casework_reports/export/{self.id}/{fmt}",
            "target": "download",
        }

    def _casework_pivot_action(self):
        self.check_access("read")
        self._casework_check_run_rate()
        countable = self._casework_countable()
        model = self._casework_model(countable)
        today = casework_today(self.env)
        domain = self._casework_domain(countable, today)
        aggregators = self._casework_aggregators(model)
        groupbys = [agg.pivot_groupby for agg, _line in aggregators if agg.pivot_groupby]
        measure = countable.measure if countable.measure == "__count" else countable.measure.split(":")[0]
        self._casework_log("pivot", model.search_count(domain), None, channel="pivot")
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": model._name,
            "views": [[False, "pivot"]],
            "domain": list(domain),
            "context": {
                **countable.context,
                "pivot_row_groupby": groupbys[:-1] if len(groupbys) > 1 else groupbys,
                "pivot_column_groupby": groupbys[-1:] if len(groupbys) > 1 else [],
                "pivot_measures": [measure],
            },
        }

    # ------------------------------------------------------------------
    # The engine
    # ------------------------------------------------------------------

    def _casework_countable_label(self):
        countable = self._casework_export_countables().get(self.countable)
        return self.env._(countable.label) if countable else self.countable

    def _casework_model(self, countable):
        """The counted model, as the current user, after checking they may
        read it at all.

        :raise AccessError: the role does not read what is counted (finance
            and dossiers), with a message saying so
        """
        model = self.env[countable.model].with_context(**countable.context)
        if not model.has_access("read"):
            raise AccessError(self.env._(
                "You may not count %(what)s: your role does not give access to them.",
                what=self.env._(countable.label),
            ))
        return model

    def _casework_filters(self, model):
        """:return: list of (filter, line) of this export"""
        registered = {flt.key: flt for flt in model._casework_export_filters()}
        result = []
        for line in self.filter_ids:
            flt = registered.get(line.component_id.key)
            if flt is None:
                raise UserError(self.env._(
                    "The filter %(name)s is no longer available: remove it.", name=line.component_id.name,
                ))
            result.append((flt, line))
        return result

    def _casework_aggregators(self, model):
        """:return: list of (aggregator, line) of this export, in order"""
        registered = {agg.key: agg for agg in model._casework_export_aggregators()}
        result = []
        for line in self.aggregator_ids.sorted(lambda a: (a.sequence, a.id)):
            agg = registered.get(line.component_id.key)
            if agg is None:
                raise UserError(self.env._(
                    "The aggregator %(name)s is no longer available: remove it.", name=line.component_id.name,
                ))
            result.append((agg, line))
        return result

    def _casework_domain(self, countable, today):
        """:return: Domain of the counted records: the countable's, every
        filter's (all of them apply), narrowed by the counted model when the
        export reads fields it hides on some records
        (``_casework_export_domain``)"""
        model = self.env[countable.model]
        domain = Domain(list(countable.domain)) if countable.domain else Domain.TRUE
        fnames = []
        for flt, line in self._casework_filters(model):
            domain &= flt.domain(line, today)
            fnames.append(flt.path.split(".")[0])
        for agg, _line in self._casework_aggregators(model):
            # an aggregator without a field path is taken for one reading a hidden field ("")
            path = getattr(agg, "path", None) or getattr(agg, "dossier_path", None) or ""
            fnames.append(path.split(".")[0])
        return model._casework_export_domain(domain, fnames)

    def _casework_table(self, today=None):
        """Count, as the current user, and lay the figures out.

        :param today: the day the export runs (relative periods, age bands,
            current référent), default the Casework today
        :return: ``ExportTable``, masked when the export asks for it
        :raise AccessError: the user may not read what is counted
        """
        self.ensure_one()
        today = today or casework_today(self.env)
        countable = self._casework_countable()
        model = self._casework_model(countable)
        domain = self._casework_domain(countable, today)
        aggregators = self._casework_aggregators(model)
        # the records the user may read (record rules applied by _search), grouped
        query = model._search(domain)
        alias = model._table
        terms = [agg.groupby_sql(model, alias, query, line, today) for agg, line in aggregators]
        measure = model._read_group_select("__count", query)
        value = measure if countable.measure == "__count" else model._read_group_select(countable.measure, query)
        if terms:
            query.groupby = SQL(", ").join(terms)
        groups = [] if query.is_empty() else self.env.execute_query(query.select(*terms, measure, value))
        if not terms and groups == [(0, None)]:
            groups = []
        dimensions = []
        for index, (agg, line) in enumerate(aggregators):
            values = {group[index] for group in groups}
            dimensions.append((line.component_id.name, agg.labels(model, values, line, today)))
        label = self.env._(countable.measure_label) if countable.measure_label else self.env._("Number")
        table = ExportTable.from_groups(groups, dimensions, label, self.env._("Total"))
        if self.mask_small:
            table.mask(self.mask_threshold)
        return table

    def _casework_render(self, fmt, channel="download", today=None):
        """Run the export as the current user and write its file; the run is
        logged.

        :param fmt: "xlsx" or "csv"
        :param channel: "download" or "email", for the log
        :return: (file name, mimetype, bytes)
        """
        self.ensure_one()
        self.check_access("read")
        if channel != "email":
            self._casework_check_run_rate()
        today = today or casework_today(self.env)
        table = self._casework_table(today)
        masked_text = f"< {self.mask_threshold}"
        hidden_text = self._casework_hidden_text()
        total_label = self.env._("Total")
        if fmt == "xlsx":
            content = render_xlsx(table, self.name, self._casework_header_lines(today, len(table.row_labels)),
                                  masked_text, total_label, self.env._("Data"), self.env._("Export"), hidden_text)
        else:
            content = render_csv(table, masked_text, total_label, hidden_text)
        self._casework_log(fmt, None, len(table.row_labels), channel)
        filename = f"{self.name} – {today.isoformat()}.{fmt}".replace("/", "-")
        return filename, MIMETYPES[fmt], content

    def _casework_hidden_text(self):
        """The mark of a figure hidden so that a small one cannot be
        recomputed (it may count any number of records: not "< threshold")."""
        return self.env._("hidden")

    def _casework_filters_text(self, today):
        countable = self._casework_countable()
        lines = []
        for flt, line in self._casework_filters(self.env[countable.model]):
            lines.append(f"{line.component_id.name}: {flt.describe(line, today)}")
        return lines

    def _casework_aggregators_text(self, today):
        countable = self._casework_countable()
        return [agg.describe(line, today) for agg, line in self._casework_aggregators(self.env[countable.model])]

    def _casework_header_lines(self, today, row_count):
        """The header sheet: (label, value) pairs, in words."""
        env = self.env
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        filters = self._casework_filters_text(today)
        aggregators = self._casework_aggregators_text(today)
        if self.mask_small:
            masking = env._(
                "Figures counting fewer than %(threshold)s records are shown as \"< %(threshold)s\". The figures and "
                "totals that would let them be recomputed are hidden too, whatever they count, and shown as "
                "\"%(hidden)s\".", threshold=self.mask_threshold, hidden=self._casework_hidden_text(),
            )
        else:
            masking = env._("None")
        return [
            (env._("Counted"), self._casework_countable_label()),
            (env._("Measure"), self.measure_label),
            (env._("Run on"), now.strftime("%d/%m/%Y %H:%M")),
            (env._("Run by"), env.user.name),
            (env._("Filters"), "\n".join(filters) or env._("None")),
            (env._("Aggregators"), " × ".join(aggregators) or env._("None")),
            (env._("Masking"), masking),
            (env._("Rows"), str(row_count)),
            (env._("Scope"), env._("Only the records the user running the export may read are counted.")),
        ]

    @api.model
    def _casework_check_run_rate(self):
        """Each run of an export (download, pivot view) is counted and
        logged: a user runs at most ``RUN_LIMIT`` of them in ``RUN_WINDOW``
        (ten minutes), all exports together. The monthly e-mail is not
        counted.

        :raise UserError: the user has reached the limit
        """
        since = self.env.cr.now() - RUN_WINDOW
        # sudo: a count of the current user's own runs; nothing of the log is returned
        runs = self.env["casework.export.log"].sudo().search_count([
            ("user_id", "=", self.env.uid), ("channel", "in", ("download", "pivot")), ("create_date", ">=", since),
        ])
        if runs >= RUN_LIMIT:
            raise UserError(self.env._(
                "Too many export runs: at most %(limit)s in %(minutes)s minutes. Please try again in a few minutes.",
                limit=RUN_LIMIT, minutes=int(RUN_WINDOW.total_seconds() // 60),
            ))

    def _casework_log(self, fmt, record_count, row_count, channel="download"):
        """Write the run in the export log."""
        today = casework_today(self.env)
        # sudo: the log is written by the system for every run; users never write it
        self.env["casework.export.log"].sudo().create({
            "user_id": self.env.uid,
            "export_id": self.id,
            "export_name": self.name,
            "countable": self._casework_countable_label(),
            "filters": "\n".join(self._casework_filters_text(today)),
            "aggregators": " × ".join(self._casework_aggregators_text(today)),
            "output_format": fmt,
            "channel": channel,
            "row_count": row_count or 0,
            "record_count": record_count or 0,
        })

    # ------------------------------------------------------------------
    # Schedule
    # ------------------------------------------------------------------

    def _casework_next_month_start(self):
        return casework_today(self.env).replace(day=1) + relativedelta(months=1)

    @api.model
    def _cron_send_scheduled(self):
        """Monthly e-mail of the scheduled exports whose sending day has come:
        each is run as its owner (their scope, their record rules) and its
        file sent to its recipients; the next sending is the first day of the
        next month. An export whose owner is archived is not sent.

        :return: the exports sent (recordset)
        """
        today = casework_today(self.env)
        exports = self.sudo().search([
            ("schedule", "=", "monthly"), ("next_send_date", "<=", today), ("user_id.active", "=", True),
        ])
        sent = self.browse()
        for export in exports:
            try:
                with self.env.cr.savepoint():
                    export.with_user(export.user_id)._casework_send(today)
                    sent |= export
            except (AccessError, UserError) as error:
                _logger.info("Scheduled export %s not sent: %s", export.id, error)
            export.next_send_date = today.replace(day=1) + relativedelta(months=1)
        return sent

    def _casework_send(self, today):
        """E-mail the export's file, counted as the current user (the owner)."""
        self.ensure_one()
        filename, mimetype, content = self._casework_render(self.output_format, channel="email", today=today)
        body = self.env._(
            "<p>Please find attached the export \"%(title)s\" of %(date)s (figures counted in the scope of "
            "%(owner)s).</p>", title=self.name, date=today.strftime("%d/%m/%Y"), owner=self.env.user.name,
        )
        # sudo: the mail and its attachment belong to the system (readable by
        # the administrators only), the figures were counted as the owner
        mail = self.env["mail.mail"].sudo().create({
            "subject": self.env._("Export: %(title)s", title=self.name),
            "body_html": body,
            "email_from": self.env.user.email_formatted or self.env.company.email_formatted,
            "recipient_ids": [Command.set(self.sudo().recipient_ids.ids)],
            "auto_delete": True,
        })
        attachment = self.env["ir.attachment"].sudo().create({
            "name": filename, "raw": content, "mimetype": mimetype, "res_model": "mail.mail", "res_id": mail.id,
        })
        mail.attachment_ids = [Command.link(attachment.id)]
        self.sudo().last_sent_date = today
        return mail
