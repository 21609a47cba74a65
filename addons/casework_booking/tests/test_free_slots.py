from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import BookingCommon


@freeze_time("2026-11-16 08:00:00")
@tagged("post_install", "-at_install")
class TestFreeSlots(BookingCommon):
    """Free slots: working hours in their time zone, public holidays and
    leaves, the counsellor's other events, the daylight-saving changes."""

    def _slots(self, user, start, stop, duration=1.0, **kwargs):
        return [(s, e) for s, e, _u in user._casework_booking_free_slots(start, stop, duration, **kwargs)]

    def test_working_hours_on_a_grid(self):
        slots = self._slots(self.referent, datetime(2026, 11, 23), datetime(2026, 11, 24))
        # Paris is UTC+1 in November: 9:00-12:00 and 14:00-17:00 local time, every 30 minutes
        self.assertEqual([s.strftime("%H:%M") for s, _e in slots],
                         ["08:00", "08:30", "09:00", "09:30", "10:00", "13:00", "13:30", "14:00", "14:30", "15:00"])
        self.assertEqual(slots[0], (datetime(2026, 11, 23, 8, 0), datetime(2026, 11, 23, 9, 0)))
        half_hours = self._slots(self.referent, datetime(2026, 11, 23), datetime(2026, 11, 24), duration=0.5)
        self.assertEqual(len(half_hours), 12)
        weekend = self._slots(self.referent, datetime(2026, 11, 28), datetime(2026, 11, 30))
        self.assertFalse(weekend, "no working hours on Saturday and Sunday")

    def test_other_appointments_and_events_are_busy(self):
        # an appointment of another dossier (another collaborator's scope does not matter)
        self._book(start=datetime(2026, 11, 23, 9, 0))  # 10:00-11:00 Paris
        # a meeting where the référent is an attendee only
        self.env["calendar.event"].create({
            "name": "Réunion d'équipe", "user_id": self.manager.id,
            "partner_ids": [(4, self.referent.partner_id.id)],
            "start": datetime(2026, 11, 23, 14, 0), "stop": datetime(2026, 11, 23, 15, 0),
        })
        # shown as free: does not block
        self.env["calendar.event"].create({
            "name": "Rappel", "user_id": self.referent.id, "show_as": "free",
            "start": datetime(2026, 11, 23, 8, 0), "stop": datetime(2026, 11, 23, 9, 0),
        })
        slots = self._slots(self.referent, datetime(2026, 11, 23), datetime(2026, 11, 24))
        self.assertEqual([s.strftime("%H:%M") for s, _e in slots], ["08:00", "10:00", "13:00", "15:00"])
        # an all-day event takes the whole day
        self.env["calendar.event"].create({
            "name": "Formation", "user_id": self.referent.id, "allday": True,
            "start": datetime(2026, 11, 24, 8, 0), "stop": datetime(2026, 11, 24, 18, 0),
        })
        self.assertFalse(self._slots(self.referent, datetime(2026, 11, 24), datetime(2026, 11, 25)))
        # the appointment being moved does not block its own new slot
        event = self._book(start=datetime(2026, 11, 25, 8, 0))
        self.assertNotIn((datetime(2026, 11, 25, 8, 0), datetime(2026, 11, 25, 9, 0)),
                         self._slots(self.referent, datetime(2026, 11, 25), datetime(2026, 11, 26)))
        self.assertIn((datetime(2026, 11, 25, 8, 0), datetime(2026, 11, 25, 9, 0)),
                      self._slots(self.referent, datetime(2026, 11, 25), datetime(2026, 11, 26), ignore=event))

    def test_public_holidays_and_leaves(self):
        Leave = self.env["resource.calendar.leaves"]
        # the 11th of November, for everyone
        Leave.create({"name": "Armistice 1918", "date_from": datetime(2026, 11, 10, 23, 0),
                      "date_to": datetime(2026, 11, 11, 22, 59, 59)})
        self.assertFalse(self._slots(self.referent, datetime(2026, 11, 11), datetime(2026, 11, 12)))
        self.assertTrue(self._slots(self.referent, datetime(2026, 11, 12), datetime(2026, 11, 13)))
        # a counsellor with a resource: their own hours and leaves
        resource = self.env["resource.resource"].create({
            "name": self.referent_other.name, "user_id": self.referent_other.id,
            "calendar_id": self._working_hours("Mi-temps", periods=((9, 12),), days="01").id,
        })
        Leave.create({"name": "Congé", "resource_id": resource.id, "calendar_id": resource.calendar_id.id,
                      "date_from": datetime(2026, 11, 23, 0, 0), "date_to": datetime(2026, 11, 23, 23, 0)})
        week = self._slots(self.referent_other, datetime(2026, 11, 23), datetime(2026, 11, 28))
        self.assertEqual({s.date() for s, _e in week}, {date(2026, 11, 24)}, "Tuesday morning only")
        self.assertEqual(len(week), 5)

    def test_daylight_saving_changes(self):
        with freeze_time("2026-03-20 08:00:00"):
            spring = self._slots(self.referent, datetime(2026, 3, 27), datetime(2026, 3, 31))
        # 9:00 in Paris: 08:00 UTC on Friday 27 March, 07:00 UTC on Monday 30 March (summer time)
        self.assertEqual(spring[0][0], datetime(2026, 3, 27, 8, 0))
        monday = [s for s, _e in spring if s.date() == date(2026, 3, 30)]
        self.assertEqual(monday[0], datetime(2026, 3, 30, 7, 0))
        self.assertEqual(monday[-1], datetime(2026, 3, 30, 14, 0), "16:00-17:00 in Paris")
        with freeze_time("2026-10-20 08:00:00"):
            autumn = self._slots(self.referent, datetime(2026, 10, 23), datetime(2026, 10, 27))
        self.assertEqual(autumn[0][0], datetime(2026, 10, 23, 7, 0))
        self.assertEqual([s for s, _e in autumn if s.date() == date(2026, 10, 26)][0], datetime(2026, 10, 26, 8, 0))

    def test_invitation_window_and_notice(self):
        invitation, _token = self._invite(date_from=date(2026, 11, 16), date_to=date(2026, 11, 17))
        slots = invitation._casework_free_slots()
        # now is 09:00 in Paris, two hours of notice: the first slot is at 11:00
        self.assertEqual(slots[0][0], datetime(2026, 11, 16, 10, 0))
        self.assertEqual(slots[-1][0], datetime(2026, 11, 17, 15, 0))
        self.assertTrue(all(slot[2] == self.referent for slot in slots))

    def test_several_counsellors_one_slot_per_time(self):
        self.referent.casework_calendar_share_ids = [(4, self.secretariat.id)]
        self._book(start=datetime(2026, 11, 23, 8, 0))
        invitation, _token = self._invite(
            user=self.secretariat, counsellor_ids=[(6, 0, (self.secretariat | self.referent).ids)],
            date_from=date(2026, 11, 23), date_to=date(2026, 11, 23),
        )
        slots = invitation._casework_free_slots()
        self.assertEqual(len(slots), 10, "one slot per start time")
        self.assertEqual(slots[0][2], self.secretariat, "the sender first")
