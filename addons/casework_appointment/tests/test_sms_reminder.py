from datetime import datetime, timedelta

import requests
from freezegun import freeze_time
from twilio.request_validator import RequestValidator

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.sms_twilio.tools.sms_twilio import get_twilio_status_callback_url

from .fake_twilio import to_fake_twilio, use_fake_twilio
from .test_appointment import AppointmentCommon

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "casework-fake-twilio-token"
FROM_NUMBER = "+33757000000"


class SmsReminderCommon(AppointmentCommon):
    """Odoo's SMS with the Twilio provider, sending to a local fake Twilio
    (``fake_twilio.py``): the tests' HTTP requests to Twilio's API go to the fake."""

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # Twilio replaced at its HTTP boundary: the requests sms_twilio sends to
        # api.twilio.com (same path, credentials and body) reach the local fake.
        if (fake := to_fake_twilio(cls.twilio, r)) is not None:
            r = fake
            # an answer lost on the way back (a read timeout), once Twilio accepted the message or before
            accepted = cls.twilio.lost_answer(r.method)
            if accepted is not None:
                if accepted:
                    super()._request_handler(s, r, **kw)
                raise requests.exceptions.ReadTimeout(f"Read timed out. (read timeout={kw.get('timeout')})")
        return super()._request_handler(s, r, **kw)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.twilio = use_fake_twilio(cls.env, ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER)
        cls.addClassCleanup(cls.twilio.stop)
        cls.Event = cls.env["calendar.event"]

    def setUp(self):
        super().setUp()
        self.twilio.reset()


@tagged("post_install", "-at_install")
class TestSmsReminder(SmsReminderCommon):
    def _book_with_reminder(self, start=datetime(2026, 11, 18, 10, 0), **vals):
        with freeze_time("2026-11-15 08:00:00"):
            return self._book(start=start, casework_sms_reminder=True, **vals)

    def _run_cron_at(self, when):
        with freeze_time(when):
            self.Event._cron_casework_send_sms_reminders()
        self.env.invalidate_all()

    def test_refused_without_a_mobile_number(self):
        self.dossier_north.phone = "04 75 12 34 56"  # a landline
        with self.assertRaisesMessage(UserError, "no valid mobile phone number"):
            self._book_with_reminder()
        self.dossier_north.phone = False
        with self.assertRaisesMessage(UserError, "no valid mobile phone number"):
            self._book_with_reminder()
        self.dossier_north.phone = "07 81 22 33 44"
        self.assertEqual(self._book_with_reminder().casework_sms_state, "to_send")

    def test_refused_less_than_48_hours_ahead(self):
        with self.assertRaisesMessage(UserError, "more than 48 hours ahead"):
            self._book_with_reminder(start=datetime(2026, 11, 17, 7, 0))
        with freeze_time("2026-11-15 08:00:00"):
            event = self._book(start=datetime(2026, 11, 17, 7, 0))
            with self.assertRaisesMessage(UserError, "more than 48 hours ahead"):
                event.with_user(self.referent).casework_sms_reminder = True

    def test_sent_once_48_hours_before(self):
        event = self._book_with_reminder()
        self.assertEqual(event.casework_sms_state, "to_send")
        self._run_cron_at("2026-11-16 09:00:00")  # 49 hours before: not yet
        self.assertFalse(self.twilio.messages)
        self._run_cron_at("2026-11-16 10:05:00")
        self.assertEqual(len(self.twilio.messages), 1)
        message = self.twilio.messages[0]
        self.assertEqual(message["To"], "+33612345678")
        self.assertEqual(message["From"], FROM_NUMBER)
        self.assertEqual(
            message["Body"],
            "Rappel: vous avez RDV pour votre dossier RSA le 18/11/26 à 11:00 avec Claire MARTIN. "
            "Le RDV aura lieu à : Maison départementale de Privas, 2 place des Mobiles, 07000 Privas.",
        )
        self.assertIn("/sms_twilio/status/", message["StatusCallback"])
        self.assertEqual(event.casework_sms_state, "sent")
        self.assertEqual(event.casework_sms_date, datetime(2026, 11, 16, 10, 5))
        self.assertEqual(event.casework_sms_attempts, 1)
        sms = self.env["sms.sms"].sudo().search([("uuid", "=", event.casework_sms_uuid)])
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.sms_twilio_sid, message["sid"])
        # the job runs again (or is retried): nothing more is sent
        self._run_cron_at("2026-11-16 10:20:00")
        self._run_cron_at("2026-11-17 10:20:00")
        self.assertEqual(len(self.twilio.messages), 1)

    def test_failure_then_retry_then_success(self):
        event = self._book_with_reminder()
        self.twilio.fail_next(500, None, "Internal Server Error")
        self._run_cron_at("2026-11-16 10:05:00")
        self.assertEqual(event.casework_sms_state, "failed")
        self.assertIn("Internal Server Error", event.casework_sms_error)
        self.assertEqual(event.casework_sms_attempts, 1)
        self.assertFalse(self.twilio.messages)
        self._run_cron_at("2026-11-16 10:20:00")
        self.assertEqual(event.casework_sms_state, "sent")
        self.assertFalse(event.casework_sms_error)
        self.assertEqual(event.casework_sms_attempts, 2)
        self._run_cron_at("2026-11-16 10:35:00")
        self.assertEqual(len(self.twilio.messages), 1, "exactly one message reached Twilio")
        self.assertEqual(len(self.twilio.requests), 2)

    def test_twilio_error_code_visible(self):
        event = self._book_with_reminder()
        self.twilio.fail_next(400, 21211, "The 'To' number +33612345678 is not a valid phone number.")
        self._run_cron_at("2026-11-16 10:05:00")
        self.assertEqual(event.casework_sms_state, "failed")
        self.assertIn("is not a valid phone number", event.casework_sms_error)

    def test_wrong_credentials_bounded_retries(self):
        self.env.company.sms_twilio_auth_token = "not-the-token"
        event = self._book_with_reminder()
        for minutes in (5, 20, 35, 50, 65):
            self._run_cron_at(f"2026-11-16 11:{minutes:02d}:00" if minutes < 60 else "2026-11-16 12:05:00")
        self.assertEqual(event.casework_sms_state, "failed")
        self.assertIn("Authenticate", event.casework_sms_error)
        self.assertEqual(event.casework_sms_attempts, 3, "casework_appointment.sms_reminder_max_attempts")
        self.assertEqual(len(self.twilio.requests), 3)
        self.assertFalse(self.twilio.messages)

    def test_not_sent_once_cancelled_or_off(self):
        event = self._book_with_reminder()
        other = self._book_with_reminder(start=datetime(2026, 11, 18, 14, 0))
        with freeze_time("2026-11-15 09:00:00"):
            event.with_user(self.referent).casework_outcome = "cancelled"
            other.with_user(self.referent).casework_sms_reminder = False
        self._run_cron_at("2026-11-16 16:00:00")
        self.assertFalse(self.twilio.requests)
        self.assertFalse(other.casework_sms_state)

    def test_moved_after_the_reminder_reminds_again(self):
        event = self._book_with_reminder()
        self._run_cron_at("2026-11-16 10:05:00")
        with freeze_time("2026-11-16 12:00:00"):
            event.with_user(self.referent).write({"start": datetime(2026, 11, 25, 10, 0),
                                                  "stop": datetime(2026, 11, 25, 11, 0)})
        self.assertEqual(event.casework_sms_state, "to_send")
        self._run_cron_at("2026-11-23 10:05:00")
        self.assertEqual(len(self.twilio.messages), 2)
        self.assertIn("le 25/11/26 à 11:00", self.twilio.messages[1]["Body"])

    def test_moved_after_a_failed_reminder_reminds_for_the_new_slot(self):
        """The provider was down for the three tries: moved, the appointment
        gets a reminder for its new slot."""
        event = self._book_with_reminder()
        for minutes in (5, 20, 35):
            self.twilio.fail_next(500, None, "Internal Server Error")
            self._run_cron_at(f"2026-11-16 10:{minutes:02d}:00")
        self.assertEqual((event.casework_sms_state, event.casework_sms_attempts), ("failed", 3))
        with freeze_time("2026-11-17 09:00:00"):
            event.with_user(self.referent).write({"start": datetime(2026, 11, 24, 10, 0),
                                                  "stop": datetime(2026, 11, 24, 11, 0)})
        self.assertEqual((event.casework_sms_state, event.casework_sms_attempts), ("to_send", 0))
        self._run_cron_at("2026-11-22 10:05:00")
        self.assertEqual(len(self.twilio.messages), 1)
        self.assertIn("le 24/11/26 à 11:00", self.twilio.messages[0]["Body"])
        self.assertEqual(event.casework_sms_state, "sent")


@tagged("post_install", "-at_install")
class TestSmsReminderLostAnswer(SmsReminderCommon):
    """Twilio accepted the reminder but its answer was lost (a read timeout):
    the next tries ask Twilio before sending it again."""

    def _book_with_reminder(self):
        with freeze_time("2026-11-15 08:00:00"):
            return self._book(start=datetime(2026, 11, 18, 10, 0), casework_sms_reminder=True)

    def _run_cron_at(self, when):
        with freeze_time(when), mute_logger("odoo.addons.sms_twilio.tools.sms_api"):
            self.env["calendar.event"]._cron_casework_send_sms_reminders()
        self.env.invalidate_all()

    def _lookups(self):
        return [request for request in self.twilio.requests if "Body" not in request[1]]

    def test_accepted_then_timeout_is_one_sms(self):
        event = self._book_with_reminder()
        self.twilio.lose_next_answer(accepted=True)
        self._run_cron_at("2026-11-16 10:05:00")
        self.assertEqual(len(self.twilio.messages), 1, "Twilio accepted it")
        self.assertEqual(event.casework_sms_state, "failed", "Odoo got no answer")
        for when in ("2026-11-16 10:20:00", "2026-11-16 10:35:00", "2026-11-16 10:50:00"):
            self._run_cron_at(when)
        self.assertEqual(len(self.twilio.messages), 1, "one SMS reached Twilio, not three")
        self.assertEqual(event.casework_sms_state, "sent")
        self.assertFalse(event.casework_sms_error)
        self.assertEqual(event.casework_sms_attempts, 1)
        lookups = self._lookups()
        self.assertEqual(len(lookups), 1, "asked once, then known as sent")
        path, query, status = lookups[0]
        self.assertEqual((query["To"], query["DateSent>"], status), ("+33612345678", "2026-11-16", 200), "48 h before")
        sms = self.env["sms.sms"].sudo().search([("uuid", "=", event.casework_sms_uuid)])
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.sms_twilio_sid, self.twilio.messages[0]["sid"], "Twilio's reports reach it")

    def test_lost_before_twilio_is_sent_again(self):
        event = self._book_with_reminder()
        self.twilio.lose_next_answer(accepted=False)
        self._run_cron_at("2026-11-16 10:05:00")
        self.assertFalse(self.twilio.messages)
        self.assertEqual(event.casework_sms_state, "failed")
        self._run_cron_at("2026-11-16 10:20:00")
        self.assertEqual(len(self.twilio.messages), 1)
        self.assertEqual(event.casework_sms_state, "sent")
        self.assertEqual(event.casework_sms_attempts, 2)
        self.assertEqual(len(self._lookups()), 1)

    def test_another_text_to_the_number_is_not_the_reminder(self):
        """Moved in between, the reminder's text changed: Twilio's message
        of the old text is not the reminder of the new slot."""
        event = self._book_with_reminder()
        self.twilio.lose_next_answer(accepted=True)
        self._run_cron_at("2026-11-16 10:05:00")
        with freeze_time("2026-11-16 10:10:00"):
            event.with_user(self.referent).write({"start": datetime(2026, 11, 18, 14, 0),
                                                  "stop": datetime(2026, 11, 18, 15, 0)})
        self._run_cron_at("2026-11-16 14:05:00")
        self.assertEqual(len(self.twilio.messages), 2)
        self.assertIn("à 15:00", self.twilio.messages[1]["Body"])

    def test_twilio_not_answering_the_question_sends_nothing(self):
        event = self._book_with_reminder()
        self.twilio.lose_next_answer(accepted=True)
        self._run_cron_at("2026-11-16 10:05:00")
        self.twilio.fail_next(503, None, "Service Unavailable")
        self._run_cron_at("2026-11-16 10:20:00")
        self.assertEqual(len(self.twilio.messages), 1)
        self.assertEqual((event.casework_sms_state, event.casework_sms_attempts), ("failed", 2))
        self.assertIn("could not be asked", event.casework_sms_error)
        self._run_cron_at("2026-11-16 10:35:00")
        self.assertEqual(len(self.twilio.messages), 1)
        self.assertEqual(event.casework_sms_state, "sent")

    def test_refused_send_is_retried_without_asking(self):
        """Twilio answered with an error: it did not accept the message, it
        is sent again without a question."""
        event = self._book_with_reminder()
        self.twilio.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
        self._run_cron_at("2026-11-16 10:05:00")
        self._run_cron_at("2026-11-16 10:20:00")
        self.assertEqual(event.casework_sms_state, "sent")
        self.assertFalse(self._lookups())


@tagged("post_install", "-at_install")
class TestSmsReminderCallback(SmsReminderCommon, HttpCase):
    """Twilio's status callback (``sms_twilio``'s controller) records the
    delivery on the appointment."""

    def _send_reminder(self):
        now = fields.Datetime.now().replace(microsecond=0)
        event = self._book(start=now + timedelta(days=3), casework_sms_reminder=True)
        event.sudo().write({"start": now + timedelta(hours=47), "stop": now + timedelta(hours=48)})
        self.Event._cron_casework_send_sms_reminders()
        self.assertEqual(event.casework_sms_state, "sent")
        return event

    def _callback(self, event, status, signed=True, **extra):
        params = {"SmsStatus": status, "MessageStatus": status, "AccountSid": ACCOUNT_SID,
                  "MessageSid": self.twilio.messages[-1]["sid"], "To": "+33612345678", **extra}
        url = get_twilio_status_callback_url(self.env.company, event.casework_sms_uuid)
        signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params) if signed else "forged"
        path = f"/sms_twilio/status/{event.casework_sms_uuid}"
        return self.url_open(path, data=params, headers={"X-Twilio-Signature": signature})

    def test_delivered(self):
        event = self._send_reminder()
        response = self._callback(event, "delivered")
        self.assertEqual(response.status_code, 200)
        event.invalidate_recordset()
        self.assertEqual(event.casework_sms_state, "delivered")

    def test_undelivered_with_error(self):
        event = self._send_reminder()
        self._callback(event, "undelivered", ErrorCode="30003", ErrorMessage="Unreachable destination handset")
        event.invalidate_recordset()
        self.assertEqual(event.casework_sms_state, "undelivered")
        self.assertIn("Unreachable destination handset", event.casework_sms_error)
        self.Event._cron_casework_send_sms_reminders()
        self.assertEqual(len(self.twilio.messages), 1, "an undelivered reminder is not sent again")

    def test_forged_callback_ignored(self):
        event = self._send_reminder()
        response = self._callback(event, "delivered", signed=False)
        self.assertEqual(response.status_code, 404)
        event.invalidate_recordset()
        self.assertEqual(event.casework_sms_state, "sent")
