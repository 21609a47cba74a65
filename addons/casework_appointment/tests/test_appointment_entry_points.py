from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_appointment import AppointmentCommon


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentEntryPoints(AppointmentCommon):
    def test_an_appointment_opens_in_the_casework_form(self):
        event = self._book().with_user(self.referent)
        casework_form = self.env.ref("casework_appointment.calendar_event_view_form_casework")
        self.assertEqual(event.get_formview_id(), casework_form.id)
        action = event.get_formview_action()
        self.assertEqual(action["views"], [(casework_form.id, "form")])
        self.assertEqual(action["res_id"], event.id)
        self.assertTrue(event.casework_is_appointment)
        meeting = self.env["calendar.event"].with_user(self.referent).create({
            "name": "Réunion d'équipe", "start": datetime(2026, 11, 20, 14, 0), "stop": datetime(2026, 11, 20, 15, 0),
        })
        self.assertNotEqual(meeting.get_formview_id(), casework_form.id, "an event of no dossier keeps Odoo's form")
        self.assertFalse(meeting.casework_is_appointment)

    def test_odoo_forms_and_calendar_carry_the_switch(self):
        """Odoo's meeting form knows an appointment (to switch to the Casework
        form); the calendar's popover knows it and its outcome."""
        Event = self.env["calendar.event"].with_user(self.referent)
        form = Event.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="casework_is_appointment"', form)
        calendar = Event.get_views([(False, "calendar")])["views"]["calendar"]["arch"]
        self.assertIn('name="casework_is_appointment"', calendar)
        self.assertIn('name="casework_outcome"', calendar)

    def test_outcome_from_the_popover(self):
        event = self._book(start=datetime(2026, 11, 12, 9, 0))
        event.with_user(self.referent).action_casework_set_outcome("held")
        self.assertEqual(event.casework_outcome, "held")
        event.with_user(self.referent).action_casework_set_outcome("unexcused")
        self.assertEqual(event.casework_outcome, "unexcused")
        self.assertFalse(event.active, "an absence takes it out of the calendars")
        with self.assertRaisesRegex(UserError, "Unknown appointment outcome"):
            event.with_user(self.referent).action_casework_set_outcome("planned")
        with self.assertRaisesRegex(UserError, "Unknown appointment outcome"):
            event.with_user(self.referent).action_casework_set_outcome("deleted")

    def test_outcome_refused_out_of_scope(self):
        event = self._book(start=datetime(2026, 11, 12, 9, 0))
        with self.assertRaises(AccessError):
            event.with_user(self.referent_south).action_casework_set_outcome("held")
        self.assertEqual(event.casework_outcome, "planned")

    def test_outcome_only_for_an_appointment(self):
        meeting = self.env["calendar.event"].with_user(self.referent).create({
            "name": "Réunion d'équipe", "start": datetime(2026, 11, 20, 14, 0), "stop": datetime(2026, 11, 20, 15, 0),
        })
        with self.assertRaisesRegex(UserError, "Only an appointment with a dossier"):
            meeting.action_casework_set_outcome("held")
