from datetime import date, datetime

from lxml import etree

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, split_every

# rows read at once when a report is written to XLSX
XLSX_BATCH = 2000


class CaseworkReportRun(models.TransientModel):
    """The parameters of a standard report ("Structure référent actuel",
    territory, referent, period, days before the end), from which the report
    is shown on screen or downloaded as XLSX. Private to the user who
    created it (``security/casework_report_rules.xml``).

    The rows are searched as the user (:meth:`_report_records`): record
    rules apply, nothing is read in superuser mode.
    """

    _name = "casework.report.run"
    _description = "Standard report parameters"

    report_id = fields.Many2one("casework.report", required=True, ondelete="cascade")
    description = fields.Text(related="report_id.description")
    structure_id = fields.Many2one(
        "casework.structure", string="Structure of the current referent",
        help="Only the dossiers whose current référent de parcours belongs to this structure.",
    )
    territory_id = fields.Many2one("casework.territory")
    referent_id = fields.Many2one(
        "res.users", domain=[("share", "=", False)],
        help="Only the dossiers of this current référent de parcours.",
    )
    use_period = fields.Boolean(compute="_compute_use")
    period_label = fields.Char(related="report_id.period_label")
    use_days = fields.Boolean(related="report_id.use_days")
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    days = fields.Integer(
        string="Days before the end of the contract", default=30,
        help="Contracts ending within this many days, and those already ended.",
    )

    @api.depends("report_id.period_field")
    def _compute_use(self):
        for run in self:
            run.use_period = bool(run.report_id.period_field)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_show(self):
        """The report on screen: its list, with its search filters and
        group-bys, restricted to the report's rows.

        :return: an ``ir.actions.act_window`` dict
        """
        self.ensure_one()
        report = self.report_id
        action = report.action_id._get_action_dict()
        action.update({
            "name": report.name,
            "domain": self._report_domain_json(),
            "target": "current",
        })
        return action

    def action_download_xlsx(self):
        """The report as XLSX (``report.casework_reports.report_run_xlsx``).

        :return: an ``ir.actions.report`` dict
        """
        self.ensure_one()
        return self.report_id.xlsx_report_id.report_action(self)

    # ------------------------------------------------------------------
    # Rows and columns
    # ------------------------------------------------------------------

    def _report_domain_json(self):
        """The report's domain as a list the web client evaluates."""
        self.ensure_one()
        return self._report_plain_domain(self.report_id._report_domain(self))

    @api.model
    def _report_plain_domain(self, domain):
        """``domain`` (a :class:`Domain`) as a list the web client evaluates:
        dates as strings, sub-domains as lists.

        :return: list
        """
        result = []
        for item in domain:
            if isinstance(item, (tuple, list)) and len(item) == 3:
                field_path, operator, value = item
                if isinstance(value, Domain):
                    value = self._report_plain_domain(value)
                elif isinstance(value, datetime):
                    value = fields.Datetime.to_string(value)
                elif isinstance(value, date):
                    value = fields.Date.to_string(value)
                elif isinstance(value, tuple):
                    value = list(value)
                item = [field_path, operator, value]
            result.append(item)
        return result

    def _report_records(self, limit=None):
        """The report's rows, read as the user (record rules apply).

        :return: a recordset of the report's listed model
        """
        self.ensure_one()
        report = self.report_id
        return self.env[report.model_name].search(report._report_domain(self), order=report.order or None,
                                                  limit=limit)

    def _report_columns(self):
        """The columns of the report's list view, as the user sees them
        (fields of groups the user is not in are left out by the view): the
        fields neither hidden nor optional-hidden.

        :return: list of (field name, label)
        """
        self.ensure_one()
        report = self.report_id
        Model = self.env[report.model_name]
        list_view = next((view for view, mode in report.action_id._get_action_dict().get("views", [])
                          if mode == "list"), False)
        arch = Model.get_view(list_view, "list")["arch"]
        columns = []
        for node in etree.fromstring(arch).iterchildren("field"):
            name = node.get("name")
            if (
                name not in Model._fields or node.get("column_invisible") in ("1", "True", "true")
                or node.get("optional") == "hide" or node.get("invisible") in ("1", "True", "true")
            ):
                continue
            columns.append((name, node.get("string") or Model._fields[name]._description_string(self.env)))
        return columns

    def _report_rows(self, columns):
        """The report's rows as plain values per column (many-to-one: the
        name, selection: the label, boolean: Yes / No, dates as dates),
        read by batches of :data:`XLSX_BATCH`.

        :param columns: list of (field name, label)
        :return: generator of lists of values
        """
        records = self._report_records()
        Model = records.browse()
        fnames = [name for name, _label in columns]
        labels = {
            name: dict(Model._fields[name]._description_selection(self.env))
            for name in fnames if Model._fields[name].type == "selection"
        }
        yes, no = self.env._("Yes"), self.env._("No")
        sql_names = [name for name in fnames if self._report_sql_column(Model, name) is not None]
        for batch in split_every(XLSX_BATCH, records.ids):
            batch_records = Model.browse(batch)
            sql_values = self._report_sql_values(Model, sql_names, batch)
            for record in batch_records:
                row = []
                for name in fnames:
                    field = Model._fields[name]
                    value = sql_values[name][record.id] if name in sql_values else record[name]
                    if field.type == "many2one":
                        value = value.display_name or ""
                    elif field.type in ("one2many", "many2many"):
                        value = ", ".join(value.mapped("display_name"))
                    elif field.type == "selection":
                        value = labels[name].get(value, "") if value else ""
                    elif field.type == "boolean":
                        value = yes if value else no
                    elif value is False and field.type not in ("integer", "float", "monetary"):
                        value = ""
                    row.append(value)
                yield row
            batch_records.invalidate_recordset()

    @api.model
    def _report_sql_column(self, Model, fname):
        """The SQL of a computed many-to-one column that the listed model
        also gives as SQL (``_field_to_sql``: the current référent de
        parcours and their structure), else None: such a column is read for
        a whole batch in one query instead of being computed row by row.

        :return: an :class:`~odoo.tools.SQL` expression on the alias "r", or None
        """
        field = Model._fields[fname]
        if field.store or field.related or field.type != "many2one":
            return None
        try:
            return Model._field_to_sql("r", fname)
        except ValueError:
            return None

    @api.model
    def _report_sql_values(self, Model, fnames, ids):
        """The values of the columns ``fnames`` (see :meth:`_report_sql_column`)
        of the rows ``ids``, in one query.

        The rows are the report's, searched as the user (record rules
        applied); the columns are the same rule as the fields' compute.

        :return: dict {field name: {row id: comodel record (possibly empty)}}
        """
        if not fnames or not ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "SELECT r.id, %s FROM %s r WHERE r.id IN %s",
            SQL(", ").join(self._report_sql_column(Model, name) for name in fnames),
            SQL.identifier(Model._table), tuple(ids),
        ))
        rows = self.env.cr.fetchall()
        result = {}
        for index, name in enumerate(fnames, start=1):
            comodel = self.env[Model._fields[name].comodel_name]
            values = {row[0]: row[index] for row in rows}
            # one prefetch for the display names of the batch
            prefetch = comodel.browse({value for value in values.values() if value})
            result[name] = {
                row_id: comodel.browse(value).with_prefetch(prefetch._prefetch_ids) if value else comodel
                for row_id, value in values.items()
            }
        return result

    def _report_parameters(self):
        """The parameters given, as (label, value) for the XLSX header."""
        self.ensure_one()
        result = []
        for fname in ("structure_id", "territory_id", "referent_id", "date_from", "date_to"):
            if self[fname]:
                value = self[fname]
                result.append((self._fields[fname]._description_string(self.env),
                               value.display_name if isinstance(value, models.BaseModel) else value))
        if self.use_days:
            result.append((self._fields["days"]._description_string(self.env), self.days))
        return result
