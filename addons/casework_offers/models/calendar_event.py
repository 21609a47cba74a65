from odoo import fields, models


class CalendarEvent(models.Model):
    """An appointment may relate to one of its dossier's steps: the step's
    key dates derive from its planned appointments and sessions."""

    _inherit = "calendar.event"

    casework_step_id = fields.Many2one(
        "casework.step", string="Step", ondelete="set null", index="btree_not_null",
        help="The step of the dossier this appointment relates to.",
    )
