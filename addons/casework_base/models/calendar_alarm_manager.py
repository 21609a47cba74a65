from odoo import models


class CalendarAlarmManager(models.AbstractModel):
    """The calendar's pop-up alarms show each attendee the title of their
    next events (the person's name for an appointment): only the events the
    user may read are considered (an appointment of a dossier they left is
    not), which also keeps the alarms of a colleague who lost access from
    failing on an event they may no longer read."""

    _inherit = "calendar.alarm_manager"

    def _get_next_potential_limit_alarm(self, alarm_type, seconds=None, partners=None):
        result = super()._get_next_potential_limit_alarm(alarm_type, seconds=seconds, partners=partners)
        if self.env.su or not result:
            return result
        events = self.env["calendar.event"].browse(list(result)).with_context(active_test=False)
        readable = set(events._filtered_access("read").ids)
        return {event_id: values for event_id, values in result.items() if event_id in readable}
