from odoo import fields, models

STEP_STATES = [
    ("positioning", "Positioning"),
    ("step", "Step in progress"),
    ("done", "Ended"),
    ("cancelled", "Positioning withdrawn"),
]


class CaseworkStep(models.Model):
    """A person's participation in a service offer. It starts as a
    positioning (positionnement: a wish, proposed by the counsellor), becomes
    a step (étape: the effective participation) and ends with an end reason;
    a positioning not taken up is withdrawn. A case record: it follows its
    dossier's scope (``casework.case.mixin``), and the operator running it
    reads its dates (``casework.operator.scope.mixin``). No chatter: what the
    counsellors write about a step is not for the operator."""

    _name = "casework.step"
    _description = "Step"
    _inherit = ["casework.case.mixin", "casework.operator.scope.mixin"]
    _order = "date_planned_start desc, id desc"
    _casework_anonymise_fields = ("comment",)
    _casework_operator_path = "operator_id"

    offer_id = fields.Many2one(
        "casework.offer", string="Offer", required=True, ondelete="restrict", index=True,
    )
    session_id = fields.Many2one(
        "casework.offer.session", string="Session", ondelete="restrict", index="btree_not_null",
    )
    operator_id = fields.Many2one(
        "res.partner", string="Operator", ondelete="restrict", index="btree_not_null",
        help="The operator running the step: the offer's, or the one chosen at enrolment on a multi-operator offer.",
    )
    state = fields.Selection(STEP_STATES, default="positioning", required=True, index=True)
    date_planned_start = fields.Date(string="Planned start", required=True)
    date_planned_end = fields.Date(string="Planned end", required=True)
    date_start = fields.Date(string="Actual start")
    date_end = fields.Date(string="Actual end")
    end_reason_id = fields.Many2one(
        "casework.step.end.reason", string="End reason", ondelete="restrict",
    )
    is_successful = fields.Boolean(related="end_reason_id.is_successful", string="Successful")
    comment = fields.Text()
    proposed_by_id = fields.Many2one(
        "res.users", string="Proposed by", default=lambda self: self.env.user, ondelete="set null",
    )
    # the participation's contacts, picked in the directory by profile
    prescriber_id = fields.Many2one("res.partner", string="Prescriber", ondelete="restrict")
    employer_id = fields.Many2one("res.partner", string="Employer", ondelete="restrict")
    tutor_id = fields.Many2one("res.partner", string="Tutor", ondelete="restrict")
    administrative_manager_id = fields.Many2one(
        "res.partner", string="Administrative manager", ondelete="restrict",
    )
    ordering_party_id = fields.Many2one("res.partner", string="Ordering party", ondelete="restrict")
    objective_ids = fields.One2many("casework.step.objective", "step_id", string="Objectives")
    attendance_ids = fields.One2many("casework.attendance", "step_id", string="Attendance")
    appointment_ids = fields.One2many("calendar.event", "casework_step_id", string="Appointments")
