from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon


class AppointmentCommon(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.individual = cls.env.ref("casework_appointment.appointment_type_individual")
        cls.phone_call = cls.env.ref("casework_appointment.appointment_type_phone")
        cls.workshop = cls.env.ref("casework_appointment.appointment_type_workshop")
        cls.theme_cer = cls.env.ref("casework_appointment.appointment_theme_cer")
        cls.theme_first = cls.env.ref("casework_appointment.appointment_theme_first")
        cls.location = cls.env["casework.appointment.location"].create({
            "name": "Maison départementale de Privas", "address": "2 place des Mobiles, 07000 Privas",
        })
        cls.referent.name = "Claire MARTIN"
        (cls.referent | cls.referent_other | cls.referent_south | cls.secretariat | cls.manager).tz = "Europe/Paris"

    def _book(self, dossier=None, start=datetime(2026, 11, 20, 9, 0), user=None, **vals):
        """Book an appointment as ``user`` (default the référent), 1 hour."""
        user = user or self.referent
        return self.env["calendar.event"].with_user(user).create({
            "casework_beneficiary_id": (dossier or self.dossier_north).id,
            "casework_appointment_type_id": self.individual.id,
            "casework_theme_id": self.theme_cer.id,
            "casework_location_id": self.location.id,
            "start": start,
            "stop": start + timedelta(hours=1),
            **vals,
        })


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointment(AppointmentCommon):
    def test_book_from_the_dossier(self):
        action = self.dossier_north.with_user(self.referent).action_new_appointment()
        view = self.env.ref("casework_appointment.calendar_event_view_form_casework")
        Event = self.env["calendar.event"].with_user(self.referent).with_context(**action["context"])
        with Form(Event, view=view) as form:
            form.casework_appointment_type_id = self.individual
            form.casework_theme_id = self.theme_first
            form.casework_location_id = self.location
            form.start = datetime(2026, 11, 20, 9, 0)
            form.duration = 1.0
        event = form.record
        self.assertEqual(event.casework_beneficiary_id, self.dossier_north)
        self.assertEqual((event.res_model, event.res_id), ("casework.beneficiary", self.dossier_north.id))
        self.assertEqual(event.sudo().res_model_id.model, "casework.beneficiary")
        self.assertEqual(event.user_id, self.referent, "the collaborator is the current user by default")
        self.assertIn(self.dossier_north.partner_id, event.partner_ids, "the person is an attendee")
        self.assertIn(self.referent.partner_id, event.partner_ids)
        self.assertEqual(event.casework_outcome, "planned")
        self.assertEqual(event.location, "Maison départementale de Privas, 2 place des Mobiles, 07000 Privas")
        self.assertEqual(event.name, "DUPONT Marie – Entretien individuel référent – Premier entretien")
        self.assertEqual(self.dossier_north.appointment_ids, event)

    def test_outcome_counters_and_last_physical_meeting(self):
        held = self._book(start=datetime(2026, 11, 2, 9, 0))
        call = self._book(start=datetime(2026, 11, 9, 9, 0), casework_appointment_type_id=self.phone_call.id)
        missed = self._book(start=datetime(2026, 11, 12, 9, 0))
        dossier = self.dossier_north
        self.assertFalse(dossier.last_meeting_date)
        held.with_user(self.referent).write(
            {"casework_outcome": "held", "casework_synthesis": "<p>CER à renouveler</p>"}
        )
        self.assertEqual(dossier.last_meeting_date, date(2026, 11, 2))
        call.with_user(self.referent).casework_outcome = "held"
        self.assertEqual(dossier.last_meeting_date, date(2026, 11, 2), "a phone call is not a physical meeting")
        missed.with_user(self.referent).casework_outcome = "unexcused"
        dossier.invalidate_recordset()
        self.assertEqual((dossier.appointment_held_count, dossier.appointment_unexcused_count), (2, 1))
        self.assertEqual(len(dossier.appointment_ids), 3, "the page lists archived appointments too")
        # moving the held appointment moves the date; deleting it clears it
        held.with_user(self.referent).start = datetime(2026, 11, 3, 9, 0)
        self.assertEqual(dossier.last_meeting_date, date(2026, 11, 3))
        held.with_user(self.referent).unlink()
        self.assertFalse(dossier.last_meeting_date)
        # a held workshop counts
        workshop = self._book(start=datetime(2026, 11, 13, 14, 0), casework_appointment_type_id=self.workshop.id,
                              casework_outcome="held")
        self.assertEqual(dossier.last_meeting_date, date(2026, 11, 13))
        workshop.with_user(self.referent).casework_appointment_type_id = self.phone_call
        self.assertFalse(dossier.last_meeting_date)

    def test_synthesis_restricted_to_a_circle(self):
        circle = self.env["casework.circle"].create(
            {"name": "Psychologues", "user_ids": [Command.link(self.manager.id)]}
        )
        event = self._book(start=datetime(2026, 11, 2, 9, 0))
        event.with_user(self.referent).write({
            "casework_outcome": "held",
            "casework_synthesis": "<p>Suivi psychologique engagé</p>",
            "casework_synthesis_circle_id": circle.id,
        })
        # the collaborator and the circle's members read it
        for user in (self.referent, self.manager):
            self.assertIn("Suivi psychologique", event.with_user(user).casework_synthesis, user.login)
        # the secretariat reads the appointment, not its synthesis
        as_secretariat = event.with_user(self.secretariat)
        self.assertTrue(as_secretariat.name)
        self.assertFalse(as_secretariat.casework_synthesis)
        self.assertFalse(as_secretariat.casework_synthesis_allowed)
        with self.assertRaises(AccessError):
            as_secretariat.read(["casework_synthesis_body"])
        with self.assertRaisesMessage(AccessError, "restricted to the circle Psychologues"):
            as_secretariat.write({"casework_synthesis": "<p>Autre chose</p>"})
        self.assertIn("Suivi psychologique", event.sudo().casework_synthesis_body)
        # "Tous" restricts nothing
        event.with_user(self.referent).casework_synthesis_circle_id = self.env.ref("casework_base.casework_circle_all")
        self.assertIn("Suivi psychologique", event.with_user(self.secretariat).casework_synthesis)

    def test_absence_takes_it_off_the_calendars(self):
        event = self._book()
        self.assertTrue(event.active)
        event.with_user(self.referent).casework_outcome = "excused"
        self.assertFalse(event.active, "archived: synced calendars drop it")
        self.assertFalse(self.env["calendar.event"].with_user(self.referent).search([("id", "=", event.id)]))
        event.with_user(self.referent).casework_outcome = "planned"
        self.assertTrue(event.active, "back in the calendars")
        event.with_user(self.referent).casework_outcome = "cancelled"
        self.assertFalse(event.active)

    def test_every_outcome_shows_in_the_timeline(self):
        """An absence or a cancellation archives the appointment (off the
        calendars) but it stays in the frise, its outcome told: an excused
        home visit as much as a planned interview."""
        home_visit = self.env.ref("casework_appointment.appointment_type_home_visit")
        outcomes = ("planned", "held", "excused", "unexcused", "cancelled")
        events = self.env["calendar.event"]
        for day, outcome in enumerate(outcomes, start=2):
            event = self._book(start=datetime(2026, 11, day, 9, 0), casework_appointment_type_id=home_visit.id)
            event.with_user(self.referent).casework_outcome = outcome
            events |= event
        self.assertEqual(events.filtered("active").mapped("casework_outcome"), ["planned", "held"])
        entries = self.env["casework.timeline.entry"].with_user(self.referent).search([
            ("beneficiary_id", "=", self.dossier_north.id), ("entry_type", "=", "appointment"),
        ])
        self.assertEqual(sorted(entries.mapped("res_id")), sorted(events.ids), "every outcome is in the frise")
        by_event = {entry.res_id: entry.description for entry in entries}
        self.assertTrue(by_event[events[2].id].endswith(" · Excused absence"), by_event[events[2].id])
        self.assertTrue(by_event[events[0].id].endswith(" · Planned"))
        self.assertFalse(self.env["casework.timeline.entry"].with_user(self.referent_south).search([
            ("res_model", "=", "calendar.event"), ("res_id", "in", events.ids),
        ]), "out of scope: no line")

    def test_appointments_menu_default_filter_per_role(self):
        """The menu "Appointments": a référent on their own appointments, the
        secretariat, heads of service and FSE managers (who have none of
        their own) on today's appointments of their territories."""
        menu = self.env.ref("casework_appointment.casework_menu_appointment")
        expected = {
            self.referent: "casework_my_appointments", self.secretariat: "casework_today",
            self.manager: "casework_today", self.fse: "casework_today", self.admin: "casework_today",
        }
        for user, filter_name in expected.items():
            with self.subTest(user=user.login):
                action = menu.action.with_user(user).run()
                self.assertEqual(action["res_model"], "calendar.event")
                defaults = {
                    key for key, value in action["context"].items() if key.startswith("search_default_") and value
                }
                self.assertEqual(defaults, {f"search_default_{filter_name}"})
        search = self.env["calendar.event"].with_user(self.secretariat).get_views([(False, "search")])
        self.assertIn('name="casework_today"', search["views"]["search"]["arch"])

    def test_outcome_closes_the_meeting_activity(self):
        event = self._book()
        activity = event.activity_ids
        self.assertEqual((activity.res_model, activity.res_id), ("casework.beneficiary", self.dossier_north.id))
        event.with_user(self.referent).casework_outcome = "held"
        self.assertFalse(activity.active, "the outcome marks the meeting activity done")
        self.assertEqual(activity.date_done, date(2026, 11, 15))

    def test_every_outcome_closes_the_meeting_activity(self):
        """Held, absent or cancelled, entered afterwards or when booking an
        appointment of the past: its meeting activity is no task to do."""
        Activity = self.env["mail.activity"].with_user(self.referent)
        for index, outcome in enumerate(("held", "excused", "unexcused", "cancelled")):
            start = datetime(2026, 11, 2 + index, 9, 0)
            booked = self._book(start=start, casework_outcome=outcome)
            entered = self._book(start=start + timedelta(hours=2))
            self.assertTrue(entered.activity_ids.active)
            entered.with_user(self.referent).casework_outcome = outcome
            activities = (booked | entered).with_context(active_test=False).activity_ids
            self.assertEqual(len(activities), 2, outcome)
            self.assertFalse(activities.filtered("active"), outcome)
        open_tasks = Activity.search([("user_id", "=", self.referent.id), ("res_model", "=", "casework.beneficiary")])
        self.assertFalse(open_tasks, "no appointment of the past left to do")
        # booked ahead: its activity is to do
        self.assertTrue(self._book().activity_ids.active)

    def test_reorientation_hands_the_coming_appointments_over(self):
        """Asked for, a réorientation gives the former référent's coming
        appointments of the dossier (collaborator, attendee, meeting
        activity) to the new référent; those held stay theirs."""
        past = self._book(start=datetime(2026, 11, 10, 9, 0), casework_outcome="held")
        coming = self._book()
        kept = self._book(dossier=self.dossier_north, start=datetime(2026, 11, 23, 9, 0))
        kept.with_user(self.referent).casework_outcome = "cancelled"
        self.env["casework.referent.assignment"].with_user(self.secretariat).create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "parcours",
            "date_start": date(2026, 11, 15), "handover_appointments": True,
        })
        self.assertEqual(coming.user_id, self.referent_other)
        self.assertIn(self.referent_other.partner_id, coming.partner_ids)
        self.assertNotIn(self.referent.partner_id, coming.partner_ids)
        self.assertIn(self.dossier_north.partner_id, coming.partner_ids)
        self.assertEqual(coming.activity_ids.user_id, self.referent_other)
        self.assertEqual((past.user_id, kept.user_id), (self.referent, self.referent))
        # not asked for: they stay
        south = self._book(dossier=self.dossier_south, user=self.referent_south)
        self.env["casework.referent.assignment"].create({
            "beneficiary_id": self.dossier_south.id, "user_id": self.referent_other.id, "role": "parcours",
            "date_start": date(2026, 11, 15),
        })
        self.assertEqual(south.user_id, self.referent_south)

    def test_overlap_refused_with_the_slot_named(self):
        self._book()
        with self.assertRaisesMessage(ValidationError, "20/11/2026 from 10:00 to 11:00 (DUPONT Marie"):
            self._book(start=datetime(2026, 11, 20, 9, 30))
        other = self._book(start=datetime(2026, 11, 20, 11, 0))
        with self.assertRaisesMessage(ValidationError, "from 10:00 to 11:00"):
            other.with_user(self.referent).start = datetime(2026, 11, 20, 9, 30)
        # back to back is fine, and a cancelled one frees the slot
        self._book(
            start=datetime(2026, 11, 20, 10, 0), stop=datetime(2026, 11, 20, 11, 0), casework_outcome="cancelled"
        )
        other.with_user(self.referent).write(
            {"start": datetime(2026, 11, 20, 10, 0), "stop": datetime(2026, 11, 20, 11, 0)}
        )

    def _stage_referent(self, user, dossier=None):
        """``user`` becomes référent d'étape of ``dossier`` (default dossier_north)."""
        self.env["casework.referent.assignment"].create({
            "beneficiary_id": (dossier or self.dossier_north).id, "user_id": user.id, "role": "etape",
            "date_start": date(2026, 11, 1), "date_end": date(2026, 12, 31)})

    def test_overlap_name_hidden_out_of_scope(self):
        self.referent_south.casework_calendar_share_ids = self.referent
        self._stage_referent(self.referent_south)
        self._book(dossier=self.dossier_south, user=self.referent_south)
        with self.assertRaisesMessage(ValidationError, "(another appointment)"):
            self._book(user_id=self.referent_south.id)

    def test_overlap_with_a_private_event_keeps_it_private(self):
        self.referent_other.casework_calendar_share_ids = self.referent
        self._stage_referent(self.referent_other)
        self.env["calendar.event"].with_user(self.referent_other).create({
            "name": "Rendez-vous médical", "privacy": "private",
            "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0)})
        with self.assertRaisesMessage(ValidationError, "from 10:00 to 11:00 (another appointment)"):
            self._book(user_id=self.referent_other.id)

    def test_overlap_forced_by_a_manager_only(self):
        self._book()
        with self.assertRaisesMessage(AccessError, "head of service"):
            self._book(start=datetime(2026, 11, 20, 9, 30), casework_force_overlap=True)
        self.manager.casework_territory_ids = self.north
        self.referent.casework_calendar_share_ids = self.manager
        forced = self._book(start=datetime(2026, 11, 20, 9, 30), user=self.manager, user_id=self.referent.id,
                            casework_force_overlap=True)
        self.assertTrue(forced)

    def test_events_without_dossier_untouched(self):
        Event = self.env["calendar.event"].with_user(self.referent)
        first = Event.create({"name": "Réunion d'équipe", "start": datetime(2026, 11, 20, 9, 0),
                              "stop": datetime(2026, 11, 20, 10, 0)})
        second = Event.create({"name": "Formation", "start": datetime(2026, 11, 20, 9, 30),
                               "stop": datetime(2026, 11, 20, 10, 30)})
        self.assertFalse(first.casework_beneficiary_id or second.casework_beneficiary_id)
        self.assertFalse(second.res_model)
        self.assertFalse(first.casework_outcome, "no appointment data on ordinary events")
        second.write({"start": datetime(2026, 11, 20, 9, 0)})
        # but an appointment does not go over them
        with self.assertRaisesMessage(ValidationError, "Réunion d'équipe"):
            self._book()

    def test_collaborator_must_share_their_calendar(self):
        # both colleagues follow the dossier (test_appointment_scope: they must)
        self._stage_referent(self.referent_other)
        self._stage_referent(self.referent_south)
        with self.assertRaisesMessage(UserError, "does not share their calendar"):
            self._book(user_id=self.referent_other.id)
        self.referent_other.casework_calendar_share_ids = self.referent
        event = self._book(user_id=self.referent_other.id)
        self.assertEqual(event.user_id, self.referent_other)
        # colleagues of the same structure share their calendars
        structure = self.env["casework.structure"].create({"name": "CMS Privas", "territory_id": self.north.id})
        (self.referent | self.referent_south).casework_structure_id = structure
        self._book(user_id=self.referent_south.id, start=datetime(2026, 11, 21, 9, 0))
        with self.assertRaisesMessage(UserError, "does not share their calendar"):
            event.with_user(self.referent).user_id = self.secretariat

    def test_appointment_type_required(self):
        with self.assertRaisesMessage(ValidationError, "appointment type"):
            self._book(casework_appointment_type_id=False)

    def test_search_dossiers_by_theme(self):
        self._book(casework_theme_id=self.theme_first.id)
        self._book(dossier=self.dossier_north_other, user=self.referent_other)
        Beneficiary = self.env["casework.beneficiary"].with_user(self.secretariat)
        self.assertEqual(Beneficiary.search([("appointment_theme_id", "=", self.theme_first.id)]), self.dossier_north)
        self.assertEqual(Beneficiary.search([("appointment_theme_id", "ilike", "CER")]), self.dossier_north_other)
        self.assertEqual(
            Beneficiary.search([("appointment_theme_id", "in", (self.theme_cer | self.theme_first).ids)]),
            self.dossier_north | self.dossier_north_other,
        )
        self.assertNotIn(
            self.dossier_north, Beneficiary.search([("appointment_theme_id", "not in", self.theme_first.ids)])
        )

    def test_collective_appointment(self):
        self.referent.casework_territory_ids = self.north
        dossiers = self.dossier_north | self.dossier_north_other
        wizard_form = Form(self.env["casework.collective.appointment"].with_user(self.secretariat).with_context(
            active_model="casework.beneficiary", active_ids=dossiers.ids))
        wizard_form.start = datetime(2026, 11, 24, 13, 0)
        wizard_form.location_id = self.location
        wizard_form.theme_id = self.theme_first
        wizard = wizard_form.save()
        self.assertEqual(wizard.beneficiary_ids, dossiers)
        self.assertEqual(wizard.duration, 2.0, "the information session's duration")
        action = wizard.action_confirm()
        events = self.env["calendar.event"].browse(action["domain"][0][2])
        self.assertEqual(events.casework_beneficiary_id, dossiers)
        self.assertEqual(set(events.mapped("start")), {datetime(2026, 11, 24, 13, 0)})
        self.assertEqual(events.user_id, self.secretariat)
        self.assertEqual(len(set(events.mapped("casework_collective_key"))), 1)
        # the collaborator's other appointments do conflict
        self._book(user=self.secretariat, start=datetime(2026, 11, 25, 9, 0))
        wizard_form.start = datetime(2026, 11, 25, 8, 0)
        with self.assertRaisesMessage(ValidationError, "25/11/2026 from 10:00 to 11:00"):
            wizard_form.save().action_confirm()

    def test_collective_appointment_out_of_scope_refused(self):
        with self.assertRaises(AccessError):
            self.env["casework.collective.appointment"].with_user(self.referent_other).create({
                "beneficiary_ids": [Command.set((self.dossier_north | self.dossier_north_other).ids)],
                "start": datetime(2026, 11, 24, 13, 0), "location_id": self.location.id,
            }).action_confirm()
        self.assertFalse(self.dossier_north_other.appointment_ids, "nothing booked")
        with self.assertRaises(AccessError):
            self.env["casework.collective.appointment"].with_user(self.finance).create({
                "beneficiary_ids": [Command.set(self.dossier_north.ids)],
                "start": datetime(2026, 11, 24, 13, 0), "location_id": self.location.id,
            })

    def test_convocation_letters(self):
        self.dossier_north_other.civility = "m"
        events = self._book() | self._book(dossier=self.dossier_north_other, user=self.referent_other)
        Report = self.env["ir.actions.report"].with_user(self.secretariat)
        html = Report._render_qweb_html("casework_appointment.report_convocation_logo", events.ids)[0].decode()
        for text in ("DUPONT Marie", "LEROY Paul", "vendredi 20 novembre 2026", "10 h 00",
                     "Maison départementale de Privas", "Objet : convocation à un rendez-vous",
                     "Entretien individuel référent", "vous êtes convoquée", "vous êtes convoqué\n",
                     "Le 15 novembre 2026"):
            self.assertIn(text, html)
        self.assertEqual(html.count("Objet : convocation"), 2, "one letter per appointment")
        plain = Report._render_qweb_html("casework_appointment.report_convocation_no_logo", events[:1].ids)[0].decode()
        self.assertIn("DUPONT Marie", plain)
        html = Report._render_qweb_html("casework_appointment.report_convocation_logo", events[:1].ids)[0].decode()
        plain = Report._render_qweb_html("casework_appointment.report_convocation_no_logo", events[:1].ids)[0].decode()
        self.assertIn('class="o_cw_logo"', html)
        self.assertNotIn('class="o_cw_logo"', plain, "the letterhead without the logo")
        self.assertIn(self.env.company.name, plain)

    def test_convocation_out_of_scope_refused(self):
        event = self._book()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.referent_other)._render_qweb_html(
                "casework_appointment.report_convocation_logo", event.ids)


# role -> (read in scope, read out of scope, write in scope, write out of scope, create in scope, unlink in scope)
APPOINTMENT_MATRIX = {
    "referent": (True, False, True, False, True, True),
    "secretariat": (True, False, True, False, True, True),
    "manager": (True, False, True, False, True, True),
    "fse": (True, False, False, False, False, False),
    "finance": (False, False, False, False, False, False),
    "operator": (False, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False),
    "admin": (True, True, True, True, True, True),
}


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentAccess(AppointmentCommon):
    """Appointments follow their dossier's scope, for every role."""

    def _can(self, func):
        try:
            func()
            self.env.flush_all()
        except (AccessError, UserError):
            return False
        return True

    def _can_read(self, event, user):
        event = event.with_user(user).with_context(active_test=False)
        found = bool(event.search([("id", "=", event.id)]))
        readable = self._can(lambda: event.read(["name", "casework_beneficiary_id", "partner_ids"]))
        self.assertEqual(found, readable, "search and read must agree")
        return readable

    def test_matrix(self):
        north = self._book(user=self.admin)
        south = self._book(dossier=self.dossier_south, user=self.admin, start=datetime(2026, 11, 21, 9, 0))
        for role, expected in APPOINTMENT_MATRIX.items():
            user = getattr(self, role)
            with self.subTest(role=role):
                got = (
                    self._can_read(north, user),
                    self._can_read(south, user),
                    self._attempt(lambda: north.with_user(user).write({"casework_outcome": "held"})),
                    self._attempt(lambda: south.with_user(user).write({"casework_outcome": "held"})),
                    self._attempt(lambda: self._book(user=user, start=datetime(2026, 11, 23, 9, 0))),
                    self._attempt(lambda: north.with_user(user).unlink()),
                )
                self.assertEqual(got, expected)

    def test_identity_protected_even_without_the_attendee(self):
        event = self._book()
        # the person is no longer an attendee (e.g. removed in a synced calendar)
        event.sudo().partner_ids = [Command.unlink(self.dossier_north.partner_id.id)]
        for user in (self.referent_other, self.referent_south, self.finance, self.outsider):
            with self.subTest(user=user.login):
                Event = self.env["calendar.event"].with_user(user)
                self.assertFalse(Event.search([("name", "ilike", "Dupont")]))
                self.assertFalse(Event.search([("casework_beneficiary_id", "!=", False)]))
                with self.assertRaises(AccessError):
                    event.with_user(user).read(["name"])
        self.assertTrue(event.with_user(self.referent).read(["name"]))

    def test_counters_out_of_scope(self):
        self._book(casework_outcome="unexcused")
        dossier = self.dossier_north.with_user(self.referent)
        self.assertEqual(dossier.appointment_unexcused_count, 1)
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.referent_other).read(["appointment_unexcused_count"])

    def test_configuration_for_administrators(self):
        for model in ("casework.appointment.type", "casework.appointment.theme", "casework.appointment.location"):
            with self.subTest(model=model):
                record = self.env[model].search([], limit=1) or self.location
                self.assertTrue(record.with_user(self.referent).read(["name"]))
                self.assertFalse(self._attempt(lambda: record.with_user(self.manager).write({"name": "X"})))
                self.assertTrue(self._attempt(lambda: record.with_user(self.admin).write({"name": "X"})))
