from odoo import fields, models

ATTENDANCE_STATES = [
    ("present", "Present"),
    ("excused", "Excused absence"),
    ("unexcused", "Unexcused absence"),
]


class CaseworkAttendance(models.Model):
    """One participant's attendance at one session (émargement): present or
    absent, excused or not, and the hours attended. A case record of the
    step's dossier."""

    _name = "casework.attendance"
    _description = "Attendance"
    _inherit = ["casework.case.mixin", "casework.operator.scope.mixin"]
    _order = "session_id, id"
    _casework_operator_path = "step_id.operator_id"

    session_id = fields.Many2one(
        "casework.offer.session", string="Session", required=True, ondelete="cascade", index=True,
    )
    step_id = fields.Many2one("casework.step", string="Step", required=True, ondelete="cascade", index=True)
    beneficiary_id = fields.Many2one(related="step_id.beneficiary_id", store=True, required=False)
    offer_id = fields.Many2one(related="session_id.offer_id", store=True, index=True, string="Offer")
    state = fields.Selection(ATTENDANCE_STATES, required=True, default="present")
    hours = fields.Float(digits=(6, 2), help="Hours attended, between 0 and the session's length.")

    _session_step_uniq = models.Constraint(
        "UNIQUE(session_id, step_id)", "A participant is signed off once per session.",
    )
    _hours_check = models.Constraint("CHECK (hours >= 0)", "Attendance hours cannot be negative.")
