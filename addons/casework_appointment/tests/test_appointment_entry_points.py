from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

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


@tagged("post_install", "-at_install")
class TestAppointmentSlot(AppointmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hours = cls.env["resource.calendar"].create({
            "name": "Semaine 35 h", "tz": "Europe/Paris", "company_id": cls.env.company.id,
            "attendance_ids": [
                Command.create({"name": f"{day} {period}", "dayofweek": str(day), "hour_from": start,
                                "hour_to": stop, "day_period": period})
                for day in range(5)
                for period, start, stop in (("morning", 9, 12), ("afternoon", 13.5, 17.5))
            ],
        })
        cls.env.company.resource_calendar_id = cls.hours
        cls.env["resource.calendar.leaves"].create({
            "name": "Armistice 1918", "date_from": datetime(2026, 11, 10, 23, 0),
            "date_to": datetime(2026, 11, 11, 22, 59, 59),
        })

    def _new_start(self):
        action = self.dossier_north.with_user(self.referent).action_new_appointment()
        Event = self.env["calendar.event"].with_user(self.referent).with_context(**action["context"])
        return Event.default_get(["start", "stop"])

    def test_default_slot_is_the_next_working_half_hour(self):
        with freeze_time("2026-11-14 03:00:00"):  # a Saturday, 04:00 in Paris
            defaults = self._new_start()
        self.assertEqual(defaults["start"], datetime(2026, 11, 16, 8, 0), "Monday 09:00 in Paris")
        self.assertEqual(defaults["stop"], datetime(2026, 11, 16, 9, 0))
        with freeze_time("2026-11-16 09:10:00"):  # Monday 10:10 in Paris
            self.assertEqual(self._new_start()["start"], datetime(2026, 11, 16, 9, 30), "10:30 in Paris")
        with freeze_time("2026-11-16 10:20:00"):  # 11:20: no full hour before the lunch break
            self.assertEqual(self._new_start()["start"], datetime(2026, 11, 16, 12, 30), "13:30 in Paris")
        with freeze_time("2026-11-10 17:00:00"):  # Tuesday evening, Wednesday 11 is a public holiday
            self.assertEqual(self._new_start()["start"], datetime(2026, 11, 12, 8, 0), "Thursday 09:00")

    def test_default_slot_follows_the_collaborator_hours(self):
        early = self.env["resource.calendar"].create({
            "name": "Matinées", "tz": "Europe/Paris",
            "attendance_ids": [Command.create({"name": f"{day}", "dayofweek": str(day), "hour_from": 7.5,
                                               "hour_to": 11.5, "day_period": "morning"}) for day in range(5)],
        })
        self.env["resource.resource"].create({
            "name": self.referent.name, "user_id": self.referent.id, "calendar_id": early.id,
        })
        with freeze_time("2026-11-16 11:00:00"):  # Monday 12:00 in Paris: the morning is over
            self.assertEqual(self._new_start()["start"], datetime(2026, 11, 17, 6, 30), "Tuesday 07:30 in Paris")

    def test_a_slot_given_by_the_calendar_is_kept(self):
        action = self.dossier_north.with_user(self.referent).action_new_appointment()
        context = dict(action["context"], default_start="2026-11-21 10:00:00")
        defaults = self.env["calendar.event"].with_user(self.referent).with_context(**context).default_get(["start"])
        self.assertEqual(defaults["start"], datetime(2026, 11, 21, 10, 0))

    def test_warning_on_weekends_and_public_holidays(self):
        with freeze_time("2026-11-01 08:00:00"):
            saturday = self._book(start=datetime(2026, 11, 21, 9, 0))
            holiday = self._book(start=datetime(2026, 11, 11, 9, 0))
            monday = self._book(start=datetime(2026, 11, 16, 9, 0))
        self.assertEqual(saturday.with_user(self.referent).casework_slot_warning,
                         "This appointment falls on a weekend.")
        self.assertEqual(holiday.with_user(self.referent).casework_slot_warning,
                         "This appointment falls on a public holiday: Armistice 1918.")
        self.assertFalse(monday.with_user(self.referent).casework_slot_warning)
        self.assertEqual(saturday.casework_outcome, "planned", "a warning, not a refusal")

    def test_one_place_field_and_no_contact_details_in_the_description(self):
        self.referent.email = "claire.martin@departement.example"
        self.dossier_north.phone = "06 11 22 33 44"
        view = self.env.ref("casework_appointment.calendar_event_view_form_casework")
        action = self.dossier_north.with_user(self.referent).action_new_appointment()
        Event = self.env["calendar.event"].with_user(self.referent).with_context(**action["context"])
        with freeze_time("2026-11-15 08:00:00"), Form(Event, view=view) as form:
            form.casework_appointment_type_id = self.individual
            form.casework_location_id = self.location
            self.assertEqual(form.location, "Maison départementale de Privas, 2 place des Mobiles, 07000 Privas")
            form.start = datetime(2026, 11, 20, 9, 0)
        event = form.record
        self.assertIn('name="location" invisible="1"', view.arch)
        self.assertEqual(event.location, "Maison départementale de Privas, 2 place des Mobiles, 07000 Privas")
        self.assertNotIn("claire.martin", event.description or "")
        self.assertNotIn("33 44", event.description or "")
        self.assertNotIn("3344", event.description or "")

    def test_a_batch_keeps_odoo_description_for_other_events(self):
        self.referent.email = "claire.martin@departement.example"
        with freeze_time("2026-11-15 08:00:00"):
            appointment, meeting = self.env["calendar.event"].with_user(self.referent).create([
                {"casework_beneficiary_id": self.dossier_north.id,
                 "casework_appointment_type_id": self.individual.id,
                 "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0)},
                {"name": "Réunion d'équipe", "start": datetime(2026, 11, 20, 14, 0),
                 "stop": datetime(2026, 11, 20, 15, 0)},
            ])
        self.assertEqual(appointment.casework_beneficiary_id, self.dossier_north, "the order of the batch is kept")
        self.assertFalse(meeting.casework_beneficiary_id)
        self.assertNotIn("claire.martin", appointment.description or "")
        self.assertIn("claire.martin", meeting.description or "")
