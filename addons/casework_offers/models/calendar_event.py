from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CalendarEvent(models.Model):
    """An appointment may relate to one of its dossier's steps: the step's
    key dates derive from its planned appointments and sessions, and the
    step lists its appointments."""

    _inherit = "calendar.event"

    casework_step_id = fields.Many2one(
        "casework.step", string="Step", ondelete="set null", index="btree_not_null",
        domain="[('beneficiary_id', '=', casework_beneficiary_id), ('state', 'in', ('positioning', 'step'))]",
        help="The step of the dossier this appointment relates to.",
    )

    @api.constrains("casework_step_id", "casework_beneficiary_id")
    def _check_casework_step_id(self):
        """The step of an appointment is a step of the appointment's dossier."""
        # sudo: the dossier of the step, compared with the appointment's (the user reads both, or the link was refused)
        for event in self.sudo().filtered("casework_step_id"):
            if event.casework_step_id.beneficiary_id != event.casework_beneficiary_id:
                raise ValidationError(self.env._(
                    "An appointment can only relate to a step of its own dossier.",
                ))
