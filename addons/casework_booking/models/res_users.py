from datetime import datetime, time, timedelta

import pytz

from odoo import models
from odoo.fields import Domain

from odoo.addons.casework_base.tools.dates import casework_tz

# the slots offered start on this grid (minutes past the hour, in local time)
DEFAULT_SLOT_STEP = 30


def _as_utc(value):
    """A naive UTC datetime (Odoo's storage) or an aware one, as an aware UTC datetime."""
    return pytz.utc.localize(value) if value.tzinfo is None else value.astimezone(pytz.utc)


class ResUsers(models.Model):
    """A counsellor's free slots, for the invitations to book.

    Free means: within the counsellor's working hours (their own
    ``resource.calendar`` when they have a resource, else their company's),
    not during a leave of theirs nor a public holiday (``resource.calendar.leaves``
    without a resource), and not overlapping any active event where they are the
    organiser or an attendee and shown as busy -- whatever the dossier, so no
    event is shown, only its absence.
    """

    _inherit = "res.users"

    def _casework_booking_calendar(self):
        """The working hours of ``self`` (one user) and their resource, if any.

        :return: (``resource.calendar``, ``resource.resource``)
        """
        self.ensure_one()
        # the user's working hours: configuration, read for the slot computation only
        user = self.sudo()
        resource = user.resource_ids.filtered(lambda r: r.company_id in (user.company_id, False))[:1]
        calendar = resource.calendar_id or user.company_id.resource_calendar_id
        return calendar, resource

    def _casework_booking_busy(self, start, stop, ignore=None):
        """Busy intervals of each user of ``self`` between ``start`` and ``stop``.

        :param start: aware datetimes
        :param stop: aware datetimes
        :param ignore: ``calendar.event`` not counted (the appointment being moved)
        :return: {user id: [(start, stop)]} aware UTC datetimes, all-day events
            covering their whole days in the Casework time zone
        """
        tz = casework_tz(self.env)
        result = {user.id: [] for user in self}
        if not self:
            return result
        naive_start = _as_utc(start).replace(tzinfo=None) - timedelta(days=1)
        naive_stop = _as_utc(stop).replace(tzinfo=None) + timedelta(days=1)
        partners = self.sudo().partner_id
        domain = (
            (Domain("user_id", "in", self.ids) | Domain("partner_ids", "in", partners.ids))
            & Domain("show_as", "=", "busy")
            & Domain("start", "<", naive_stop)
            & Domain("stop", ">", naive_start)
        )
        # every event of the counsellors counts, readable by the caller or not: only its
        # time is used, never shown
        events = self.env["calendar.event"].sudo().search(domain)
        if ignore:
            events -= ignore.sudo()
        for event in events:
            if event.allday:
                begin = tz.localize(datetime.combine(event.start_date, time.min))
                end = tz.localize(datetime.combine((event.stop_date or event.start_date) + timedelta(days=1), time.min))
            else:
                begin, end = _as_utc(event.start), _as_utc(event.stop)
            for user in self:
                if event.user_id == user or user.partner_id in event.partner_ids:
                    result[user.id].append((begin.astimezone(pytz.utc), end.astimezone(pytz.utc)))
        return result

    def _casework_booking_free_slots(self, start, stop, duration, step=DEFAULT_SLOT_STEP, not_before=None,
                                     ignore=None):
        """The free slots of the users of ``self`` between ``start`` and ``stop``.

        A slot lasts ``duration`` and starts on a grid of ``step`` minutes of
        local time (the time zone of the working hours: 9:00, 9:30...), wholly
        within one working interval, after ``not_before``, and overlaps no
        busy interval of its user (:meth:`_casework_booking_busy`). Working
        hours are computed day by day in their time zone, so a slot at 9:00
        stays at 9:00 across the daylight-saving changes (08:00 UTC in winter,
        07:00 UTC in summer for Paris).

        :param start: aware or naive UTC datetime
        :param stop: aware or naive UTC datetime
        :param duration: hours (float, > 0)
        :param step: minutes between two slot starts
        :param not_before: aware or naive UTC datetime, no slot starting before it
        :param ignore: ``calendar.event`` not counted as busy
        :return: sorted list of (start, stop, user) with naive UTC datetimes
        """
        start, stop = _as_utc(start), _as_utc(stop)
        if not_before is not None:
            start = max(start, _as_utc(not_before))
        if duration <= 0 or start >= stop or not self:
            return []
        length = timedelta(hours=duration)
        busy = self._casework_booking_busy(start, stop, ignore=ignore)
        slots = []
        for user in self:
            calendar, resource = user._casework_booking_calendar()
            if not calendar:
                continue
            # the working hours and leaves (public holidays included): configuration, for the computation
            calendar = calendar.sudo()
            intervals = calendar._work_intervals_batch(start, stop, resources=resource or None)[resource.id]
            user_busy = sorted(busy[user.id])
            for begin, end, _meta in intervals:
                for slot_start in self._casework_booking_grid(begin, end, length, step):
                    slot_start_utc = slot_start.astimezone(pytz.utc)
                    if slot_start_utc < start:
                        continue
                    slot_stop_utc = slot_start_utc + length
                    if slot_stop_utc > stop:
                        break
                    if any(b_start < slot_stop_utc and b_stop > slot_start_utc for b_start, b_stop in user_busy):
                        continue
                    slots.append((slot_start_utc.replace(tzinfo=None), slot_stop_utc.replace(tzinfo=None), user))
        slots.sort(key=lambda slot: (slot[0], self.ids.index(slot[2].id)))
        return slots

    @staticmethod
    def _casework_booking_grid(begin, end, length, step):
        """Slot starts (aware, in the interval's time zone) on the grid of
        ``step`` minutes within [begin, end], the whole slot fitting."""
        tz = begin.tzinfo
        local = begin.replace(tzinfo=None)
        minutes = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
        first = -(-minutes // step) * step  # rounded up to the grid
        current = datetime.combine(local.date(), time.min) + timedelta(minutes=first)
        while True:
            aware = tz.localize(current) if hasattr(tz, "localize") else current.replace(tzinfo=tz)
            if aware.astimezone(pytz.utc) + length > end.astimezone(pytz.utc):
                return
            yield aware
            current += timedelta(minutes=step)

    def _casework_booking_slot_is_free(self, start, stop, step=DEFAULT_SLOT_STEP, ignore=None):
        """Whether [start, stop] (naive UTC) is one of the free slots of
        ``self`` (one user), computed again from the current data."""
        self.ensure_one()
        duration = (stop - start).total_seconds() / 3600.0
        slots = self._casework_booking_free_slots(
            start - timedelta(days=1), stop + timedelta(days=1), duration, step=step, ignore=ignore
        )
        return any(slot[0] == start and slot[1] == stop for slot in slots)

    def _casework_booking_lock(self):
        """Serialise the bookings in the calendars of ``self``.

        Updates the users' rows (to the same values): a second transaction
        booking in the same calendar waits for the first one, then fails with a
        serialisation error once the first commits, and Odoo runs the request
        again (``odoo.service.model.retrying``) on fresh data, where the slot
        the first took is no longer free. A lock alone would not do: Odoo's
        transactions read a snapshot taken at their start (repeatable read).
        """
        if self:
            # a serialisation failure here is expected and retried: not logged as a bad query
            self.env.cr.execute(
                "UPDATE res_users SET write_date = write_date WHERE id IN %s", [tuple(self.ids)],
                log_exceptions=False,
            )
