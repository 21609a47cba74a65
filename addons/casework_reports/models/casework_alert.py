from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.casework_base.tools.dates import casework_today

from .casework_report import EXIT_TO_RECORD_DAYS

# the seed's examples and the counsellor's figures: steps, veilles ending
# within this many days; contracts to renew within RENEWAL_DAYS
ENDING_DAYS = 15
RENEWAL_DAYS = 30


class CaseworkAlert(models.Model):
    """An alert: a dynamic list of what needs a user's attention (dossiers
    with a missing characteristic, contracts to renew, veilles ending...), to
    which users subscribe (``casework.alert.subscription``) and which they pin
    on their dashboard with its count.

    Each alert's rule is a method ``_alert_domain_<code>`` (a domain on
    :attr:`model_name`); the user's filter (``casework.alert.preference``:
    programmes, situation) is added to every alert. The rows and the counts
    are searched as the user: record rules apply, never superuser mode.
    """

    _name = "casework.alert"
    _description = "Alert"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, readonly=True, help="Selects the alert's rule (_alert_domain_<code>).")
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_name = fields.Char(string="Listed model", required=True)
    action_id = fields.Many2one(
        "ir.actions.act_window", string="Screen", ondelete="set null",
        help="The window action whose views show the alert's rows; default: the model's own views.",
    )
    is_subscribed = fields.Boolean(
        string="Subscribed", compute="_compute_is_subscribed", help="You subscribed to this alert.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of an alert must be unique.")

    @api.depends_context("uid")
    def _compute_is_subscribed(self):
        subscribed = self.env["casework.alert.subscription"].search(
            [("user_id", "=", self.env.uid), ("alert_id", "in", self.ids)]).alert_id
        for alert in self:
            alert.is_subscribed = alert in subscribed

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_subscribe(self):
        """Subscribe the current user to these alerts (pinned on their dashboard)."""
        Subscription = self.env["casework.alert.subscription"]
        existing = Subscription.search([("user_id", "=", self.env.uid), ("alert_id", "in", self.ids)]).alert_id
        Subscription.create([{"alert_id": alert.id, "user_id": self.env.uid} for alert in self - existing])
        return True

    def action_unsubscribe(self):
        """Remove the current user's subscriptions to these alerts."""
        self.env["casework.alert.subscription"].search(
            [("user_id", "=", self.env.uid), ("alert_id", "in", self.ids)]).unlink()
        return True

    def action_open(self):
        """The alert's rows, as the current user and with their filter.

        :return: an ``ir.actions.act_window`` dict
        """
        self.ensure_one()
        return self._alert_action()

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    def _alert_domain(self):
        """The rows of the alert for the current user: its rule and the
        user's filter (programmes, situation).

        :return: a :class:`Domain` on :attr:`model_name`
        :raise UserError: for an alert whose rule is unknown
        """
        self.ensure_one()
        method = getattr(self, f"_alert_domain_{self.code}", None)
        if method is None:
            raise UserError(self.env._("The alert “%(name)s” has no rule.", name=self.name))
        dossiers = self.env["casework.alert.preference"]._casework_mine()._casework_dossier_domain()
        domain = Domain(method())
        if dossiers.is_true():
            return domain
        if self.model_name == "casework.beneficiary":
            return domain & dossiers
        return domain & Domain("beneficiary_id", "any", dossiers)

    def _alert_count(self):
        """Number of rows of the alert for the current user (0 when the user
        may not read the listed model).

        :return: int
        """
        self.ensure_one()
        Model = self.env[self.model_name]
        if not Model.has_access("read"):
            return 0
        return Model.search_count(self._alert_domain())

    def _alert_action(self):
        """The window action listing the alert's rows (domain computed now,
        for the current user).

        :return: an ``ir.actions.act_window`` dict
        """
        self.ensure_one()
        if self.action_id:
            action = self.action_id._get_action_dict()
        else:
            action = {"type": "ir.actions.act_window", "res_model": self.model_name,
                      "views": [(False, "list"), (False, "form")], "view_mode": "list,form"}
        run = self.env["casework.report.run"]
        action.update({
            "name": self.name,
            "domain": run._report_plain_domain(self._alert_domain()),
            "context": {"create": False},
            "target": "current",
        })
        return action

    @api.model
    def _alert_today(self):
        return casework_today(self.env)

    @api.model
    def _alert_in_active_file(self):
        return self.env["casework.beneficiary"]._casework_current_referent_domain()

    def _alert_domain_missing_characteristic(self):
        """Dossiers with a required characteristic missing: a required type
        that applies to one of their current programmes (or to all) without
        current value."""
        domain = Domain.FALSE
        for ctype in self.env["casework.characteristic.type"].search([("required", "=", True)]):
            enrolled = Domain("state", "!=", "sortie")
            if ctype.program_ids:
                enrolled &= Domain("program_id", "in", ctype.program_ids.ids)
            domain |= Domain("enrollment_ids", "any", enrolled) & Domain(
                "characteristic_value_ids", "not any", [("is_current", "=", True), ("type_id", "=", ctype.id)])
        return domain

    def _alert_domain_contracts_to_renew(self):
        """Validated contracts (not the last one, not followed by a newer one)
        ending within :data:`RENEWAL_DAYS` days or already ended, of dossiers
        in an active file."""
        return (
            Domain("state", "=", "validated") & Domain("is_last", "=", False) & Domain("is_superseded", "=", False)
            & Domain("date_end", "!=", False)
            & Domain("date_end", "<=", self._alert_today() + relativedelta(days=RENEWAL_DAYS))
            & Domain("beneficiary_id", "any", self._alert_in_active_file())
        )

    def _alert_domain_veilles_ending(self):
        """Ongoing veilles whose end is within :data:`ENDING_DAYS` days (or past)."""
        return (
            Domain("state", "=", "active") & Domain("date_end", "!=", False)
            & Domain("date_end", "<=", self._alert_today() + relativedelta(days=ENDING_DAYS))
        )

    def _alert_domain_steps_ending(self):
        """Steps in progress whose planned end is within :data:`ENDING_DAYS` days (or past)."""
        return (
            Domain("state", "=", "step")
            & Domain("date_planned_end", "<=", self._alert_today() + relativedelta(days=ENDING_DAYS))
        )

    def _alert_domain_exits_to_record(self):
        """Sorties à saisir (the report's rule)."""
        limit = self._alert_today() - relativedelta(days=EXIT_TO_RECORD_DAYS)
        return self._alert_in_active_file() & self.env["casework.beneficiary"]._casework_current_value_domain(
            "date_actualisation", Domain("value_date", "<", limit))

    def _alert_domain_closed_rights(self):
        """Dossiers of an active file whose right is closed (the report's rule)."""
        return self._alert_in_active_file() & self.env["casework.beneficiary"]._casework_current_value_domain(
            "etat_droit", Domain("option_id.code", "=", "clos"))

    def _alert_domain_without_contract(self):
        """Dossiers of an active file without any contract."""
        return self._alert_in_active_file() & Domain("contract_ids", "=", False)

    def _alert_domain_formal_notices(self):
        """Requests of formal notice not processed yet."""
        return Domain("state", "=", "requested")

    def _alert_domain_notes_assigned(self):
        """Open notes assigned to the current user."""
        return Domain("assigned_user_id", "=", self.env.uid) & Domain("state", "=", "open")
