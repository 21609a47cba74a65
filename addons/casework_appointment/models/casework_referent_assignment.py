from datetime import datetime, time

import pytz

from odoo import fields, models
from odoo.fields import Command

from odoo.addons.casework_base.tools.dates import casework_tz


class CaseworkReferentAssignment(models.Model):
    """A réorientation may hand the former référent's coming appointments
    of the dossier over to the new référent (collaborator and attendee)."""

    _inherit = "casework.referent.assignment"

    handover_appointments = fields.Boolean(
        string="Hand over the coming appointments", store=False, default=False,
        help="Réorientation starting today or earlier: the former référent's planned appointments of the "
        "dossier, from now on, are the new référent's (collaborator and attendee).",
    )

    def _casework_handover_options(self, vals):
        options = super()._casework_handover_options(vals)
        options["appointments"] = vals.pop("handover_appointments", False)
        return options

    def _casework_hand_over(self, tasks=True, appointments=False, **options):
        former = super()._casework_hand_over(tasks=tasks, **options)
        if not former or not appointments:
            return former
        midnight = casework_tz(self.env).localize(datetime.combine(self.date_start, time.min))
        since = midnight.astimezone(pytz.UTC).replace(tzinfo=None)
        Event = self.env["calendar.event"]
        # sudo: the coming appointments of a dossier whose référent the user
        # may change (checked by create before the hand-over); the new
        # collaborator need not share their calendar with the secretariat
        events = Event.sudo().search([
            ("casework_beneficiary_id", "=", self.beneficiary_id.id), ("user_id", "in", former.ids),
            ("casework_outcome", "=", "planned"), ("start", ">=", max(since, fields.Datetime.now())),
        ])
        new_partner = self.user_id.partner_id
        for event in events:
            commands = [Command.unlink(partner.id) for partner in former.partner_id & event.partner_ids]
            if new_partner not in event.partner_ids:
                commands.append(Command.link(new_partner.id))
            event.write({"user_id": self.user_id.id, "partner_ids": commands})
        return former
