from odoo import fields, models


class EventMail(models.Model):
    """An event's mail schedulers run as superuser and render their template
    for each registration: whoever wrote the template or chose the recipients
    would receive the person's name, e-mail and phone, whatever their scope.
    So Casework sends nothing from the schedulers to the person of a dossier
    (the seed's rule: registering someone to an event notifies nobody; the
    référent tells the person, e.g. with a convocation); other attendees
    receive the event's mails as Odoo sends them.

    The last registration a scheduler reached is its bookkeeping, read by
    system administrators only (its name is the attendee's).
    """

    _inherit = "event.mail"

    last_registration_id = fields.Many2one(groups="base.group_system")

    def _send_mail(self, registrations):
        # sudo: the schedulers run as superuser; only whether a registration belongs to a dossier is read
        registrations = registrations.filtered(lambda registration: not registration.sudo().casework_beneficiary_id)
        if not registrations:
            return None
        return super()._send_mail(registrations)
