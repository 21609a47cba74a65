from odoo import api, fields, models, tools
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.casework_base.models.casework_case_mixin import scope_field

# the aggregate a reporting field may declare besides Odoo's own: the median
# (PostgreSQL's percentile_cont), for the pivot, the graph and the spreadsheets
MEDIAN = "median"


def stat_depends(source, columns, others=None):
    """The ``_depends`` of a reporting view whose rows are records of
    ``source``: their dossier and territory, the dossier's anonymisation,
    ``columns`` of ``source`` and the ``others`` models' fields.

    :param source: the model name of the rows (e.g. "casework.contract")
    :param columns: list of field names of ``source`` the view reads
    :param others: optional dict {model name: [field names]}
    :return: dict {model name: [field names]}
    """
    depends = {source: ["beneficiary_id", "territory_id", *columns], "casework.beneficiary": ["is_anonymised"]}
    for model_name, names in (others or {}).items():
        depends[model_name] = sorted({*depends.get(model_name, ()), *names})
    return depends


class CaseworkStatMixin(models.AbstractModel):
    """A reporting model of the territory dashboards: a SQL view
    (``_auto = False``, :meth:`_stat_query` gives its SELECT) whose rows each
    belong to one dossier (``beneficiary_id``) and carry its territory
    (``territory_id``), so that the kernel's scope applies to them as to the
    case records: one global read rule per model on ``casework_scope``
    (``security/casework_stat_rules.xml``), whose domain is
    :meth:`casework.beneficiary._casework_scope_domain` (the user's
    territories for the secretariat and heads of service, every row for an
    administrator), and rows of anonymised dossiers for administrators only.
    Who may read these models at all: the access file (the secretariat and
    heads of service; referents, finance and operators not).
    """

    _name = "casework.stat.mixin"
    _description = "Territory reporting row"
    _auto = False

    beneficiary_id = fields.Many2one("casework.beneficiary", string="Dossier", readonly=True)
    territory_id = fields.Many2one("casework.territory", readonly=True)
    dossier_anonymised = fields.Boolean(string="Anonymised dossier", readonly=True)
    casework_scope = scope_field("The current user's access to the dossier of this row.")

    @api.depends_context("uid")
    def _compute_casework_scope(self):
        scopes = self.env["casework.beneficiary"]._casework_scopes_of(
            # sudo: the dossier ids of rows the user already reads (rule applied)
            self.sudo().mapped("beneficiary_id").ids
        )
        for row in self:
            # reading is all a reporting row allows
            row.casework_scope = "read" if scopes.get(row.sudo().beneficiary_id.id) else False

    def _search_casework_scope(self, operator, value):
        if operator != "in":
            return NotImplemented
        Dossier = self.env["casework.beneficiary"]
        mode = Dossier._casework_scope_mode(value)
        domain = Dossier._casework_scope_domain(mode, dossier="beneficiary_id", territory="territory_id")
        if domain.is_true() or domain.is_false():
            return domain
        # the kernel's scope leaves anonymised dossiers to the administrators
        return domain & Domain("dossier_anonymised", "=", False)

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Odoo's aggregates, and ``field:median`` on a numeric field."""
        fname, _sep, func = aggregate_spec.partition(":")
        if func == MEDIAN and fname in self._fields and self._fields[fname].type in ("integer", "float"):
            return SQL(
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", self._field_to_sql(self._table, fname, query)
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _stat_row_sql(self, alias):
        """The columns every reporting view starts with, for rows that are
        the records of the table aliased ``alias`` (joined to their dossier
        as ``b``, :meth:`_stat_dossier_join_sql`): ``id``,
        ``beneficiary_id``, ``territory_id``, ``dossier_anonymised``.

        :return: an :class:`~odoo.tools.SQL` list of columns
        """
        return SQL(
            "%(a)s.id, %(a)s.beneficiary_id, %(a)s.territory_id,"
            " COALESCE(b.is_anonymised, FALSE) AS dossier_anonymised",
            a=SQL.identifier(alias),
        )

    @api.model
    def _stat_dossier_join_sql(self, alias):
        """The join of the rows (table aliased ``alias``) to their dossier, as ``b``.

        :return: an :class:`~odoo.tools.SQL` JOIN clause
        """
        return SQL("JOIN casework_beneficiary b ON b.id = %s.beneficiary_id", SQL.identifier(alias))

    @api.model
    def _stat_query(self):
        """The SELECT of the view (an ``SQL``), giving ``id``,
        ``beneficiary_id``, ``territory_id``, ``dossier_anonymised`` and the
        model's other columns."""
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._stat_query()))
