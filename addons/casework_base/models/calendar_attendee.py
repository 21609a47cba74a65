from odoo import models


class CalendarAttendee(models.Model):
    """Odoo e-mails each attendee of an event (invitation, new date, e-mail
    alarms) with the event's title, which names the person of an
    appointment: an attendee whose users may not read the event is not
    e-mailed (a colleague left on an appointment after losing access to its
    dossier, or added by a superuser process). Contacts without a user (the
    person, an employer's contact) are left to the author who invited them.
    """

    _name = "calendar.attendee"
    _inherit = ["calendar.attendee", "casework.partner.visible.mixin"]

    def _should_notify_attendee(self, notify_author=False):
        if not super()._should_notify_attendee(notify_author=notify_author):
            return False
        # sudo: the attendee's users and the event, only to decide whether to e-mail; nothing shown
        users = self.partner_id.sudo().user_ids
        if not users:
            return True
        # sudo: the event, only to ask who may read it (see above)
        event = self.event_id.sudo()
        return bool(self.env["casework.document.scope"]._casework_readers(event, users))
