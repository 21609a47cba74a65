from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..tools.dates import casework_today


class CaseworkVeille(models.Model):
    """A veille puts an enrolment on hold (state "veille").

    Ending it is a deliberate act: writing an end date that is today or past
    (or the "Lift" button) ends it and the enrolment is back in "entrée";
    an end date planned in the future does not end it, and the enrolment does
    not go back to "entrée" by itself when that date passes (seed rule): it
    shows in the "ending within N days" list instead. Deleting a veille
    leaves no trace of it.
    """

    _name = "casework.veille"
    _description = "Veille"
    _inherit = ["casework.case.mixin", "mail.thread"]
    _order = "date_start desc, id desc"
    _rec_name = "reason_id"

    enrollment_id = fields.Many2one("casework.enrollment", required=True, ondelete="cascade", index=True)
    beneficiary_id = fields.Many2one(related="enrollment_id.beneficiary_id", store=True, required=False)
    program_id = fields.Many2one(related="enrollment_id.program_id", store=True)
    reason_id = fields.Many2one("casework.veille.reason", string="Motive", required=True, tracking=True)
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="End", tracking=True, help="Planned or actual end of the veille.")
    state = fields.Selection(
        [("active", "Ongoing"), ("ended", "Ended")], required=True, default="active", readonly=True, tracking=True
    )
    note = fields.Text()
    is_ending_soon = fields.Boolean(
        string="Ending soon", compute="_compute_is_ending_soon", search="_search_is_ending_soon"
    )

    _dates_check = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "The end of a veille cannot be before its start.",
    )

    @api.model
    def _ending_soon_days(self):
        # sudo: a configuration number, nothing personal
        return int(self.env["ir.config_parameter"].sudo().get_param("casework_base.veille_alert_days", 30))

    @api.depends_context("allowed_company_ids")
    @api.depends("state", "date_end")
    def _compute_is_ending_soon(self):
        today = casework_today(self.env)
        limit = fields.Date.add(today, days=self._ending_soon_days())
        for veille in self:
            veille.is_ending_soon = veille.state == "active" and bool(veille.date_end) and veille.date_end <= limit

    def _search_is_ending_soon(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        limit = fields.Date.add(casework_today(self.env), days=self._ending_soon_days())
        domain = Domain("state", "=", "active") & Domain("date_end", "!=", False) & Domain("date_end", "<=", limit)
        return domain if (operator == "in") == (True in value) else ~domain

    @api.constrains("date_start", "enrollment_id")
    def _check_within_enrollment(self):
        for veille in self:
            enrollment = veille.enrollment_id
            if veille.date_start < enrollment.date_entry:
                raise ValidationError(
                    self.env._("A veille cannot start (%(start)s) before the entry in the programme (%(entry)s).",
                      start=veille.date_start, entry=enrollment.date_entry)
                )
            if enrollment.date_exit and veille.date_start > enrollment.date_exit:
                raise ValidationError(
                    self.env._("A veille cannot start (%(start)s) after the exit from the programme (%(exit)s).",
                      start=veille.date_start, exit=enrollment.date_exit)
                )

    @api.constrains("state", "enrollment_id")
    def _check_single_active(self):
        for veille in self.filtered(lambda v: v.state == "active"):
            if len(veille.enrollment_id.veille_ids.filtered(lambda v: v.state == "active")) > 1:
                raise ValidationError(self.env._("This enrolment is already in veille."))

    @api.model_create_multi
    def create(self, vals_list):
        veilles = super().create(vals_list)
        for veille in veilles:
            veille.enrollment_id.message_post(
                body=self.env._(
                    "Put in veille from %(start)s (%(reason)s).", start=veille.date_start, reason=veille.reason_id.name
                )
            )
        return veilles

    def write(self, vals):
        result = super().write(vals)
        if vals.get("date_end"):
            today = casework_today(self.env)
            # the state is the system's: it follows the end date just written
            self.filtered(lambda v: v.state == "active" and v.date_end <= today).sudo().write({"state": "ended"})
        return result

    def action_end(self):
        """Lift the veille today (or on its end date if already past): the
        enrolment goes back to "entrée" and the veille stays in the history."""
        today = casework_today(self.env)
        for veille in self.filtered(lambda v: v.state == "active"):
            end = veille.date_end if veille.date_end and veille.date_end <= today else max(today, veille.date_start)
            veille.write({"date_end": end})
        return True
