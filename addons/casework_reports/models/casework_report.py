from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.casework_base.tools.dates import casework_today

# a dossier's date actualisation older than this many days, with a current
# référent de parcours: the person left the feed, the exit is to record
EXIT_TO_RECORD_DAYS = 5


class CaseworkReport(models.Model):
    """A standard report of the seed's list ("EDITION DE RAPPORTS"): a list of
    existing records (dossiers, contracts, referent assignments, formal
    notices) selected by a rule of its own (:meth:`_report_domain`) and the
    parameters the user gives (:class:`casework.report.run`), shown on screen
    (the report's list view, with its search filters and group-bys) or
    downloaded as XLSX (the same rows and columns).

    The rows are read as the user: the record rules of the listed model
    apply (a référent lists their active file, a secretary their territories).
    The catalogue is data of the module; administrators may rename, reorder
    or archive its entries.
    """

    _name = "casework.report"
    _description = "Standard report"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, readonly=True, help="Selects the report's rule (_report_domain_<code>).")
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    action_id = fields.Many2one(
        "ir.actions.act_window", string="Screen", required=True, ondelete="restrict",
        help="The window action giving the report's list and search views.",
    )
    model_name = fields.Char(related="action_id.res_model", string="Listed model")
    xlsx_report_id = fields.Many2one(
        "ir.actions.report", string="XLSX report", ondelete="restrict",
        default=lambda self: self.env.ref("casework_reports.casework_report_run_xlsx", raise_if_not_found=False),
    )
    period_field = fields.Char(
        help="The date field of the listed model the period (from, to) applies to; empty: no period.",
    )
    period_label = fields.Char(translate=True, help="What the period applies to, for the parameters.")
    use_days = fields.Boolean(string="Days before the end", help="The report takes a number of days.")
    order = fields.Char(help="Order of the rows (SQL order of the listed model), default: the model's.")

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a standard report must be unique.")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_run(self):
        """The parameters of the report (structure, territory, referent,
        period, days), from which it is shown or downloaded.

        :return: an ``ir.actions.act_window`` dict (a dialog)
        """
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "casework.report.run",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_id": self.id},
        }

    # ------------------------------------------------------------------
    # The rules of the reports
    # ------------------------------------------------------------------

    def _report_domain(self, params):
        """The rows of the report for ``params``.

        :param params: a ``casework.report.run`` (structure, territory,
            referent, date from / to, days)
        :return: a :class:`Domain` on :attr:`model_name`
        :raise UserError: for a report whose rule is unknown
        """
        self.ensure_one()
        method = getattr(self, f"_report_domain_{self.code}", None)
        if method is None:
            raise UserError(self.env._("The report “%(name)s” has no rule.", name=self.name))
        domain = Domain(method(params))
        if self.period_field:
            if params.date_from:
                domain &= Domain(self.period_field, ">=", params.date_from)
            if params.date_to:
                domain &= Domain(self.period_field, "<=", params.date_to)
        return domain & self._report_parameter_domain(params)

    def _report_parameter_domain(self, params):
        """The conditions of the parameters structure, territory and
        referent, as each listed model holds them.

        :return: a :class:`Domain` on :attr:`model_name`
        """
        domain = Domain.TRUE
        model = self.model_name
        if params.territory_id:
            domain &= Domain("territory_id", "=", params.territory_id.id)
        if model == "casework.referent.assignment":
            if params.structure_id:
                domain &= Domain("user_id.casework_structure_id", "=", params.structure_id.id)
            if params.referent_id:
                domain &= Domain("user_id", "=", params.referent_id.id)
            return domain
        Dossier = self.env["casework.beneficiary"]
        dossier = Domain.TRUE
        if params.structure_id or params.referent_id:
            condition = Domain.TRUE
            if params.structure_id:
                condition &= Domain("user_id.casework_structure_id", "=", params.structure_id.id)
            if params.referent_id:
                condition &= Domain("user_id", "=", params.referent_id.id)
            dossier = Dossier._casework_current_referent_domain(condition)
        if dossier.is_true():
            return domain
        return domain & (dossier if model == "casework.beneficiary" else Domain("beneficiary_id", "any", dossier))

    @api.model
    def _report_today(self):
        return casework_today(self.env)

    @api.model
    def _report_in_active_file(self):
        """Dossiers with a current référent de parcours."""
        return self.env["casework.beneficiary"]._casework_current_referent_domain()

    def _report_domain_active_file_exits(self, params):
        """Sorties de file active: the enrolments are closed (the DTAS entered
        the end of the accompaniment) and a référent de parcours is still
        current: the référent is to record the exit of their active file."""
        return self._report_in_active_file() & Domain("state", "=", "sortie")

    def _report_domain_active_file_entries(self, params):
        """Entrées en file active: the référents de parcours assigned during
        the period (by territory, referent)."""
        return Domain("role", "=", "parcours")

    def _report_domain_contract_state(self, params):
        """CER par état: the contracts signed during the period, every state."""
        return Domain.TRUE

    def _report_domain_contract_validated(self, params):
        """CER par date de validation: the validated contracts, by their
        validation date (the letter to send)."""
        return Domain("state", "=", "validated")

    def _report_domain_contract_refused(self, params):
        """CER par date de non-validation: the contracts not validated, by
        the date of the decision."""
        return Domain("state", "=", "refused")

    def _report_domain_without_contract(self, params):
        """Dossiers sans CER: dossiers of an active file without any contract,
        whatever its state (a dossier with a refused one is not listed)."""
        return self._report_in_active_file() & Domain("contract_ids", "=", False)

    def _report_domain_contracts_to_renew(self, params):
        """CER à renouveler: validated contracts (not marked as the last one)
        of dossiers in an active file ending within ``params.days`` days, or
        already ended (negative days left), and not followed by a newer one."""
        return (
            Domain("state", "=", "validated") & Domain("is_last", "=", False) & Domain("is_superseded", "=", False)
            & Domain("date_end", "!=", False)
            & Domain("date_end", "<=", self._report_today() + relativedelta(days=params.days))
            & Domain("beneficiary_id", "any", self._report_in_active_file())
        )

    def _report_domain_nsdd(self, params):
        """Dossiers NSDD: dossiers of an active file whose current
        characteristic SDD / NSDD is "non soumis"."""
        return self._report_in_active_file() & self.env["casework.beneficiary"]._casework_current_value_domain(
            "sdd_nsdd", Domain("option_id.code", "=", "nsdd"))

    def _report_domain_formal_notices(self, params):
        """Demandes de mise en demeure à traiter: requests not processed yet."""
        return Domain("state", "=", "requested")

    def _report_domain_closed_rights(self, params):
        """Fins d'accompagnement à solliciter: dossiers of an active file whose
        current "État du droit" is "Droit clos", whoever the référent."""
        return self._report_in_active_file() & self.env["casework.beneficiary"]._casework_current_value_domain(
            "etat_droit", Domain("option_id.code", "=", "clos"))

    def _report_domain_mutations(self, params):
        """Mutations: dossiers of an active file whose address is in another
        département than their territory's (``is_moved_out``)."""
        return self._report_in_active_file() & Domain("is_moved_out", "=", True)

    def _report_domain_exits_to_record(self, params):
        """Sorties à saisir: dossiers with a current référent de parcours whose
        date actualisation is more than :data:`EXIT_TO_RECORD_DAYS` days old
        (the person is no longer in the daily feed)."""
        limit = self._report_today() - relativedelta(days=EXIT_TO_RECORD_DAYS)
        return self._report_in_active_file() & self.env["casework.beneficiary"]._casework_current_value_domain(
            "date_actualisation", Domain("value_date", "<", limit))
