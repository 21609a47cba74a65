from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class CaseworkEnrollment(models.Model):
    """A period of accompaniment of a dossier in a programme (dispositif).

    State: ``entree`` from the entry date, ``veille`` while a veille is
    ongoing, ``sortie`` once an exit date (with its motive) is set. Periods
    may be entered retroactively; successive periods in the same programme
    are kept as history and may not overlap. Cancelling an exit is for the
    secretariat only.
    """

    _name = "casework.enrollment"
    _description = "Enrolment"
    _inherit = ["casework.case.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_entry desc, id desc"
    _rec_name = "program_id"

    beneficiary_id = fields.Many2one(tracking=True, index=False)  # indexed by _beneficiary_program_idx
    program_id = fields.Many2one("casework.program", string="Programme", required=True, index=True, tracking=True)
    state = fields.Selection(
        [("entree", "Entrée"), ("veille", "Veille"), ("sortie", "Sortie")],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    date_entry = fields.Date(string="Entry date", required=True, default=fields.Date.context_today, tracking=True)
    date_first_accompaniment = fields.Date(string="First accompaniment", tracking=True)
    date_exit = fields.Date(string="Exit date", tracking=True)
    exit_motive_id = fields.Many2one("casework.exit.motive", string="Exit motive", tracking=True)
    is_positive_exit = fields.Boolean(related="exit_motive_id.is_positive", store=True, string="Positive exit")
    veille_ids = fields.One2many("casework.veille", "enrollment_id", string="Veilles")
    current_veille_id = fields.Many2one(
        "casework.veille", compute="_compute_current_veille_id", string="Ongoing veille"
    )
    duration_months = fields.Integer(string="Months", compute="_compute_duration_months")

    _dates_check = models.Constraint(
        "CHECK(date_exit IS NULL OR date_exit >= date_entry)",
        "The exit date cannot be before the entry date.",
    )
    _beneficiary_program_idx = models.Index("(beneficiary_id, program_id, date_entry)")

    @api.depends("veille_ids.state")
    def _compute_current_veille_id(self):
        for enrollment in self:
            enrollment.current_veille_id = enrollment.veille_ids.filtered(lambda v: v.state == "active")[:1]

    @api.depends("date_exit", "veille_ids.state")
    def _compute_state(self):
        for enrollment in self:
            ongoing = enrollment.veille_ids.filtered(lambda v: v.state == "active")
            if enrollment.date_exit:
                enrollment.state = "sortie"
            elif ongoing:
                enrollment.state = "veille"
            else:
                enrollment.state = "entree"

    @api.depends_context("tz")
    @api.depends("date_entry", "date_exit")
    def _compute_duration_months(self):
        today = fields.Date.context_today(self)
        for enrollment in self:
            end = enrollment.date_exit or today
            start = enrollment.date_entry
            enrollment.duration_months = max(0, (end.year - start.year) * 12 + end.month - start.month) if start else 0

    @api.constrains("date_entry", "date_exit")
    def _check_dates(self):
        for enrollment in self:
            if enrollment.date_exit and enrollment.date_exit < enrollment.date_entry:
                raise ValidationError(
                    self.env._("The exit date (%(exit)s) cannot be before the entry date (%(entry)s).",
                      exit=enrollment.date_exit, entry=enrollment.date_entry)
                )

    @api.constrains("date_first_accompaniment", "date_entry")
    def _check_first_accompaniment(self):
        for enrollment in self:
            if enrollment.date_first_accompaniment and enrollment.date_first_accompaniment < enrollment.date_entry:
                raise ValidationError(
                    self.env._("The first accompaniment (%(first)s) cannot be before the entry date (%(entry)s).",
                      first=enrollment.date_first_accompaniment, entry=enrollment.date_entry)
                )

    @api.constrains("date_exit", "exit_motive_id")
    def _check_exit_motive(self):
        for enrollment in self:
            if enrollment.date_exit and not enrollment.exit_motive_id:
                raise ValidationError(self.env._("An exit needs an exit motive."))
            if enrollment.exit_motive_id and not enrollment.date_exit:
                raise ValidationError(self.env._("An exit motive needs an exit date."))

    @api.constrains("beneficiary_id", "program_id", "date_entry", "date_exit")
    def _check_overlap(self):
        far = fields.Date.to_date("9999-12-31")
        for enrollment in self:
            # sudo: the other periods of the same dossier, only compared; a user out of the dossier's scope is refused
            # before the message (case mixin)
            others = self.sudo().search(
                [
                    ("id", "!=", enrollment.id),
                    ("beneficiary_id", "=", enrollment.beneficiary_id.id),
                    ("program_id", "=", enrollment.program_id.id),
                ]
            )
            for other in others:
                if enrollment.date_entry <= (other.date_exit or far) and other.date_entry <= (
                    enrollment.date_exit or far
                ):
                    raise ValidationError(
                        self.env._(
                            "%(dossier)s already has a period in %(program)s from %(entry)s to %(exit)s: "
                            "periods in the same programme cannot overlap.",
                            dossier=enrollment.beneficiary_id.display_name,
                            program=enrollment.program_id.name,
                            entry=other.date_entry,
                            exit=other.date_exit or self.env._("today"),
                        )
                    )

    def write(self, vals):
        if "date_exit" in vals and not vals["date_exit"]:
            if self.filtered("date_exit") and not (
                self.env.su or self.env.user.has_group("casework_base.group_casework_secretariat")
            ):
                raise AccessError(self.env._("Only the secretariat can cancel an exit from a programme."))
            vals = dict(vals, exit_motive_id=False)
        result = super().write(vals)
        if vals.get("date_exit"):
            for enrollment in self:
                ongoing = enrollment.veille_ids.filtered(lambda v: v.state == "active")
                if ongoing:
                    ongoing.write({"date_end": max(enrollment.date_exit, ongoing.date_start), "state": "ended"})
        return result

    def action_open_veille_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Put in veille"),
            "res_model": "casework.veille",
            "view_mode": "form",
            "target": "new",
            "context": {"default_enrollment_id": self.id},
        }

    def action_end_veille(self):
        self.veille_ids.filtered(lambda v: v.state == "active").action_end()
        return True

    def action_cancel_exit(self):
        self.write({"date_exit": False})
        return True
