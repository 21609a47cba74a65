from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.casework_base.tools.dates import casework_today

from ..models.casework_booking_invitation import DEFAULT_WINDOW_DAYS


class CaseworkBookingInvitationWizard(models.TransientModel):
    """Invite the persons of one or several dossiers to book an appointment
    themselves: one invitation per dossier, sent at once by SMS and/or e-mail.

    Only for dossiers the user may change (the selection is client input: a
    dossier out of scope is refused with an ``AccessError`` as soon as the
    wizard is given it); the invitations are created in the user's name and
    follow each dossier's scope.
    """

    _name = "casework.booking.invitation.wizard"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Invitation to book an appointment (wizard)"
    _casework_dossier_fields = ("beneficiary_ids",)

    beneficiary_ids = fields.Many2many("casework.beneficiary", string="Dossiers", required=True)
    appointment_type_id = fields.Many2one(
        "casework.appointment.type", string="Appointment type", required=True,
        default=lambda self: self.env.ref("casework_appointment.appointment_type_individual", raise_if_not_found=False),
    )
    theme_id = fields.Many2one("casework.appointment.theme")
    duration = fields.Float(default=1.0, required=True, help="In hours.")
    counsellor_ids = fields.Many2many(
        "res.users", string="With", required=True, default=lambda self: self.env.user,
        help="Yourself, or colleagues who share their calendar with you and follow the dossiers: the person sees "
        "the free slots of all of them.",
    )
    location_id = fields.Many2one("casework.appointment.location")
    date_from = fields.Date(string="From", required=True, default=lambda self: casework_today(self.env) + timedelta(1))
    date_to = fields.Date(
        string="Until", required=True,
        default=lambda self: casework_today(self.env) + timedelta(DEFAULT_WINDOW_DAYS),
    )
    send_sms = fields.Boolean(string="By SMS", default=True)
    send_email = fields.Boolean(string="By e-mail")

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

    def action_send(self):
        """Create and send one invitation per dossier.

        :raise UserError: a window in the past or reversed, no channel, a
            dossier that cannot be reached by the channels chosen (nothing is
            sent then)
        :return: an action listing the invitations sent
        """
        self.ensure_one()
        self._casework_check_dossier_scope()
        if self.date_from < casework_today(self.env):
            raise UserError(self.env._("The window of an invitation cannot start in the past."))
        if self.date_to < self.date_from:
            raise UserError(self.env._("The window of an invitation ends after it starts."))
        if not self.send_sms and not self.send_email:
            raise UserError(self.env._("Choose how to send the invitation: by SMS, by e-mail or both."))
        Invitation = self.env["casework.booking.invitation"]
        vals_list = []
        for dossier in self.beneficiary_ids:
            vals = {
                "beneficiary_id": dossier.id,
                "appointment_type_id": self.appointment_type_id.id,
                "theme_id": self.theme_id.id,
                "duration": self.duration,
                "counsellor_ids": [Command.set(self.counsellor_ids.ids)],
                "location_id": self.location_id.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "send_sms": self.send_sms,
                "send_email": self.send_email,
            }
            vals_list.append(vals)
        invitations = Invitation.create(vals_list)
        for invitation in invitations:
            reachable = (invitation.send_sms and invitation._casework_sms_number()) or (
                invitation.send_email and invitation.beneficiary_id.email
            )
            if not reachable:
                raise UserError(self.env._(
                    "The person of the dossier %(dossier)s cannot be reached: enter a mobile number (06 or 07...) or "
                    "an e-mail address in its contact details, or choose another channel.",
                    dossier=invitation.beneficiary_id.number,
                ))
        invitations.action_send()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_booking.casework_booking_invitation_action")
        action["domain"] = [("id", "in", invitations.ids)]
        return action
