from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.casework_booking_invitation import BookingRefused
from .common import SosCommon

NOW = "2026-11-16 08:00:00"  # a Monday, 9:00 in Paris


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestSosBooking(SosCommon):
    """The booking of a mediator by an inhabitant, as the public page runs
    it: the code, its expiry and tries, the weekly limit, bad input."""

    def test_code_then_booking(self):
        request, token = self._ask(code="482913")
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.phone, "+33611223344")
        self.assertEqual(self.Request._casework_from_token(token), request)
        self.assertFalse(self.Request._casework_from_token(token + "x"))
        # the SMS reached Twilio with the code; nothing of it is kept in Odoo
        message = self.twilio.messages[-1]
        self.assertEqual(message["To"], "+33611223344")
        self.assertIn("482913", message["Body"])
        self.assertFalse(self.env["sms.sms"].sudo().search([("number", "=", "+33611223344")]))
        self.assertNotIn("482913", request.sudo().code_hash)
        # nothing is held before the code: the slot is still offered
        self.assertIn(request.date_start, [s[0] for s in self.structure._casework_sos_free_slots()])
        self.assertEqual(request._casework_check_code("000000"), "wrong")
        self.assertEqual(request.code_attempts, 1)
        self.assertIsNone(request._casework_check_code("482 913"))
        event = request._casework_confirm()
        self.assertEqual(request.state, "booked")
        self.assertFalse(request.sudo().code_hash)
        self.assertEqual(event.sudo().name, "SOS numérique – Démarches en ligne")
        self.assertEqual(event.sudo().user_id, self.mediator)
        self.assertEqual(event.sudo().partner_ids, self.mediator.partner_id)
        self.assertEqual((event.sudo().res_model, event.sudo().res_id), (request._name, request.id))
        self.assertNotIn(request.date_start, [s[0] for s in self.structure._casework_sos_free_slots()
                                              if s[2] == self.mediator])

    def test_code_by_email(self):
        request, _token = self._ask(phone="", email=" Zoe.Martin@Example.org ")
        self.assertEqual(request.email, "zoe.martin@example.org")
        self.assertFalse(request.phone)
        # queued to the address only (no record, no author), deleted once sent
        mail = self.env["mail.mail"].sudo().search([("email_to", "=", "zoe.martin@example.org")])
        self.assertIn("123456", mail.body_html)
        self.assertTrue(mail.auto_delete)
        self.assertFalse(mail.model or mail.res_id)

    def test_code_expires_after_ten_minutes(self):
        request, _token = self._ask()
        with freeze_time(datetime(2026, 11, 16, 8, 11)):
            self.assertEqual(request._casework_check_code("123456"), "expired")
        self.assertFalse(request.exists(), "an expired request is erased")

    def test_five_wrong_codes(self):
        request, _token = self._ask()
        for _attempt in range(4):
            self.assertEqual(request._casework_check_code("999999"), "wrong")
        self.assertEqual(request._casework_check_code("999999"), "attempts")
        self.assertFalse(request.exists())

    def test_weekly_limit_per_phone_and_email(self):
        self._book(slot=self._slot(0))
        self._book(slot=self._slot(1), phone="06.11.22.33.44")
        with self.assertRaises(BookingRefused) as refused:
            self._book(slot=self._slot(2), phone="+33 6 11 22 33 44")
        self.assertEqual(refused.exception.reason, "weekly")
        # another phone: booked; the e-mail counts as well
        self._book(slot=self._slot(2), phone="06 55 44 33 22", email="a@example.org")
        self._book(slot=self._slot(3), phone="", email="A@example.org")
        with self.assertRaises(BookingRefused) as refused:
            self._book(slot=self._slot(4), phone="07 55 44 33 22", email="a@example.org")
        self.assertEqual(refused.exception.reason, "weekly")
        # a rolling week
        with freeze_time(datetime(2026, 11, 23, 8, 1)):
            request, _token = self._ask(slot=self._slot(0))
            self.assertEqual(request.state, "pending")

    def test_weekly_limit_is_no_oracle(self):
        """Whoever types a person's phone or e-mail on the public page does
        not learn that this person booked this week: the form is accepted
        and a code sent; only the code's holder meets the refusal."""
        self._book(slot=self._slot(0))
        self._book(slot=self._slot(1))
        request, _token = self._ask(slot=self._slot(2), first_name="Curieux")
        self.assertEqual(request.state, "pending")
        self.assertIsNone(request._casework_check_code("123456"))
        with self.assertRaises(BookingRefused) as refused:
            request._casework_confirm()
        self.assertEqual(refused.exception.reason, "weekly")

    def test_bad_input(self):
        slot = self._slot()
        cases = [
            ("phone", {"phone": "12"}),
            ("phone", {"phone": "04 75 12 34 56"}),  # a landline: no SMS
            ("email", {"phone": "", "email": "not-an-address"}),
            ("contact", {"phone": "", "email": ""}),
            ("first_name", {"first_name": "  "}),
            ("topic", {"topic": self.env["casework.booking.topic"].create({"name": "Ailleurs", "structure_ids": [
                (4, self.env["casework.structure"].create({"name": "Autre", "territory_id": self.south.id}).id)]})}),
            ("past", {"slot": (slot[0] - timedelta(days=3), slot[1] - timedelta(days=3), slot[2])}),
            ("unavailable", {"slot": (slot[0] + timedelta(minutes=7), slot[1] + timedelta(minutes=7), slot[2])}),
        ]
        for reason, kwargs in cases:
            with self.subTest(reason=reason), self.assertRaises(BookingRefused) as refused:
                self._ask(**kwargs)
            self.assertEqual(refused.exception.reason, reason)
        self.assertFalse(self.Request.sudo().search([]))
        self.assertFalse(self.twilio.messages)

    def test_taken_slot(self):
        slot = self._slot()
        first, _token = self._ask(slot=slot)
        second, _token = self._ask(slot=slot, phone="06 99 88 77 66")
        first._casework_check_code("123456")
        first._casework_confirm()
        # the slot is no longer offered, and the second confirmation is refused
        with self.assertRaises(BookingRefused) as refused:
            self._ask(slot=slot, phone="06 98 88 77 66")
        self.assertEqual(refused.exception.reason, "unavailable")
        self.assertIsNone(second._casework_check_code("123456"))
        with self.assertRaises(BookingRefused) as refused:
            second._casework_confirm()
        self.assertEqual(refused.exception.reason, "taken")
        # the other mediator is free at that time: offered again
        self.assertIn((slot[0], slot[1], self.mediator_two), self.structure._casework_sos_free_slots())

    def test_codes_per_contact(self):
        for index in range(3):
            request, _token = self._ask(slot=self._slot(index))
        with self.assertRaises(BookingRefused) as refused:
            self._ask(slot=self._slot(4))
        self.assertEqual(refused.exception.reason, "codes")
        self.assertTrue(request.exists())

    def test_users_do_not_create_nor_write_requests(self):
        with self.assertRaisesMessage(UserError, "made by the inhabitants"):
            self.Request.with_user(self.admin).create({
                "first_name": "X", "structure_id": self.structure.id, "user_id": self.mediator.id,
                "date_start": datetime(2026, 11, 17, 9), "date_stop": datetime(2026, 11, 17, 10),
            })
        request = self._book()
        with self.assertRaises(AccessError):
            request.with_user(self.mediator).write({"first_name": "Autre"})
        with self.assertRaises(AccessError):
            request.with_user(self.mediator).write({"state": "dossier"})


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestSosAccess(SosCommon):
    """Who reads a contact request and its meeting."""

    def test_request_scope_per_role(self):
        request = self._book()
        event = request.event_id
        request.with_user(self.mediator).message_post(body="Aide pour la CAF de Zoé")
        request.sudo().activity_schedule("mail.mail_activity_data_todo", user_id=self.mediator.id,
                                         summary="Rappeler Zoé")
        readers = {"referent": True, "secretariat": True, "manager": True, "admin": True,
                   "referent_other": False, "referent_south": False, "fse": False, "finance": False,
                   "operator": False, "outsider": False, "mediator_two": False}
        for role, reads in readers.items():
            user = getattr(self, role)
            with self.subTest(role=role):
                found = self.Request.with_user(user).search([("id", "=", request.id)]) if \
                    self.env["ir.model.access"].with_user(user).check(request._name, "read", False) else False
                self.assertEqual(bool(found), reads)
                if reads:
                    self.assertEqual(request.with_user(user).first_name, "Zoé")
                else:
                    with self.assertRaises(AccessError):
                        request.with_user(user).read(["first_name"])
                # the meeting, its attendees, messages and activities follow the request
                Event = self.env["calendar.event"].with_user(user)
                self.assertEqual(bool(Event.search([("id", "=", event.id)])), reads)
                if not reads:
                    with self.assertRaises(AccessError):
                        event.with_user(user).read(["name"])
                    self.assertFalse(self.env["calendar.attendee"].with_user(user).search(
                        [("event_id", "=", event.id)]))
                    self.assertFalse(self.env["mail.message"].with_user(user).search(
                        [("model", "=", request._name), ("res_id", "=", request.id)]))
                    self.assertFalse(self.env["mail.activity"].with_user(user).search(
                        [("res_model", "=", request._name), ("res_id", "=", request.id)]))
        # the meeting carries nothing of the person
        event = event.sudo()
        for text in (event.name, event.description or "", event.location or ""):
            self.assertNotIn("Zoé", str(text))
            self.assertNotIn("11 22 33 44", str(text))
            self.assertNotIn("611223344", str(text))

    def test_secretariat_of_another_territory(self):
        request = self._book()
        self.secretariat.casework_territory_ids = [(6, 0, self.south.ids)]
        with self.assertRaises(AccessError):
            request.with_user(self.secretariat).read(["first_name"])

    def test_mediator_actions(self):
        request = self._book()
        with self.assertRaises(AccessError):
            request.with_user(self.referent_other).action_mark_held()
        request.with_user(self.mediator).action_mark_absent()
        self.assertEqual(request.state, "absent")
        self.assertFalse(request.event_id.sudo().active, "an absence leaves the calendar")
        request.with_user(self.mediator).action_mark_held()
        request.with_user(self.mediator).action_close()
        self.assertEqual(request.state, "closed")
        with self.assertRaisesMessage(UserError, "cannot be changed that way"):
            request.with_user(self.mediator).action_close()

    def test_turn_into_dossier_with_duplicate_check(self):
        request = self._book(first_name="Marie", phone="06 12 34 56 78")
        action = request.with_user(self.mediator).action_turn_into_dossier()
        self.assertEqual(action["res_model"], "casework.beneficiary")
        context = action["context"]
        self.assertEqual((context["default_first_name"], context["default_phone"]), ("Marie", "+33612345678"))
        Dossier = self.env["casework.beneficiary"].with_user(self.mediator).with_context(**context)
        # the form sends its defaults with what the user typed
        vals = {"civility": "mme", "usage_name": "Dupont", "birth_date": "1985-03-12",
                **{key[8:]: value for key, value in context.items() if key.startswith("default_")}}
        # the kernel's duplicate check: Marie Dupont, born the same day, has a dossier
        with self.assertRaisesMessage(UserError, "This person may already have a dossier"):
            Dossier.create(dict(vals))
        self.assertEqual(request.state, "booked")
        dossier = Dossier.create(dict(vals, duplicate_confirmed=True))
        self.assertEqual((dossier.first_name, dossier.phone), ("Marie", "+33612345678"))
        self.assertEqual(dossier.territory_id, self.north)
        self.assertEqual(request.state, "dossier")
        self.assertEqual(request.beneficiary_id, dossier)
        # another user's request given in the context is not linked
        other = self._book(slot=self._slot(1), phone="06 99 88 77 66")
        other.sudo().user_id = self.mediator_two
        with self.assertRaises(AccessError):
            self.env["casework.beneficiary"].with_user(self.mediator).with_context(
                casework_contact_request_id=other.id).create(
                {"civility": "mme", "first_name": "Léa", "usage_name": "Durand", "birth_date": "1990-01-01",
                 "territory_id": self.north.id})
        self.assertEqual(other.state, "booked")


@tagged("post_install", "-at_install")
class TestSosErasure(SosCommon):
    """The daily job erases the requests not turned into a dossier after the
    delay, with nothing left of them in the database."""

    def _text_columns(self):
        self.env.cr.execute("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text', 'jsonb')
        """)
        return self.env.cr.fetchall()

    def _find_in_database(self, *needles):
        """(table, column, needle) of every text value holding one of ``needles``."""
        self.env.flush_all()
        found = []
        for table, column in self._text_columns():
            for needle in needles:
                self.env.cr.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                    [f"%{needle}%"],
                )
                if self.env.cr.fetchone():
                    found.append((table, column, needle))
        return found

    def test_nothing_left(self):
        with freeze_time(NOW):
            request = self._book(first_name="Zéphyrine", phone="06 66 55 44 33", email="zephyrine@example.org")
            event = request.event_id
            request.with_user(self.mediator).message_post(body="Zéphyrine a besoin d'aide pour la CAF")
            request.sudo().activity_schedule("mail.mail_activity_data_todo", user_id=self.mediator.id,
                                             summary="Rappeler Zéphyrine")
            event.sudo().message_post(body="Note")
            request.with_user(self.mediator).action_mark_held()
            kept = self._book(slot=self._slot(1), first_name="Ophélie", phone="06 71 55 44 33")
            kept.sudo().write({"state": "dossier", "beneficiary_id": self.dossier_north.id})
            recent = self._book(slot=self._slot(2), first_name="Apolline", phone="06 72 55 44 33")
            self.assertTrue(self._find_in_database("Zéphyrine", "666554433"))
        # nothing happens before the delay
        with freeze_time(datetime(2027, 2, 15, 8, 0)):
            recent.sudo().write({"closed_date": datetime(2027, 2, 1)})
            self.assertEqual(self.Request._cron_casework_erase(), 0)
        with freeze_time(datetime(2027, 2, 17, 9, 0)):
            self.assertEqual(self.Request._cron_casework_erase(), 1)
        self.assertFalse(request.exists())
        self.assertFalse(event.exists())
        self.assertTrue(kept.exists(), "a request turned into a dossier stays")
        self.assertTrue(recent.exists(), "the delay runs from the last date")
        self.assertEqual(self._find_in_database("Zéphyrine", "666554433", "zephyrine@"), [])

    def test_pending_requests_after_a_day(self):
        with freeze_time(NOW):
            request, _token = self._ask(first_name="Philomène", phone="06 73 55 44 33")
        with freeze_time(datetime(2026, 11, 17, 9, 0)):
            self.assertEqual(self.Request._cron_casework_erase(), 1)
        self.assertFalse(request.exists())
        self.assertEqual(self._find_in_database("Philomène", "673554433"), [])
