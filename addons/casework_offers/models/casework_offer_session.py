from odoo import fields, models


class CaseworkOfferSession(models.Model):
    """A dated session of a service offer, with its capacity, place and
    trainer. A step on an offer managed by sessions takes one of its seats;
    attendance (émargement) is signed off per session."""

    _name = "casework.offer.session"
    _description = "Offer session"
    _inherit = ["mail.thread"]
    _order = "date_start, id"

    name = fields.Char(required=True)
    offer_id = fields.Many2one("casework.offer", string="Offer", required=True, ondelete="cascade", index=True)
    active = fields.Boolean(default=True)
    date_start = fields.Datetime(string="Start", required=True)
    date_end = fields.Datetime(string="End", required=True)
    capacity = fields.Integer(help="Number of seats; 0 for no limit.")
    place = fields.Char()
    trainer_id = fields.Many2one(
        "res.partner", string="Trainer", ondelete="restrict", help="Who runs the session.",
    )
    step_ids = fields.One2many("casework.step", "session_id", string="Steps")
    attendance_ids = fields.One2many("casework.attendance", "session_id", string="Attendance")
    attendance_state = fields.Selection(
        [("open", "To sign off"), ("done", "Signed off")], string="Attendance sign-off", default="open", required=True,
        copy=False, readonly=True,
    )
    signed_sheet = fields.Binary(
        string="Signed sheet", attachment=True, copy=False,
        help="The signed attendance sheet, scanned and filed back on the session.",
    )
    signed_sheet_name = fields.Char(string="Signed sheet file name", copy=False)

    _dates_check = models.Constraint(
        "CHECK (date_end > date_start)", "A session must end after it starts.",
    )
    _capacity_check = models.Constraint("CHECK (capacity >= 0)", "A session's capacity cannot be negative.")
