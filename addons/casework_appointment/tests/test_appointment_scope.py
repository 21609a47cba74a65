"""Who takes part in an appointment, and what Odoo's calendar copies of it.

An appointment's title names the person (“DUPONT Marie – type – theme”);
Odoo copies it into the attendees, the meeting activity, the invitation
e-mails, the reminders and the alarms. Each test is a way that copy could
reach a colleague who may not read the dossier.
"""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .test_appointment import AppointmentCommon


class AppointmentScopeCommon(AppointmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = cls.env["calendar.event"]
        cls.person = cls.dossier_north.partner_id
        # the colleagues of the référent's structure: they share calendars
        cls.structure = cls.env["casework.structure"].create({"name": "CMS Privas", "territory_id": cls.north.id})
        (
            cls.referent | cls.referent_other | cls.referent_south | cls.finance | cls.secretariat
        ).casework_structure_id = cls.structure

    def _invitations(self, event, partner=None):
        """Messages Odoo's calendar sent about ``event`` (invitations, changes),
        to ``partner`` when given."""
        domain = [
            ("model", "=", "calendar.event"), ("res_id", "=", event.id), ("message_type", "=", "user_notification"),
        ]
        if partner:
            domain.append(("partner_ids", "in", partner.ids))
        return self.env["mail.message"].sudo().search(domain)

    def _set_invitations(self, enabled):
        self.env.company.casework_appointment_invitation = enabled


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentParticipants(AppointmentScopeCommon):
    """The collaborator and every colleague attending an appointment may read
    its dossier."""

    def test_collaborator_must_read_the_dossier(self):
        # same structure (the calendar is shared), but no access to the dossier
        for colleague in (self.finance, self.referent_other, self.referent_south):
            with self.subTest(colleague=colleague.login), \
                    self.assertRaisesMessage(UserError, f"{colleague.name} may not read the dossier"):
                self._book(user_id=colleague.id)
        event = self._book(user_id=self.secretariat.id)
        with self.assertRaisesMessage(UserError, f"{self.finance.name} may not read the dossier"):
            event.with_user(self.referent).user_id = self.finance
        self.assertEqual(event.user_id, self.secretariat)
        # a colleague who gets access (référent d'étape) may be booked
        self.env["casework.referent.assignment"].create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "etape",
            "date_start": date(2026, 11, 1), "date_end": date(2026, 12, 31)})
        event.with_user(self.referent).user_id = self.referent_other
        self.assertEqual(event.user_id, self.referent_other)

    def test_internal_attendees_must_read_the_dossier(self):
        with self.assertRaisesMessage(UserError, f"{self.finance.name} may not read the dossier"):
            self._book(partner_ids=[Command.set((self.referent | self.finance).partner_id.ids)])
        event = self._book(partner_ids=[Command.set((self.referent | self.secretariat).partner_id.ids)])
        self.assertEqual(event.partner_ids, (self.referent | self.secretariat).partner_id | self.person)
        with self.assertRaisesMessage(UserError, f"{self.referent_south.name} may not read the dossier"):
            event.with_user(self.referent).partner_ids = [Command.link(self.referent_south.partner_id.id)]
        with self.assertRaisesMessage(UserError, f"{self.referent_other.name} may not read the dossier"):
            event.with_user(self.secretariat).write({"partner_ids": [Command.link(self.referent_other.partner_id.id)]})
        # an outside contact (no user) is the author's choice
        contact = self.env["res.partner"].create({"name": "Employeur SARL", "email": "rh@employeur.example"})
        event.with_user(self.referent).partner_ids = [Command.link(contact.id)]
        self.assertIn(contact, event.partner_ids)

    def test_an_event_becoming_an_appointment_checks_the_participants(self):
        # (an appointment never moves to another dossier: test_appointment_attack)
        event = self.Event.with_user(self.secretariat).create({
            "name": "Permanence", "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0),
            "user_id": self.referent.id,
        })
        with self.assertRaisesMessage(UserError, f"{self.referent.name} may not read the dossier"):
            event.with_user(self.secretariat).write({
                "casework_beneficiary_id": self.dossier_north_other.id,
                "casework_appointment_type_id": self.individual.id,
            })
        self.assertFalse(event.casework_beneficiary_id)

    def test_the_message_names_the_colleague_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_base"], ["fr_FR"], overwrite=True)
        with self.assertRaisesMessage(UserError, f"{self.finance.name} n'a pas accès au dossier"):
            self.env["calendar.event"].with_user(self.referent).with_context(lang="fr_FR").create({
                "casework_beneficiary_id": self.dossier_north.id,
                "casework_appointment_type_id": self.individual.id,
                "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0),
                "user_id": self.finance.id,
            })

    def test_linked_to_a_dossier_without_access_refused(self):
        """An ordinary event cannot be hung on a dossier out of the user's scope
        (its meeting activity and messages would land there)."""
        vals = {
            "name": "Point", "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0),
            "res_model_id": self.env["ir.model"]._get_id("casework.beneficiary"), "res_id": self.dossier_south.id,
        }
        self.assertFalse(self._attempt(lambda: self.Event.with_user(self.referent).create(vals), "has no access"))
        event = self.Event.with_user(self.referent).create(dict(vals, res_id=self.dossier_north.id))
        with self.assertRaises(AccessError):
            event.with_user(self.referent).write({"res_id": self.dossier_south.id})

    def test_collective_appointment_collaborator_must_read_every_dossier(self):
        self.referent.casework_calendar_share_ids = self.secretariat
        wizard = self.env["casework.collective.appointment"].with_user(self.secretariat).create({
            "beneficiary_ids": [Command.set((self.dossier_north | self.dossier_north_other).ids)],
            "start": datetime(2026, 11, 24, 13, 0), "location_id": self.location.id, "user_id": self.referent.id,
        })
        with self.assertRaisesMessage(
            UserError, f"{self.referent.name} may not read the dossier {self.dossier_north_other.number}"
        ):
            wizard.action_confirm()
        self.assertFalse(self.dossier_north_other.appointment_ids)
        self.assertFalse(self.dossier_north.appointment_ids, "nothing booked")
        # the FSE manager reads the dossiers of the territory but books on none
        with self.assertRaises(AccessError):
            self.env["casework.collective.appointment"].with_user(self.fse).create({
                "beneficiary_ids": [Command.set(self.dossier_north.ids)],
                "start": datetime(2026, 11, 24, 13, 0), "location_id": self.location.id,
            }).action_confirm()


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentCopies(AppointmentScopeCommon):
    """What Odoo copies of an appointment reaches only readers of the dossier."""

    def _exit_referent(self):
        """The référent leaves the dossier yesterday (réorientation)."""
        self.dossier_north.assignment_ids.with_user(self.secretariat).write({"date_end": date(2026, 11, 14)})
        self.env.invalidate_all()

    def test_meeting_activity_needs_a_reader(self):
        """A meeting planned from the dossier's chatter is an activity on the
        dossier: only a reader of the dossier may be its assignee."""
        # (the event's side: test_task.test_meeting_assignee_needs_access_too)
        meeting = self.env.ref("mail.mail_activity_data_meeting")
        with self.assertRaisesMessage(ValidationError, "has no access to the dossier"):
            self.dossier_north.with_user(self.referent).activity_schedule(
                activity_type_id=meeting.id, summary="Rencontre", user_id=self.finance.id)

    def test_activity_on_a_case_record_needs_a_reader(self):
        enrollment = self.dossier_north.enrollment_ids
        with self.assertRaisesMessage(ValidationError, "has no access to"):
            enrollment.with_user(self.referent).activity_schedule(
                "mail.mail_activity_data_todo", summary="Relire", user_id=self.finance.id)
        enrollment.with_user(self.referent).activity_schedule(
            "mail.mail_activity_data_todo", summary="Relire", user_id=self.referent.id)

    def test_assignee_who_lost_access_reads_nothing(self):
        event = self._book()
        meeting = event.activity_ids
        task = self.dossier_north.with_user(self.referent).activity_schedule(
            "mail.mail_activity_data_todo", summary="Relancer", user_id=self.referent.id,
            date_deadline=date(2026, 11, 30))
        Activity = self.env["mail.activity"].with_user(self.referent)
        self.assertEqual(Activity.search([("id", "in", (meeting | task).ids)]), meeting | task)
        self.assertIn("DUPONT Marie", meeting.with_user(self.referent).summary)
        self._exit_referent()
        self.assertEqual((meeting | task).sudo().user_id, self.referent, "still their assignee")
        self.assertFalse(Activity.search([("user_id", "=", self.referent.id)]))
        self.assertFalse(Activity.search_read([("id", "in", (meeting | task).ids)], ["res_name", "summary"]))
        for activity in meeting | task:
            with self.subTest(activity=activity.id), self.assertRaises(AccessError):
                activity.with_user(self.referent).read(["res_name", "summary"])
        self.assertFalse(Activity._read_group([], ["res_model"], ["__count"]))
        groups = self.env["res.users"].with_user(self.referent)._get_activity_groups()
        self.assertFalse([group for group in groups if group.get("total_count")], "the systray counts nothing")
        self.assertEqual(Activity.with_user(self.secretariat).search_count([("id", "in", (meeting | task).ids)]), 2)

    def test_attendee_records_of_others(self):
        """The attendee, recurrence and filter records point to the event and
        the person: Odoo shows their names to whoever reads the record."""
        event = self._book(partner_ids=[Command.set((self.referent | self.secretariat).partner_id.ids)])
        # superuser processes (a merge) may leave a colleague without access
        event.sudo().partner_ids = [Command.link(self.finance.partner_id.id)]
        event.sudo().write({"recurrency": True, "rrule_type": "weekly", "fri": True, "count": 2})
        self.assertTrue(event.recurrence_id)
        self.env["calendar.filters"].sudo().create({"user_id": self.finance.id, "partner_id": self.person.id})
        for user in (self.finance, self.referent_south, self.operator):
            with self.subTest(user=user.login):
                Attendee = self.env["calendar.attendee"].with_user(user)
                self.assertFalse(Attendee.search_read([("event_id", "=", event.id)], ["event_id", "common_name"]))
                self.assertFalse(self.env["calendar.recurrence"].with_user(user).search_read([], ["base_event_id"]))
                self.assertFalse(self.env["calendar.filters"].with_user(user).search_read(
                    [("partner_id", "=", self.person.id)], ["partner_id"]))
                self.assertFalse(self.env["calendar.event"].with_user(user).search([("id", "=", event.id)]))
        rows = self.env["calendar.attendee"].with_user(self.secretariat).search_read(
            [("event_id", "=", event.id)], ["common_name"])
        self.assertIn("DUPONT Marie", {row["common_name"] for row in rows})

    def test_alarms_skip_the_appointments_out_of_scope(self):
        # the alarms are looked for with the database's clock
        self.env.cr.execute("SELECT (now() AT TIME ZONE 'UTC')::timestamp(0)")
        now = self.env.cr.fetchone()[0]
        with freeze_time(now):
            stage = self.env["casework.referent.assignment"].create({
                "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "etape",
                "date_start": now.date() - timedelta(days=30), "date_end": now.date() + timedelta(days=30)})
            alarm = self.env.ref("calendar.alarm_notif_1")
            event = self._book(start=now + timedelta(hours=3), alarm_ids=[Command.set(alarm.ids)],
                               user_id=self.referent_other.id)
            Manager = self.env["calendar.alarm_manager"]
            self.assertEqual(
                [n["event_id"] for n in Manager.with_user(self.referent_other).get_next_notif()], event.ids
            )
            stage.with_user(self.secretariat).write({"date_end": now.date() - timedelta(days=1)})
            self.env.invalidate_all()
            self.assertFalse(Manager.with_user(self.referent_other).get_next_notif())
            # the secretariat moves it: the alarms of the colleague who left are refreshed without error
            event.with_user(self.secretariat).start = now + timedelta(hours=4)
            self.assertFalse(Manager.with_user(self.referent_other).get_next_notif())


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentInvitations(AppointmentScopeCommon):
    """Odoo's calendar e-mails invitations: off by default for appointments
    with a dossier (the convocation letter and the SMS reminder are the
    channels), and never to a colleague outside the dossier's scope."""

    def test_off_by_default(self):
        self.assertFalse(self.env.company.casework_appointment_invitation)
        event = self._book(partner_ids=[Command.set((self.referent | self.secretariat).partner_id.ids)])
        event.with_user(self.referent).start = datetime(2026, 11, 21, 9, 0)
        event.with_user(self.referent).action_sendmail()
        self.assertFalse(self._invitations(event))
        self.assertFalse(self.env["mail.mail"].sudo().search([("subject", "ilike", "DUPONT")]))
        # deleting it from the calendar sends no cancellation either
        action = event.with_user(self.referent).action_unlink_event()
        self.assertEqual(action.get("type"), "ir.actions.act_url")
        self.assertFalse(event.exists())
        self.assertFalse(self.env["mail.mail"].sudo().search([("subject", "ilike", "DUPONT")]))

    def test_ordinary_events_keep_odoo_s_invitations(self):
        event = self.Event.with_user(self.referent).create({
            "name": "Réunion d'équipe", "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0),
            "partner_ids": [Command.set((self.referent | self.secretariat).partner_id.ids)],
        })
        self.assertTrue(self._invitations(event, self.secretariat.partner_id))

    def test_delete_wizard_sends_nothing(self):
        event = self._book()
        wizard = self.env["calendar.popover.delete.wizard"].with_user(self.referent).create({
            "calendar_event_id": event.id, "template_id": self.env.ref("calendar.calendar_template_delete_event").id})
        wizard.action_send_mail_and_delete()
        self.assertFalse(event.exists())
        self.assertFalse(self.env["mail.mail"].sudo().search([("subject", "ilike", "DUPONT")]))

    def test_when_enabled_only_readers_are_invited(self):
        self._set_invitations(True)
        event = self._book(partner_ids=[Command.set((self.referent | self.secretariat).partner_id.ids)])
        self.assertTrue(self._invitations(event, self.secretariat.partner_id))
        self.assertTrue(self._invitations(event, self.person), "the person is invited")
        # a superuser process added a colleague without access: no invitation, no change notice
        event.sudo().partner_ids = [Command.link(self.finance.partner_id.id)]
        event.with_user(self.referent).start = datetime(2026, 11, 21, 9, 0)
        self.assertFalse(self._invitations(event, self.finance.partner_id))
        subjects = self._invitations(event, self.secretariat.partner_id).mapped("subject")
        self.assertTrue([subject for subject in subjects if subject.endswith("Date updated")],
                        f"the colleague in scope hears of the new date: {subjects}")

    def test_setting_in_the_settings(self):
        settings = Form(self.env["res.config.settings"])
        self.assertFalse(settings.casework_appointment_invitation)
        settings.casework_appointment_invitation = True
        settings.save().execute()
        self.assertTrue(self.env.company.casework_appointment_invitation)


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentListsPerUser(AppointmentScopeCommon):
    """The dossier's appointments read in superuser mode in the same
    transaction are never served to a user."""

    def test_superuser_read_does_not_serve_the_user(self):
        circle = self.env["casework.circle"].create(
            {"name": "Psychologues", "user_ids": [Command.set(self.manager.ids)]}
        )
        held = self._book(start=datetime(2026, 11, 2, 9, 0))
        held.with_user(self.referent).write({
            "casework_outcome": "held", "casework_synthesis": "<p>Suivi psychologique</p>",
            "casework_synthesis_circle_id": circle.id,
        })
        # a private appointment booked by the secretariat: others see it as “Busy” in calendars
        private = self._book(user=self.secretariat, start=datetime(2026, 11, 25, 9, 0), privacy="private",
                             name="Audience au tribunal")
        dossier = self.dossier_north
        # superuser mode first (a job, a compute in sudo...)
        self.assertEqual(dossier.sudo().appointment_ids, held | private)
        self.assertEqual(dossier.sudo().upcoming_appointment_ids, private)
        self.assertEqual(dossier.sudo().last_appointment_id, held)
        self.assertIn("Suivi psychologique", held.sudo().casework_synthesis)
        self.assertEqual(private.sudo().name, "Audience au tribunal")
        # the référent does not attend the private one: not served to them
        as_referent = dossier.with_user(self.referent)
        self.assertEqual(as_referent.appointment_ids, held)
        self.assertFalse(as_referent.upcoming_appointment_ids)
        spec = {
            "appointment_ids": {"fields": {"name": {}}},
            "upcoming_appointment_ids": {"fields": {"name": {}}},
            "last_appointment_id": {"fields": {"display_name": {}}},
        }
        values = as_referent.web_read(spec)[0]
        names = [row["name"] for row in values["appointment_ids"] + values["upcoming_appointment_ids"]]
        self.assertNotIn("Audience au tribunal", names)
        self.assertEqual(values["last_appointment_id"]["id"], held.id)
        # the secretariat, who booked the private one, reads it, not the circle's synthesis
        as_secretariat = dossier.with_user(self.secretariat)
        self.assertEqual(as_secretariat.appointment_ids, held | private)
        self.assertEqual(as_secretariat.upcoming_appointment_ids.mapped("name"), ["Audience au tribunal"])
        values = as_secretariat.web_read({"appointment_ids": {"fields": {"casework_synthesis": {}}}})[0]
        self.assertFalse([row for row in values["appointment_ids"] if row["casework_synthesis"]])

    def test_theme_search_follows_the_user(self):
        self._book(casework_theme_id=self.theme_first.id)
        Dossier = self.env["casework.beneficiary"]
        self.assertEqual(
            Dossier.with_user(self.secretariat).search([("appointment_theme_id", "=", self.theme_first.id)]),
            self.dossier_north,
        )
        self.assertFalse(
            Dossier.with_user(self.referent_other).search([("appointment_theme_id", "=", self.theme_first.id)])
        )
        self.assertEqual(self.dossier_north.with_user(self.referent).appointment_theme_id, self.theme_first)
