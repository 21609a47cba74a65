from odoo import fields, models


class CaseworkOffer(models.Model):
    """A service offer (offre de service) a counsellor mobilises for a person:
    a training, a workshop, a coaching... run by an operator, between two
    mandatory dates, possibly by dated sessions. Offers are not personal
    data: every Casework role reads them; their managers (heads of service,
    administrators, and the users named on the offer) change them."""

    _name = "casework.offer"
    _description = "Service offer"
    _inherit = ["mail.thread"]
    _order = "date_start desc, name"

    name = fields.Char(string="Title", required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    classification_id = fields.Many2one(
        "casework.offer.classification", string="Classification", ondelete="restrict", index=True, tracking=True,
    )
    program_ids = fields.Many2many("casework.program", string="Programmes")
    keywords = fields.Char(help="Words a counsellor may search the offer by, separated by commas.")
    description = fields.Html()
    date_start = fields.Date(string="Start date", required=True, tracking=True)
    date_end = fields.Date(string="End date", required=True, tracking=True)
    is_multi_operator = fields.Boolean(
        string="Operator chosen at enrolment",
        help="Several operators run this offer: each step names its operator, among the offer's operators.",
    )
    operator_id = fields.Many2one(
        "res.partner", string="Operator", ondelete="restrict", index=True, tracking=True,
        domain=[("is_company", "=", True), ("casework_profile_ids.role", "=", "operator")],
    )
    operator_ids = fields.Many2many(
        "res.partner", "casework_offer_operator_rel", "offer_id", "partner_id", string="Operators",
        domain=[("is_company", "=", True), ("casework_profile_ids.role", "=", "operator")],
    )
    signatory_id = fields.Many2one(
        "res.partner", string="Signatory", ondelete="restrict",
        help="The person who signs for the operator; empty when the offer has several operators.",
    )
    manager_ids = fields.Many2many(
        "res.users", "casework_offer_manager_rel", "offer_id", "user_id", string="Offer managers",
        help="Besides heads of service and administrators, the users who manage this offer "
        "(e.g. the accompagnateurs emploi).",
    )
    attendance_required = fields.Boolean(
        string="Attendance hours required", help="Each session's attendance is signed off with hours.",
    )
    use_sessions = fields.Boolean(
        string="Managed by sessions", help="Enrolment picks one of the offer's dated sessions.",
    )
    characteristic_type_ids = fields.Many2many(
        "casework.characteristic.type", string="Characteristics at the end of the step",
        help="Characteristics of the person to record when a step on this offer ends (e.g. bilan de fin d'étape).",
    )
    session_ids = fields.One2many("casework.offer.session", "offer_id", string="Sessions")
    step_ids = fields.One2many("casework.step", "offer_id", string="Steps")

    _dates_check = models.Constraint(
        "CHECK (date_end >= date_start)", "An offer cannot end before it starts.",
    )

