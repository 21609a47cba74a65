import re
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.mail.tests.common import MockEmail

from ..models.casework_booking_invitation import BookingRefused
from .common import BookingCommon

TOKEN_RE = re.compile(r"/rdv/([\w-]+)")


@freeze_time("2026-11-16 08:00:00")
@tagged("post_install", "-at_install")
class TestInvitation(BookingCommon, MockEmail):
    """Sending invitations, their tokens, booking, moving and cancelling,
    reminders and figures."""

    def _wizard(self, dossiers, user=None, **values):
        user = user or self.referent
        action = dossiers.with_user(user).action_casework_invite_to_book()
        Wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"])
        with Form(Wizard) as form:
            form.location_id = self.location
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def test_send_by_sms_from_the_dossier(self):
        wizard = self._wizard(self.dossier_north)
        self.assertEqual(wizard.counsellor_ids, self.referent)
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2026, 11, 17), date(2026, 12, 1)))
        wizard.action_send()
        invitation = self.dossier_north.with_user(self.referent).booking_invitation_ids
        self.assertEqual(len(invitation), 1)
        self.assertEqual((invitation.state, invitation.sms_state, invitation.user_id), ("sent", "sent", self.referent))
        self.assertEqual(len(self.twilio.messages), 1)
        message = self.twilio.messages[0]
        self.assertEqual(message["To"], "+33612345678")
        self.assertIn("Bonjour Marie,", message["Body"])
        self.assertNotIn("Dupont", message["Body"])
        token = message["Body"].rsplit("/rdv/", 1)[1]
        # only an HMAC of the token is stored; the token opens this invitation only
        stored = invitation.sudo().token_hash
        self.assertNotIn(token, stored)
        self.assertEqual(self.Invitation._casework_from_token(token), invitation.sudo())
        self.assertFalse(self.Invitation._casework_from_token(token[:-1] + ("A" if token[-1] != "A" else "B")))
        self.assertFalse(self.Invitation._casework_from_token(stored))
        self.assertFalse(self.env["sms.sms"].sudo().search([("body", "like", token)]), "the sent SMS is not kept")

    def test_send_by_email_and_collective(self):
        self.dossier_north.phone = False
        dossiers = self.dossier_north | self.dossier_north_other
        self.referent.casework_calendar_share_ids = [Command.link(self.secretariat.id)]
        with self.mock_mail_gateway(mail_unlink_sent=True):
            self._wizard(dossiers, user=self.secretariat, send_sms=False, send_email=True).action_send()
        invitations = self.Invitation.with_user(self.secretariat).search([("beneficiary_id", "in", dossiers.ids)])
        self.assertEqual(len(invitations), 2)
        self.assertEqual(set(invitations.mapped("email_state")), {"sent"})
        body = self._sent_body("marie.dupont@example.org")
        self.assertIn("Bonjour Marie", body)
        self.assertFalse(self.twilio.messages)
        # the link opens the booking: once sent, Odoo keeps it nowhere (no mail in the queue, no message on
        # the invitations, which the dossier's scope reads)
        token = TOKEN_RE.search(body)[1]
        self.assertTrue(self.Invitation._casework_from_token(token))
        self.assertFalse(self.env["mail.mail"].sudo().search([("body_html", "like", token)]))
        self.assertFalse(self.env["mail.message"].sudo().search([("body", "like", token)]))
        self.assertFalse(self.env["mail.message"].sudo().search([
            ("model", "=", "casework.booking.invitation"), ("res_id", "in", invitations.ids),
        ]))

    def _sent_body(self, email):
        """The body of the one e-mail sent to ``email`` (at the SMTP boundary)."""
        bodies = [mail["body"] for mail in self._mails if email in str(mail["email_to"])]
        self.assertEqual(len(bodies), 1)
        return bodies[0]

    def test_email_not_sent_keeps_no_link(self):
        invitation, _token = self._invite(send_sms=False, send_email=True)
        # the outgoing mail server refuses the mail (faked at the SMTP boundary)
        refused = MailDeliveryException("Connection refused by the SMTP server")
        with self.mock_mail_gateway(mail_unlink_sent=True), \
                patch.object(self.registry["ir.mail_server"], "send_email", side_effect=refused), \
                mute_logger("odoo.addons.mail.models.mail_mail"):
            invitation.with_user(self.referent).action_send()
        self.assertEqual(invitation.email_state, "failed")
        self.assertTrue(invitation.email_error)
        self.assertFalse(self.env["mail.mail"].sudo().search([("body_html", "like", "/rdv/")]))
        self.assertFalse(self.env["mail.message"].sudo().search([("body", "like", "/rdv/")]))

    def test_texts_in_the_language_of_their_readers(self):
        """The public page runs as the public user (in English): the texts for
        the person are in the dossier's language, the chatter's notes in the
        sender's."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_booking"], ["fr_FR"], overwrite=True)
        self.dossier_north.partner_id.lang = "fr_FR"
        self.referent.lang = "fr_FR"
        invitation, _token = self._invite(send_email=True)
        with self.mock_mail_gateway(mail_unlink_sent=True):
            invitation.with_user(self.referent).action_send()
        body = self._sent_body("marie.dupont@example.org")
        self.assertIn("27/11/2026", body)
        self.assertNotIn("11/27/2026", body)
        public = self.env.ref("base.public_user")
        opened = self.Invitation.with_user(public).with_context(lang="en_US")._casework_from_token(
            TOKEN_RE.search(body)[1],
        )
        opened._casework_book(datetime(2026, 11, 23, 8, 0), self.referent.id)
        self.assertIn("La personne a pris rendez-vous le 23/11/2026 09:00", self.dossier_north.message_ids[:1].body)
        self.assertIn(f"SUMMARY:Rendez-vous avec {self.referent.name}", opened._casework_ics().decode())
        opened._casework_cancel()
        self.assertIn("La personne a annulé son rendez-vous du 23/11/2026 09:00",
                      self.dossier_north.message_ids[:1].body)

    def test_refusals_when_sending(self):
        # nobody to reach: nothing is created
        self.dossier_north.phone = "04 75 12 34 56"
        with self.assertRaisesMessage(UserError, "cannot be reached"):
            self._wizard(self.dossier_north).action_send()
        self.assertFalse(self.Invitation.search([("beneficiary_id", "=", self.dossier_north.id)]))
        with self.assertRaisesMessage(UserError, "cannot start in the past"):
            self._wizard(self.dossier_north, date_from=date(2026, 11, 10)).action_send()
        with self.assertRaisesMessage(UserError, "by SMS, by e-mail or both"):
            self._wizard(self.dossier_north, send_sms=False).action_send()
        # a colleague who does not share their calendar
        with self.assertRaisesMessage(UserError, "does not share their calendar"):
            self._invite(counsellor_ids=[Command.set(self.referent_south.ids)])
        # a colleague sharing it but not following the dossier
        self.referent_other.casework_calendar_share_ids = [Command.link(self.referent.id)]
        with self.assertRaisesMessage(UserError, "may not read the dossier"):
            self._invite(counsellor_ids=[Command.set(self.referent_other.ids)])
        # another's name as sender, by value or by the context's default
        with self.assertRaisesMessage(AccessError, "in your own name"):
            self._invite(user_id=self.manager.id)
        invitation = self.Invitation.with_user(self.referent).with_context(default_user_id=self.manager.id).create({
            "beneficiary_id": self.dossier_north.id, "appointment_type_id": self.individual.id,
            "counsellor_ids": [Command.set(self.referent.ids)], "date_from": date(2026, 11, 17),
            "date_to": date(2026, 11, 20),
        })
        self.assertEqual(invitation.user_id, self.referent)
        with self.assertRaises(ValidationError):
            self._invite(date_from=date(2026, 11, 27), date_to=date(2026, 11, 23))

    def test_scope_of_invitations(self):
        invitation, _token = self._invite()
        for user in (self.referent, self.secretariat, self.manager, self.admin):
            self.assertTrue(invitation.with_user(user).read(["state"]))
        for user in (self.referent_other, self.referent_south, self.finance, self.operator, self.outsider):
            with self.assertRaises(AccessError):
                invitation.with_user(user).read(["state"])
            with self.assertRaises(AccessError):
                invitation.with_user(user).action_revoke()
        # out of scope: the wizard refuses the dossier
        with self.assertRaises(AccessError):
            self._wizard(self.dossier_south)
        with self.assertRaises(AccessError):
            self._invite(dossier=self.dossier_south)
        # system fields
        with self.assertRaises(AccessError):
            invitation.with_user(self.referent).write({"state": "booked"})
        with self.assertRaises(AccessError):
            invitation.with_user(self.referent).write({"token_hash": "x"})
        with self.assertRaisesMessage(UserError, "revoke it and send a new one"):
            invitation.with_user(self.referent).write({"date_to": date(2026, 12, 31)})

    def test_token_rules(self):
        invitation, token = self._invite()
        sudo = invitation.sudo()
        self.assertEqual(self.Invitation._casework_from_token(token), sudo)
        for wrong in ("", "x" * 65, "abc", None):
            self.assertFalse(self.Invitation._casework_from_token(wrong))
        # a new link kills the previous one
        invitation.with_user(self.referent).action_send()
        self.assertFalse(self.Invitation._casework_from_token(token))
        token = invitation.sudo()._casework_new_token()
        # revoked
        invitation.with_user(self.referent).action_revoke()
        self.assertEqual(invitation.state, "revoked")
        self.assertFalse(self.Invitation._casework_from_token(token))
        # expired at the end of the window (the Casework day)
        invitation, token = self._invite()
        with freeze_time("2026-11-27 22:30:00"):  # 23:30 in Paris, last day
            self.assertTrue(self.Invitation._casework_from_token(token))
        with freeze_time("2026-11-27 23:30:00"):  # 00:30 on the 28th
            self.assertFalse(self.Invitation._casework_from_token(token))
        self.assertEqual(invitation.state, "expired")

    def test_book_as_the_counsellor_would(self):
        invitation, token = self._invite()
        sudo = self.Invitation._casework_from_token(token)
        start, _stop, user = sudo._casework_free_slots()[0]
        self.assertEqual(start, datetime(2026, 11, 23, 8, 0))
        event = sudo._casework_book(start, user.id)
        self.assertEqual(invitation.state, "booked")
        self.assertEqual(invitation.event_id, event)
        event = event.sudo()
        self.assertEqual(event.casework_beneficiary_id, self.dossier_north)
        self.assertEqual(event.user_id, self.referent)
        self.assertEqual(event.create_uid, self.referent, "booked in the name of the sender")
        self.assertEqual(event.casework_appointment_type_id, self.individual)
        self.assertEqual(event.casework_theme_id, self.theme_cer)
        self.assertEqual(event.casework_location_id, self.location)
        self.assertEqual(event.casework_outcome, "planned")
        self.assertTrue(event.casework_sms_reminder)
        self.assertEqual(event.casework_sms_state, "to_send")
        self.assertIn(self.dossier_north.partner_id, event.partner_ids)
        self.assertEqual((event.start, event.stop), (datetime(2026, 11, 23, 8, 0), datetime(2026, 11, 23, 9, 0)))
        message = self.dossier_north.message_ids[:1]
        self.assertIn("booked an appointment on 23/11/2026 09:00", message.body)
        self.assertIn(self.referent.partner_id, message.notified_partner_ids | message.partner_ids)
        # the token still opens the booked appointment, not another booking
        self.assertEqual(self.Invitation._casework_from_token(token), sudo)
        self.assertNotIn(start, [slot[0] for slot in sudo._casework_free_slots()])
        ics = sudo._casework_ics().decode()
        self.assertIn("DTSTART:20261123T080000Z", ics)
        self.assertIn("Maison départementale de Privas", ics)
        self.assertNotIn("Dupont", ics)
        self.assertNotIn("DUPONT", ics)

    def test_slot_taken_by_another_invitation(self):
        first, first_token = self._invite()
        second, second_token = self._invite(dossier=self.dossier_north, date_from=date(2026, 11, 23))
        slot = datetime(2026, 11, 23, 8, 0)
        self.Invitation._casework_from_token(first_token)._casework_book(slot, self.referent.id)
        with self.assertRaises(BookingRefused) as refused:
            self.Invitation._casework_from_token(second_token)._casework_book(slot, self.referent.id)
        self.assertEqual(refused.exception.reason, "taken")
        self.assertEqual(second.state, "sent")
        # outside the working hours or the window, or with someone else
        opened = self.Invitation._casework_from_token(second_token)
        for start, user in ((datetime(2026, 11, 23, 6, 0), self.referent), (datetime(2026, 12, 1, 8, 0), self.referent),
                            (datetime(2026, 11, 23, 9, 0), self.referent_other)):
            with self.assertRaises(BookingRefused):
                opened._casework_book(start, user.id)

    def test_move_and_cancel_until_the_deadline(self):
        invitation, token = self._invite()
        opened = self.Invitation._casework_from_token(token)
        event = opened._casework_book(datetime(2026, 11, 23, 8, 0), self.referent.id)
        # moved to the next hour: same appointment, new slot
        moved = opened._casework_book(datetime(2026, 11, 23, 9, 0), self.referent.id)
        self.assertEqual(moved, event)
        self.assertEqual(event.sudo().start, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(len(self.dossier_north.with_user(self.referent).appointment_ids), 1)
        # less than 24 hours before: neither moved nor cancelled
        with freeze_time("2026-11-22 10:00:00"):
            self.assertFalse(opened._casework_can_change())
            with self.assertRaises(BookingRefused) as refused:
                opened._casework_cancel()
            self.assertEqual(refused.exception.reason, "deadline")
            with self.assertRaises(BookingRefused):
                opened._casework_book(datetime(2026, 11, 24, 8, 0), self.referent.id)
        opened._casework_cancel()
        self.assertEqual(invitation.state, "cancelled")
        self.assertEqual(event.sudo().casework_outcome, "excused")
        self.assertFalse(event.sudo().active)
        self.assertFalse(self.Invitation._casework_from_token(token))

    def test_booking_refused_when_the_sender_lost_the_dossier(self):
        invitation, token = self._invite()
        opened = self.Invitation._casework_from_token(token)
        self.dossier_north.assignment_ids.write({"date_end": date(2026, 11, 15)})
        self.env.invalidate_all()
        with self.assertRaises(BookingRefused) as refused:
            opened._casework_book(datetime(2026, 11, 23, 8, 0), self.referent.id)
        self.assertEqual(refused.exception.reason, "closed")

    def test_reminder_then_activity(self):
        self._wizard(self.dossier_north).action_send()
        invitation = self.Invitation.search([("beneficiary_id", "=", self.dossier_north.id)])
        self.twilio.reset()
        with freeze_time("2026-11-18 09:00:00"):
            self.Invitation._cron_casework_expire()
        self.assertFalse(self.twilio.messages, "not yet")
        with freeze_time("2026-11-19 09:00:00"):
            self.Invitation._cron_casework_expire()
            self.Invitation._cron_casework_expire()
        self.assertEqual(len(self.twilio.messages), 1, "one reminder")
        self.assertIn("Rappel", self.twilio.messages[0]["Body"])
        self.assertTrue(invitation.reminder_date)
        activity = self.dossier_north.activity_ids.filtered(lambda a: a.summary == "Invitation without answer")
        self.assertEqual(activity.user_id, self.referent)
        with freeze_time("2026-12-02 09:00:00"):
            self.Invitation._cron_casework_expire()
        self.assertEqual(invitation.state, "expired")

    def test_statistics(self):
        booked, token = self._invite()
        self.Invitation._casework_from_token(token)._casework_book(datetime(2026, 11, 23, 8, 0), self.referent.id)
        self._invite()
        booked.sudo().sent_date = datetime(2026, 11, 16, 8, 0)
        self.Invitation.search([("state", "=", "sent")]).sudo().sent_date = datetime(2026, 11, 16, 8, 0)
        convoked = self._book(start=datetime(2026, 11, 24, 8, 0))
        other = self._book(start=datetime(2026, 11, 25, 8, 0))
        with freeze_time("2026-11-26 08:00:00"):
            booked.event_id.with_user(self.referent).casework_outcome = "held"
            convoked.with_user(self.referent).casework_outcome = "unexcused"
            other.with_user(self.referent).casework_outcome = "held"
        stats = self.Invitation.with_user(self.referent)._casework_booking_statistics()
        self.assertEqual((stats["sent"], stats["booked"], stats["held"]), (2, 1, 1))
        self.assertEqual(stats["booking_rate"], 0.5)
        self.assertEqual((stats["invited"], stats["invited_no_show"], stats["invited_no_show_rate"]), (1, 0, 0.0))
        self.assertEqual((stats["convoked"], stats["convoked_no_show"], stats["convoked_no_show_rate"]), (2, 1, 0.5))
        # out of scope: nothing counted
        stats = self.Invitation.with_user(self.referent_south)._casework_booking_statistics()
        self.assertEqual((stats["sent"], stats["convoked"]), (0, 0))
        self.assertEqual(
            self.Invitation.with_user(self.referent)._casework_booking_statistics(
                date_from=date(2026, 11, 17))["sent"], 0,
        )
