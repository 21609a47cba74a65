from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from odoo.addons.casework_base.tools.dates import casework_today

# the seed's examples and the counsellor's figures ("Mine"): steps, veilles
# ending within this many days; contracts to renew within RENEWAL_DAYS
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
    _inherit = ["casework.rule.catalogue"]
    _description = "Alert"

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
        method = self._catalogue_rule("_alert_domain_")
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

    # Each rule is the one of its list, wherever it is shown (the dashboard
    # "Mine", the standard reports): defined on the listed model, or here.

    def _alert_domain_missing_characteristic(self):
        """Dossiers with a required characteristic missing."""
        return self.env["casework.beneficiary"]._casework_missing_characteristic_domain()

    def _alert_domain_contracts_to_renew(self):
        """Contracts to renew within :data:`RENEWAL_DAYS` days, or overdue."""
        return self.env["casework.contract"]._casework_to_renew_domain(RENEWAL_DAYS)

    @api.model
    def _alert_domain_veilles_ending(self, days=ENDING_DAYS):
        """Ongoing veilles whose end is within ``days`` days (or past).

        :return: a :class:`Domain` on ``casework.veille``
        """
        return (
            Domain("state", "=", "active") & Domain("date_end", "!=", False)
            & Domain("date_end", "<=", casework_today(self.env) + relativedelta(days=days))
        )

    def _alert_domain_steps_ending(self):
        """Steps in progress whose planned end is within :data:`ENDING_DAYS` days (or past)."""
        return (
            Domain("state", "=", "step")
            & Domain("date_planned_end", "<=", casework_today(self.env) + relativedelta(days=ENDING_DAYS))
        )

    def _alert_domain_exits_to_record(self):
        """Sorties à saisir."""
        return self.env["casework.beneficiary"]._casework_exits_to_record_domain()

    def _alert_domain_closed_rights(self):
        """Dossiers of an active file whose right is closed."""
        return self.env["casework.beneficiary"]._casework_closed_right_domain()

    def _alert_domain_without_contract(self):
        """Dossiers of an active file without any contract."""
        return self.env["casework.beneficiary"]._casework_without_contract_domain()

    @api.model
    def _alert_domain_formal_notices(self):
        """Demandes de mise en demeure à traiter: requests of formal notice
        not processed yet.

        :return: a :class:`Domain` on ``casework.formal.notice``
        """
        return Domain("state", "=", "requested")

    @api.model
    def _alert_domain_notes_assigned(self):
        """Open notes assigned to the current user.

        :return: a :class:`Domain` on ``casework.note``
        """
        return Domain("assigned_user_id", "=", self.env.uid) & Domain("state", "=", "open")
