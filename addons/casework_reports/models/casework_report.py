from odoo import fields, models
from odoo.fields import Domain


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
    _inherit = ["casework.rule.catalogue"]
    _description = "Standard report"

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
        method = self._catalogue_rule("_report_domain_")
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

    # The rules shared with the alerts and the dashboard "Mine" are the listed
    # model's (casework_report_beneficiary.py, casework_report_contract.py).

    def _report_domain_active_file_exits(self, params):
        """Sorties de file active: the enrolments are closed (the DTAS entered
        the end of the accompaniment) and a référent de parcours is still
        current: the référent is to record the exit of their active file."""
        return self.env["casework.beneficiary"]._casework_current_referent_domain() & Domain("state", "=", "sortie")

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
        """Dossiers sans CER."""
        return self.env["casework.beneficiary"]._casework_without_contract_domain()

    def _report_domain_contracts_to_renew(self, params):
        """CER à renouveler, within ``params.days`` days (negative days left
        when overdue)."""
        return self.env["casework.contract"]._casework_to_renew_domain(params.days)

    def _report_domain_nsdd(self, params):
        """Dossiers NSDD: dossiers of an active file whose current
        characteristic SDD / NSDD is "non soumis"."""
        Dossier = self.env["casework.beneficiary"]
        return Dossier._casework_current_referent_domain() & Dossier._casework_current_value_domain(
            "sdd_nsdd", Domain("option_id.code", "=", "nsdd"))

    def _report_domain_formal_notices(self, params):
        """Demandes de mise en demeure à traiter."""
        return self.env["casework.alert"]._alert_domain_formal_notices()

    def _report_domain_closed_rights(self, params):
        """Fins d'accompagnement à solliciter."""
        return self.env["casework.beneficiary"]._casework_closed_right_domain()

    def _report_domain_mutations(self, params):
        """Mutations: dossiers of an active file whose address is in another
        département than their territory's (``is_moved_out``)."""
        return self.env["casework.beneficiary"]._casework_current_referent_domain() & Domain("is_moved_out", "=", True)

    def _report_domain_exits_to_record(self, params):
        """Sorties à saisir."""
        return self.env["casework.beneficiary"]._casework_exits_to_record_domain()
