"""Appointments attacked over RPC by users inside or outside the dossier's scope.

Each test asserts the secure behaviour: an appointment keeps to the dossier it
was booked for, a restricted synthesis is read by its circle only whatever
the client sends, and a refusal for scope names no dossier.
"""

import contextlib
import json
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .test_appointment import AppointmentCommon

MOVE_REFUSED = "An appointment stays with the dossier it was booked for"
CIRCLE_REFUSED = "only its members and the collaborator may change its circle or its collaborator"
SECRET_SYNTHESIS = "Suivi psychiatrique"


class AppointmentAttackCommon(AppointmentCommon):
    def _try(self, func):
        """Run ``func`` and keep what it did, unless it is refused for access."""
        with contextlib.suppress(AccessError), self.env.cr.savepoint():
            func()
            self.env.flush_all()
        self.env.invalidate_all()

    def assertNamesNobody(self, data, *markers):
        """``data`` (anything, read back by an attacker) contains none of ``markers``."""
        text = json.dumps(data, default=str, ensure_ascii=False).lower()
        for marker in markers:
            self.assertNotIn(marker.lower(), text)

    def _restricted_appointment(self):
        """An appointment of ``dossier_north`` held by its référent, whose
        synthesis is restricted to a circle of the référent alone."""
        circle = self.env["casework.circle"].create({"name": "Soins", "user_ids": [Command.set(self.referent.ids)]})
        event = self._book(start=datetime(2026, 11, 10, 9, 0))
        event.with_user(self.referent).write({
            "casework_outcome": "held",
            "casework_synthesis_circle_id": circle.id,
            "casework_synthesis": f"<p>{SECRET_SYNTHESIS}</p>",
        })
        self.env.invalidate_all()
        return event, circle


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentStaysWithItsDossier(AppointmentAttackCommon):
    """An appointment names its person (title, timeline, chatter, meeting
    activity): it never moves to another dossier, whose référent would read
    them. Booked on the wrong dossier, it is cancelled and booked again."""

    def test_a_moved_appointment_keeps_no_name_of_its_first_dossier(self):
        """Référent of another file: an appointment the secretariat moves to his dossier keeps
        the first person's name."""
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        event = env["calendar.event"].with_user(self.referent).create({
            "casework_beneficiary_id": self.dossier_north.id, "casework_appointment_type_id": self.individual.id,
            "start": datetime(2026, 12, 20, 9, 0), "stop": datetime(2026, 12, 20, 10, 0),
        })
        # booked on the wrong dossier: the secretariat tries to move it to Paul Leroy's, in three steps
        booking = event.with_user(self.secretariat)
        booking.write({"user_id": self.secretariat.id,
                       "partner_ids": [Command.set((self.secretariat.partner_id | self.dossier_north.partner_id).ids)]})
        with self.assertRaisesMessage(UserError, MOVE_REFUSED):
            booking.write({"casework_beneficiary_id": self.dossier_north_other.id})
        booking.write({"partner_ids": [Command.unlink(self.dossier_north.partner_id.id)]})
        self.env.flush_all()
        self.env.cr.flush()  # the tracking is written when the transaction ends (precommit)
        self.env.invalidate_all()
        self.assertEqual(event.casework_beneficiary_id, self.dossier_north)
        self.assertEqual((event.res_model, event.res_id), ("casework.beneficiary", self.dossier_north.id))
        reader = self.env(user=self.referent_other)
        self.assertFalse(reader["calendar.event"].search([("id", "=", event.id)]))
        seen = {
            "events": reader["calendar.event"].search_read([], ["name", "display_name"]),
            "chatter": [
                (message.body, message.sudo().tracking_value_ids._filter_has_field_access(reader)
                 ._tracking_value_format())
                for message in reader["mail.message"].search(
                    [("model", "=", "calendar.event"), ("res_id", "=", event.id)])
            ],
            "timeline": reader["casework.timeline.entry"].search_read(
                [("beneficiary_id", "=", self.dossier_north_other.id)], ["summary", "description"]),
            "activities": reader["mail.activity"].search_read(
                [("res_model", "=", "casework.beneficiary"), ("res_id", "=", self.dossier_north_other.id)],
                ["summary", "res_name"]),
        }
        self.assertNamesNobody(seen, "dupont")
        # the meeting activity stays on the dossier the appointment belongs to
        self.assertEqual(event.sudo().activity_ids.mapped("res_id"), self.dossier_north.ids)

    def test_no_move_of_any_kind(self):
        """Neither the dossier (changed or emptied) nor the record the
        appointment is attached to (``res_model``/``res_id``) moves, for any
        role that may modify both dossiers."""
        event = self._book()
        other = self.env["ir.model"]._get_id("res.partner")
        attempts = {
            "another dossier": {"casework_beneficiary_id": self.dossier_north_other.id},
            "no dossier": {"casework_beneficiary_id": False},
            "attached to another dossier": {"res_id": self.dossier_north_other.id},
            "attached to another model": {"res_model_id": other},
            "detached": {"res_model_id": False, "res_id": False},
        }
        for user in (self.secretariat, self.manager):
            for what, vals in attempts.items():
                with self.subTest(user=user.login, what=what), self.assertRaisesMessage(UserError, MOVE_REFUSED):
                    event.with_user(user).write(vals)
        self.assertEqual(event.casework_beneficiary_id, self.dossier_north)
        self.assertEqual((event.res_model, event.res_id), ("casework.beneficiary", self.dossier_north.id))
        # writing back the same dossier is no move
        event.with_user(self.secretariat).write({
            "casework_beneficiary_id": self.dossier_north.id, "res_id": self.dossier_north.id,
        })
        self.assertEqual(event.casework_beneficiary_id, self.dossier_north)

    def test_an_event_planned_from_a_dossier_becomes_its_appointment_only(self):
        """An event planned from a dossier's chatter (its title and meeting
        activity are that dossier's) becomes an appointment of that dossier,
        never of another one."""
        Event = self.env["calendar.event"].with_user(self.secretariat)
        planned = Event.create({
            "name": "Point avec Mme Dupont",
            "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0),
            "res_model_id": self.env["ir.model"]._get_id("casework.beneficiary"), "res_id": self.dossier_north.id,
        })
        with self.assertRaisesMessage(UserError, MOVE_REFUSED):
            planned.write({"casework_beneficiary_id": self.dossier_north_other.id,
                           "casework_appointment_type_id": self.individual.id})
        planned.write({"casework_beneficiary_id": self.dossier_north.id,
                       "casework_appointment_type_id": self.individual.id})
        self.assertEqual(planned.casework_beneficiary_id, self.dossier_north)
        # an ordinary event attached to nothing may become an appointment
        meeting = Event.create({"name": "Permanence", "start": datetime(2026, 11, 21, 9, 0),
                                "stop": datetime(2026, 11, 21, 10, 0)})
        meeting.write({"casework_beneficiary_id": self.dossier_north_other.id,
                       "casework_appointment_type_id": self.individual.id})
        self.assertEqual((meeting.res_model, meeting.res_id), ("casework.beneficiary", self.dossier_north_other.id))

    def test_the_move_refusal_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_appointment"], ["fr_FR"], overwrite=True)
        event = self._book()
        with self.assertRaisesMessage(UserError, "Un rendez-vous reste dans le dossier"):
            event.with_user(self.secretariat).with_context(lang="fr_FR").write(
                {"casework_beneficiary_id": self.dossier_north_other.id})

    def test_the_superuser_may_move_it(self):
        """Merging two dossiers moves their appointments (as the superuser)."""
        event = self._book()
        event.sudo().write({"casework_beneficiary_id": self.dossier_north_other.id})
        self.assertEqual(event.res_id, self.dossier_north_other.id)


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestSynthesisCircle(AppointmentAttackCommon):
    """Who reads a restricted synthesis is decided on the stored appointment:
    whatever the values a client sends, a colleague of the dossier outside
    the circle reads nothing of it and cannot widen the circle."""

    def test_synthesis_circle_holds_for_colleagues_of_the_dossier(self):
        """Secretariat (in scope, outside the circle): onchange or lifting the circle reads a restricted synthesis."""
        event, __ = self._restricted_appointment()
        Event = self.env["calendar.event"].with_user(self.secretariat)
        self.assertFalse(Event.browse(event.id).casework_synthesis)  # the circle holds on read
        result = Event.browse(event.id).onchange(
            {"casework_synthesis_circle_id": False}, ["casework_synthesis_circle_id"], {"casework_synthesis": {}},
        )
        self.assertNotIn("psychiatrique", str(result))
        self._try(lambda: Event.browse(event.id).write({"casework_synthesis_circle_id": False}))
        self.assertFalse(Event.browse(event.id).casework_synthesis)

    def test_synthesis_does_not_follow_a_new_collaborator(self):
        """Secretariat (in scope, outside the circle): making itself the collaborator reads a restricted synthesis."""
        event, __ = self._restricted_appointment()
        Event = self.env["calendar.event"].with_user(self.secretariat)
        result = Event.browse(event.id).onchange(
            {"user_id": self.secretariat.id}, ["user_id"], {"casework_synthesis": {}}
        )
        self.assertNotIn("psychiatrique", str(result))
        self._try(lambda: Event.browse(event.id).write({"user_id": self.secretariat.id}))
        self.assertFalse(Event.browse(event.id).casework_synthesis)

    def test_onchange_of_any_field_decides_on_the_stored_appointment(self):
        event, circle = self._restricted_appointment()
        Event = self.env["calendar.event"].with_user(self.secretariat)
        spec = {"casework_synthesis": {}, "casework_synthesis_allowed": {}}
        everyone = self.env.ref("casework_base.casework_circle_all")
        for values, changed in (
            ({"casework_synthesis_circle_id": everyone.id}, ["casework_synthesis_circle_id"]),
            ({"casework_synthesis_circle_id": False, "user_id": self.secretariat.id}, ["user_id"]),
            ({"casework_outcome": "held"}, ["casework_outcome"]),
        ):
            with self.subTest(changed=changed):
                result = Event.browse(event.id).onchange(values, changed, spec)
                self.assertNotIn("psychiatrique", str(result))
        # the circle's members still read it in the form while changing it
        result = event.with_user(self.referent).onchange(
            {"casework_synthesis_circle_id": everyone.id}, ["casework_synthesis_circle_id"], spec)
        self.assertNotIn("casework_synthesis", result["value"], "unchanged: the stored synthesis stays shown")
        self.assertIn(SECRET_SYNTHESIS, event.with_user(self.referent).casework_synthesis)

    def test_circle_and_collaborator_changes_refused_outside_the_circle(self):
        event, circle = self._restricted_appointment()
        self.referent.casework_calendar_share_ids = self.secretariat | self.manager
        everyone = self.env.ref("casework_base.casework_circle_all")
        mine = self.env["casework.circle"].create(
            {"name": "Secrétariat", "user_ids": [Command.set(self.secretariat.ids)]}
        )
        for vals in (
            {"casework_synthesis_circle_id": False},
            {"casework_synthesis_circle_id": everyone.id},
            {"casework_synthesis_circle_id": mine.id},
            {"user_id": self.secretariat.id},
            {"user_id": self.manager.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesMessage(AccessError, CIRCLE_REFUSED):
                event.with_user(self.secretariat).write(vals)
        self.assertEqual((event.casework_synthesis_circle_id, event.user_id), (circle, self.referent))
        # the rest of the appointment stays the secretariat's to change, and so do unchanged values
        event.with_user(self.secretariat).write({
            "casework_location_id": self.location.id, "user_id": self.referent.id,
            "casework_synthesis_circle_id": circle.id,
        })
        # the circle's members and the collaborator change them
        event.with_user(self.referent).write({"casework_synthesis_circle_id": everyone.id})
        self.assertIn(SECRET_SYNTHESIS, event.with_user(self.secretariat).casework_synthesis)

    def test_the_circle_refusal_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_appointment"], ["fr_FR"], overwrite=True)
        event, __ = self._restricted_appointment()
        with self.assertRaisesMessage(AccessError, "seuls ses membres et le collaborateur peuvent changer"):
            event.with_user(self.secretariat).with_context(lang="fr_FR").write({"casework_synthesis_circle_id": False})

    def test_synthesis_refusal_names_no_appointment(self):
        """The appointment's title names the person: a refusal does not repeat it."""
        event, __ = self._restricted_appointment()
        with self.assertRaises(AccessError) as refusal:
            event.with_user(self.secretariat).write({"casework_synthesis": "<p>Autre chose</p>"})
        self.assertNotIn("DUPONT", str(refusal.exception))
        self.assertIn("restricted to the circle Soins", str(refusal.exception))


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestRefusalsNameNoDossier(AppointmentAttackCommon):
    """A refusal for scope is an ``AccessError`` that names no dossier the
    user may not read."""

    def _assert_refused_namelessly(self, attempt):
        self.env.invalidate_all()
        try:
            with self.env.cr.savepoint():
                attempt()
        except (AccessError, ValidationError, UserError) as error:
            self.assertIsInstance(error, AccessError, "a refusal for scope is an access error")
            for marker in (self.dossier_south.number, "garcia"):
                self.assertNotIn(marker.lower(), str(error).lower())
        else:
            self.fail("booked on a dossier out of scope")

    def test_refusals_name_no_dossier(self):
        """Outsider: booking an appointment on a dossier out of scope is refused with its number."""
        self._assert_refused_namelessly(lambda: self.env["calendar.event"].with_user(self.outsider).create({
            "casework_beneficiary_id": self.dossier_south.id, "casework_appointment_type_id": self.individual.id,
            "start": datetime(2026, 12, 20, 9, 0), "stop": datetime(2026, 12, 20, 10, 0),
        }))

    def test_no_role_is_told_the_number(self):
        south = self._book(dossier=self.dossier_south, user=self.referent_south, start=datetime(2026, 12, 21, 9, 0))
        ordinary = self.env["calendar.event"].with_user(self.referent).create({
            "name": "Permanence", "start": datetime(2026, 12, 22, 9, 0), "stop": datetime(2026, 12, 22, 10, 0)})
        for user in (self.referent, self.referent_other, self.secretariat, self.fse, self.finance, self.outsider):
            attempts = {
                "book": lambda: self._book(dossier=self.dossier_south, user=user),
                "change": lambda: south.with_user(user).write({"casework_outcome": "held"}),
                "delete": lambda: south.with_user(user).unlink(),
                "collective": lambda: self.env["casework.collective.appointment"].with_user(user).create({
                    "beneficiary_ids": [Command.set(self.dossier_south.ids)],
                    "start": datetime(2026, 12, 20, 9, 0), "location_id": self.location.id,
                }).action_confirm(),
            }
            if user == self.referent:
                attempts["hang an event on it"] = lambda: ordinary.with_user(self.referent).write({
                    "casework_beneficiary_id": self.dossier_south.id,
                    "casework_appointment_type_id": self.individual.id,
                })
            for what, attempt in attempts.items():
                with self.subTest(user=user.login, what=what):
                    self._assert_refused_namelessly(attempt)

    def test_fse_is_refused_without_the_number_either(self):
        """The FSE manager reads the dossier but changes none of its appointments."""
        event = self._book()
        with self.assertRaises(AccessError) as refusal:
            event.with_user(self.fse).write({"casework_outcome": "held"})
        self.assertNotIn(self.dossier_north.number, str(refusal.exception))
        self.assertIn("a dossier you may not modify", str(refusal.exception))


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestSmsReminderShowsNothingOutOfScope(AppointmentAttackCommon):
    """The reminder's text and number are rendered for the person only."""

    def test_template_preview_of_an_appointment_out_of_scope(self):
        self.dossier_south.phone = "07 81 22 33 44"
        event = self._book(dossier=self.dossier_south, user=self.referent_south, start=datetime(2026, 12, 21, 9, 0),
                           casework_sms_reminder=True)
        template = self.env.ref("casework_appointment.sms_template_appointment_reminder")
        for user in (self.referent, self.outsider, self.finance):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                try:
                    with self.env.cr.savepoint():
                        data = self.env["sms.template.preview"].with_user(user).create({
                            "sms_template_id": template.id, "resource_ref": f"calendar.event,{event.id}",
                        }).read(["body"])
                except (AccessError, UserError) as error:  # rendered as the user: refused
                    self.assertNamesNobody(str(error), "garcia", self.referent_south.name, "81 22 33 44")
                    continue
                self.assertNamesNobody(data, "garcia", self.referent_south.name, "81 22 33 44")
