from odoo import models


class CalendarPopoverDeleteWizard(models.TransientModel):
    """"Delete & Send" of the calendar e-mails the attendees the deleted
    event's title: not for an appointment whose invitations are off (see
    ``calendar.event._casework_invitations_off``), which is only deleted."""

    _inherit = "calendar.popover.delete.wizard"

    def action_send_mail_and_delete(self):
        if self.calendar_event_id and self.calendar_event_id._casework_invitations_off():
            return self.action_delete()
        return super().action_send_mail_and_delete()
