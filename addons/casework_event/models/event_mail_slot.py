from odoo import fields, models


class EventMailSlot(models.Model):
    """The last registration a slot's scheduler reached is bookkeeping of
    the scheduler (run as superuser): its name would be the attendee's,
    whatever the reader's scope, so only system administrators read it."""

    _inherit = "event.mail.slot"

    last_registration_id = fields.Many2one(groups="base.group_system")
