from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

SITUATIONS = [("active", "Active file"), ("exited", "Exited"), ("all", "All")]


class CaseworkAlertPreference(models.Model):
    """The filter a user chose once for all their alerts (seed: "se mémorise
    automatiquement et s'applique à toutes les alertes de l'utilisateur"):
    the programmes, and the situation of the dossiers in them (active file,
    exited, all). One per user; each user reads and changes only their own
    (``security/casework_alert_rules.xml``)."""

    _name = "casework.alert.preference"
    _description = "Alert filter"
    _rec_name = "user_id"

    user_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, index=True, ondelete="cascade",
    )
    program_ids = fields.Many2many(
        "casework.program", "casework_alert_preference_program_rel", "preference_id", "program_id",
        string="Programmes", help="Only the dossiers enrolled in these programmes (all when empty).",
    )
    situation = fields.Selection(
        SITUATIONS, required=True, default="active",
        help="Active file: enrolled (entrée or veille); exited: an exit from the programme; all: both.",
    )

    _user_uniq = models.Constraint("UNIQUE(user_id)", "A user has one alert filter.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("user_id", self.env.uid) != self.env.uid for vals in vals_list):
            raise AccessError(self.env._("You may only set your own alert filter."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "user_id" in vals and any(pref.user_id.id != vals["user_id"] for pref in self):
            raise AccessError(self.env._("An alert filter stays its user's."))
        result = super().write(vals)
        # the counts of the alerts follow the filter
        self.env["casework.alert.subscription"].invalidate_model(["count"])
        return result

    @api.model
    def _casework_mine(self):
        """The current user's filter (a new record, not saved, when they never
        chose one: the default, active file of every programme).

        :return: a ``casework.alert.preference`` record
        """
        mine = self.search([("user_id", "=", self.env.uid)], limit=1)
        return mine or self.new({"user_id": self.env.uid})

    def _casework_dossier_domain(self):
        """The dossiers this filter keeps.

        :return: a :class:`Domain` on ``casework.beneficiary``
        """
        self.ensure_one()
        enrolled = Domain.TRUE
        if self.program_ids:
            enrolled &= Domain("program_id", "in", self.program_ids.ids)
        if self.situation == "active":
            enrolled &= Domain("state", "!=", "sortie")
        elif self.situation == "exited":
            enrolled &= Domain("state", "=", "sortie")
        if enrolled.is_true():
            return Domain.TRUE
        return Domain("enrollment_ids", "any", enrolled)

    @api.model
    def action_open_mine(self):
        """The current user's alert filter, in a dialog (created on first use).

        :return: an ``ir.actions.act_window`` dict
        """
        mine = self.search([("user_id", "=", self.env.uid)], limit=1) or self.create({"user_id": self.env.uid})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My alert filter"),
            "res_model": self._name,
            "res_id": mine.id,
            "view_mode": "form",
            "target": "new",
        }
