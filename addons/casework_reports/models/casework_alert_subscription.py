from odoo import api, fields, models
from odoo.exceptions import AccessError


class CaseworkAlertSubscription(models.Model):
    """A user's subscription to an alert, pinned or not on their dashboard,
    in their order. Each user reads and changes only their own
    (``security/casework_alert_rules.xml``); the count is searched as the
    user, so that a badge never counts a dossier they cannot open."""

    _name = "casework.alert.subscription"
    _description = "Alert subscription"
    _order = "sequence, id"
    _rec_name = "alert_id"

    user_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, index=True, ondelete="cascade",
    )
    alert_id = fields.Many2one("casework.alert", required=True, ondelete="cascade")
    description = fields.Text(related="alert_id.description")
    pinned = fields.Boolean(default=True, help="Shown with its count on your dashboard.")
    sequence = fields.Integer(default=10)
    count = fields.Integer(compute="_compute_count", help="Rows of the alert you can open, with your filter.")

    _user_alert_uniq = models.Constraint("UNIQUE(user_id, alert_id)", "You already subscribed to this alert.")

    @api.depends_context("uid")
    @api.depends("alert_id")
    def _compute_count(self):
        for subscription in self:
            # a colleague's subscription never reaches here (record rules); counted as the current user
            subscription.count = subscription.alert_id._alert_count()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("user_id", self.env.uid) != self.env.uid:
                    raise AccessError(self.env._("You may only subscribe yourself to an alert."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "user_id" in vals and any(sub.user_id.id != vals["user_id"] for sub in self):
            raise AccessError(self.env._("A subscription to an alert stays its user's."))
        return super().write(vals)

    def action_open(self):
        """The alert's rows (as the current user, with their filter)."""
        self.ensure_one()
        return self.alert_id._alert_action()

    def action_pin(self):
        self.pinned = True
        return True

    def action_unpin(self):
        self.pinned = False
        return True

    @api.model
    def casework_alert_counts(self, pinned_only=True):
        """The current user's alerts for their dashboard, in their order.

        :param pinned_only: only the alerts pinned on the dashboard
        :return: list of dicts ``{"id": subscription id, "name": alert name,
            "count": rows the user can open (int), "action": the
            ``ir.actions.act_window`` dict listing them}``
        """
        domain = [("user_id", "=", self.env.uid)]
        if pinned_only:
            domain.append(("pinned", "=", True))
        subscriptions = self.search(domain)
        # counted now: the rows, the user's filter or the day may have changed since an earlier read
        subscriptions.invalidate_recordset(["count"])
        return [
            {"id": sub.id, "name": sub.alert_id.name, "count": sub.count, "action": sub.alert_id._alert_action()}
            for sub in subscriptions
        ]
