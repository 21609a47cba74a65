import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command


class CaseworkCollectiveAppointment(models.TransientModel):
    """Book one appointment per selected dossier for the same slot, type,
    location and collaborator (prise de rendez-vous collectif).

    The collaborator's other appointments are checked once for the slot;
    the appointments of the session do not conflict with each other (they
    share a collective key).

    Only for dossiers the user may write: another dossier (the selection is
    only a default) is refused with an ``AccessError`` as soon as the wizard
    is given it.
    """

    _name = "casework.collective.appointment"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Collective appointment"
    _casework_dossier_fields = ("beneficiary_ids",)

    beneficiary_ids = fields.Many2many("casework.beneficiary", string="Dossiers", required=True)
    name = fields.Char(string="Title", help="Title of the appointments; by default the person's name, type and theme.")
    appointment_type_id = fields.Many2one(
        "casework.appointment.type", string="Appointment type", required=True,
        default=lambda self: self.env.ref(
            "casework_appointment.appointment_type_information_session", raise_if_not_found=False
        ),
    )
    theme_id = fields.Many2one("casework.appointment.theme")
    start = fields.Datetime(required=True)
    duration = fields.Float(default=2.0, help="In hours.")
    user_id = fields.Many2one("res.users", string="Collaborator", required=True, default=lambda self: self.env.user)
    location_id = fields.Many2one("casework.appointment.location", required=True)
    sms_reminder = fields.Boolean(string="SMS reminder")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if "beneficiary_ids" in fields_list and context.get("active_model") == "casework.beneficiary":
            values["beneficiary_ids"] = [Command.set(context.get("active_ids") or [])]
            self._casework_check_dossier_values(values)  # the selection is client input
        return values

    @api.onchange("beneficiary_ids")
    def _onchange_beneficiary_ids_check_scope(self):
        self._casework_check_dossier_scope()

    @api.onchange("appointment_type_id")
    def _onchange_appointment_type_id(self):
        if self.appointment_type_id.duration:
            self.duration = self.appointment_type_id.duration

    def action_confirm(self):
        self.ensure_one()
        if not self.beneficiary_ids:
            raise UserError(self.env._("Select the dossiers to book."))
        if self.duration <= 0:
            raise ValidationError(self.env._("The duration of the appointment must be positive."))
        Event = self.env["calendar.event"]
        stop = self.start + timedelta(hours=self.duration)
        key = uuid.uuid4().hex
        vals_list = [{
            "name": self.name or False,
            "casework_beneficiary_id": dossier.id,
            "casework_appointment_type_id": self.appointment_type_id.id,
            "casework_theme_id": self.theme_id.id,
            "casework_location_id": self.location_id.id,
            "casework_collective_key": key,
            "user_id": self.user_id.id,
            "start": self.start,
            "stop": stop,
            "duration": self.duration,
            "casework_sms_reminder": self.sms_reminder,
        } for dossier in self.beneficiary_ids]
        events = Event.create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collective appointments"),
            "res_model": "calendar.event",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("casework_appointment.calendar_event_view_list_casework").id, "list"),
                (self.env.ref("casework_appointment.calendar_event_view_form_casework").id, "form"),
            ],
            "domain": [("id", "in", events.ids)],
        }

