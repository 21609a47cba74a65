from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_base.report.casework_timeline_entry import TIMELINE_ID_FACTOR


class CaseworkTimelineEntry(models.Model):
    """The events in the timeline: one entry per registration of the dossier
    to an event (not cancelled), on the event's day in its time zone, typed
    by the attendee's role (registered, present, absent) and described by
    the event's name (seed: "La participation du bénéficiaire à cet
    évènement est tracée dans la frise de son dossier")."""

    _inherit = "casework.timeline.entry"

    entry_type = fields.Selection(selection_add=[
        ("event_registered", "Registered to an event"),
        ("event_present", "Present at an event"),
        ("event_absent", "Absent from an event"),
    ], ondelete={"event_registered": "cascade", "event_present": "cascade", "event_absent": "cascade"})

    @api.model
    def _timeline_queries(self):
        return super()._timeline_queries() + [
            SQL("""
                SELECT r.id * %(f)s + 30, r.casework_beneficiary_id,
                       (ev.date_begin AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(ev.date_tz, 'Europe/Paris'))::date,
                       'event_' || r.casework_presence, ev.name->>'en_US',
                       r.create_uid, NULL::int, 'event.registration', r.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM event_registration r
                  JOIN event_event ev ON ev.id = r.event_id
                 WHERE r.casework_beneficiary_id IS NOT NULL AND r.active AND r.state != 'cancel'
            """, f=TIMELINE_ID_FACTOR),
        ]

    @api.depends("summary", "res_model", "res_id", "entry_type")
    def _compute_description(self):
        result = super()._compute_description()
        for entry in self.filtered(lambda e: e.res_model == "event.registration" and e.res_id):
            # sudo: the event's name in the reader's language (an event names no person); the entry is in scope
            registration = self.env["event.registration"].sudo().browse(entry.res_id).exists()
            if registration:
                entry.description = registration.event_id.display_name
        return result
