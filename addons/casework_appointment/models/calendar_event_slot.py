from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models

SLOT_STEP = timedelta(minutes=30)
# how far ahead the next working slot is looked for
SLOT_HORIZON = timedelta(days=31)


def _round_up(moment):
    """``moment`` (naive UTC) rounded up to the next half hour."""
    moment = moment.replace(second=0, microsecond=0)
    return moment + (datetime.min - moment) % SLOT_STEP


class CalendarEvent(models.Model):
    """When a new appointment is booked: its default slot, and a warning on a
    day off.

    * A new appointment (with a dossier, or from the Casework menus) starts
      by default at the collaborator's next working slot: the next round half
      hour within the working hours of their ``resource_calendar_id``, else
      the company's, outside public holidays, long enough for a default
      meeting (not 04:00 at night).
    * ``casework_slot_warning`` says, without refusing it, that an
      appointment falls on a weekend or a public holiday (a
      ``resource.calendar.leaves`` without resource).
    """

    _inherit = "calendar.event"

    casework_slot_warning = fields.Char(
        string="Slot warning", compute="_compute_casework_slot_warning",
        help="Says when the appointment falls on a weekend or a public holiday (the booking is not refused).",
    )

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        context = self.env.context
        new_appointment = context.get("default_casework_beneficiary_id") or context.get("casework_new_appointment")
        if new_appointment and "start" in fields_list and not context.get("default_start"):
            user = self.env["res.users"].browse(defaults.get("user_id") or self.env.uid)
            duration = self.get_default_duration()
            start = self._casework_next_working_slot(user, duration)
            defaults["start"] = start
            if "stop" in fields_list and not context.get("default_stop"):
                defaults["stop"] = start + timedelta(hours=duration)
        return defaults

    @api.model
    def _casework_working_calendar(self, user):
        """The working hours of ``user``: theirs, else their company's."""
        return user.sudo().resource_calendar_id or user.company_id.resource_calendar_id or (
            self.env.company.resource_calendar_id
        )

    @api.model
    def _casework_next_working_slot(self, user, duration=1.0, after=None):
        """The first round half hour, from ``after`` (naive UTC, default
        now), at which ``user`` works for ``duration`` hours.

        :return: naive UTC datetime; the next round half hour when no working
            hours are known or none is found within a month
        """
        start = _round_up(after or fields.Datetime.now())
        calendar = self._casework_working_calendar(user)
        if not calendar:
            return start
        tz = pytz.timezone(calendar.tz or user.tz or "UTC")
        begin = pytz.utc.localize(start)
        # working hours are configuration, not anyone's data: read for the default only
        intervals = calendar.sudo()._work_intervals_batch(begin, begin + SLOT_HORIZON, tz=tz)[False]
        length = timedelta(hours=duration)
        for interval_start, interval_stop, _meta in intervals:
            candidate = _round_up(max(interval_start, begin).astimezone(pytz.utc).replace(tzinfo=None))
            if candidate + length <= interval_stop.astimezone(pytz.utc).replace(tzinfo=None):
                return candidate
        return start

    @api.depends("start", "user_id", "allday", "casework_beneficiary_id")
    def _compute_casework_slot_warning(self):
        for event in self:
            event.casework_slot_warning = event._casework_day_off_label() if event.casework_beneficiary_id else False

    def _casework_day_off_label(self):
        """Why the day of ``self`` (one event) is not a working day: a
        weekend or a public holiday, or False."""
        self.ensure_one()
        if not self.start:
            return False
        user = self.user_id or self.env.user
        calendar = self._casework_working_calendar(user)
        tz = pytz.timezone((calendar and calendar.tz) or user.tz or "UTC")
        local = pytz.utc.localize(self.start).astimezone(tz)
        if local.weekday() >= 5:
            return self.env._("This appointment falls on a weekend.")
        # public holidays (leaves of no resource) are configuration, not anyone's data
        holiday = self.env["resource.calendar.leaves"].sudo().search([
            ("resource_id", "=", False),
            ("calendar_id", "in", [False, calendar.id] if calendar else [False]),
            ("date_from", "<=", self.start),
            ("date_to", ">", self.start),
        ], limit=1)
        if holiday:
            return self.env._("This appointment falls on a public holiday: %(holiday)s.", holiday=holiday.name)
        return False
