from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round

ATTENDANCE_STATES = [
    ("present", "Present"),
    ("excused", "Excused absence"),
    ("unexcused", "Unexcused absence"),
]


class CaseworkAttendance(models.Model):
    """One participant's attendance at one session (émargement): present or
    absent, excused or not, and the hours attended. A case record of the
    step's dossier.

    The participants of a session are the steps on it when the offer is
    managed by sessions, else every step of the offer in progress on the
    session's day (``casework.offer.session._attendance_participant_steps``).

    Who changes it: the dossier's scope (the participant's referents, the
    secretariat and heads of service of the territory), and the operator
    running the step, who signs the session off. Once the session is signed
    off, only the offer's managers change its attendance.
    """

    _name = "casework.attendance"
    _description = "Attendance"
    _inherit = ["casework.operator.scope.mixin", "casework.case.mixin"]
    _order = "session_id, id"
    _casework_operator_path = "step_id.operator_id"
    _casework_operator_mode = "write"

    session_id = fields.Many2one(
        "casework.offer.session", required=True, ondelete="cascade", index=True,
    )
    step_id = fields.Many2one("casework.step", required=True, ondelete="cascade", index=True)
    beneficiary_id = fields.Many2one(related="step_id.beneficiary_id", store=True, required=False)
    offer_id = fields.Many2one(related="session_id.offer_id", store=True, index=True, string="Offer")
    session_date = fields.Datetime(related="session_id.date_start", string="Session date")
    session_duration = fields.Float(related="session_id.duration", string="Session length")
    session_attendance_state = fields.Selection(related="session_id.attendance_state")
    state = fields.Selection(ATTENDANCE_STATES, required=True, default="present")
    hours = fields.Float(
        digits=(6, 2), compute="_compute_hours", store=True, readonly=False, precompute=True,
        help="Hours attended, between 0 and the session's length: by default the session's length when present, "
        "0 when absent.",
    )

    _session_step_uniq = models.Constraint(
        "UNIQUE(session_id, step_id)", "A participant is signed off once per session.",
    )
    _hours_check = models.Constraint("CHECK (hours >= 0)", "Attendance hours cannot be negative.")

    @api.depends("session_id", "step_id")
    def _compute_display_name(self):
        for attendance in self:
            attendance.display_name = " – ".join(
                part for part in (attendance.participant_name, attendance.session_id.display_name) if part
            )

    @api.depends("state", "session_id")
    def _compute_hours(self):
        for attendance in self:
            attendance.hours = attendance.session_id.duration if attendance.state == "present" else 0.0

    @api.constrains("hours", "state", "session_id")
    def _check_hours(self):
        """Hours lie between 0 and the session's length; an absence counts none."""
        for attendance in self:
            session = attendance.session_id
            if float_compare(attendance.hours, 0.0, precision_digits=2) < 0:
                raise ValidationError(self.env._(
                    "Attendance hours cannot be negative (%(hours)s hours at session %(session)s).",
                    hours=attendance.hours, session=session.display_name,
                ))
            if float_compare(attendance.hours, session.duration, precision_digits=2) > 0:
                raise ValidationError(self.env._(
                    "%(hours)s hours of attendance are more than the %(length)s hours of session %(session)s.",
                    hours=float_round(attendance.hours, 2), length=float_round(session.duration, 2),
                    session=session.display_name,
                ))
            if attendance.state != "present" and float_compare(attendance.hours, 0.0, precision_digits=2) > 0:
                raise ValidationError(self.env._(
                    "An absence counts no hours of attendance (session %(session)s).", session=session.display_name,
                ))

    @api.constrains("session_id", "step_id")
    def _check_step_on_session(self):
        """The participant is on the session's offer and, when the offer is
        managed by sessions, on that session."""
        for attendance in self:
            # sudo: the step's offer and session, compared with the attendance's
            step, session = attendance.step_id.sudo(), attendance.session_id.sudo()
            if step.offer_id != session.offer_id or (session.offer_id.use_sessions and step.session_id != session):
                raise ValidationError(self.env._(
                    "This participant does not take part in session %(session)s of %(offer)s.",
                    session=session.display_name, offer=session.offer_id.display_name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            session_ids = {vals.get("session_id") for vals in vals_list} - {None, False}
            self.env["casework.offer.session"].browse(session_ids)._check_attendance_open()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self.session_id._check_attendance_open()
            if vals.get("session_id"):
                self.env["casework.offer.session"].browse(vals["session_id"])._check_attendance_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_off(self):
        if not self.env.su:
            self.session_id._check_attendance_open()
