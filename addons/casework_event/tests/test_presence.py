from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import EventCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestPresence(EventCommon):
    """The attendee's role: registered, present, absent (and Odoo's state)."""

    def test_present_is_attended(self):
        self.reg_north.with_user(self.referent).action_casework_set_present()
        self.assertEqual(self.reg_north.casework_presence, "present")
        self.assertEqual(self.reg_north.state, "done")
        self.assertTrue(self.reg_north.date_closed)

    def test_absent_stays_registered(self):
        self.reg_north.with_user(self.referent).action_casework_set_absent()
        self.assertEqual(self.reg_north.casework_presence, "absent")
        self.assertEqual(self.reg_north.state, "open")
        # a mistaken presence corrected
        self.reg_north.with_user(self.referent).action_casework_set_present()
        self.reg_north.with_user(self.referent).action_casework_set_registered()
        self.assertEqual((self.reg_north.casework_presence, self.reg_north.state), ("registered", "open"))

    def test_odoo_buttons_keep_the_role(self):
        self.reg_north.with_user(self.referent).action_set_done()
        self.assertEqual(self.reg_north.casework_presence, "present")
        self.reg_north.with_user(self.referent).write({"state": "open"})
        self.assertEqual(self.reg_north.casework_presence, "registered")
        # the barcode desk
        result = self.env["event.registration"].with_user(self.referent).register_attendee(
            self.reg_north.barcode, self.job_fair.id)
        self.assertEqual(result["status"], "not_ongoing_event")

    def test_animator_marks_a_guest(self):
        self.reg_guest.with_user(self.referent).action_casework_set_absent()
        self.assertEqual(self.reg_guest.casework_presence, "absent")

    def test_no_presence_before_the_event(self):
        registration = self.env["event.registration"].with_user(self.referent).create({
            "event_id": self.info_session.id, "casework_beneficiary_id": self.dossier_north.id,
        })
        for action in ("action_casework_set_present", "action_casework_set_absent", "action_set_done"):
            with self.assertRaisesMessage(ValidationError, "has not started yet"):
                getattr(registration.with_user(self.referent), action)()
        self.assertEqual(registration.casework_presence, "registered")

    def test_presence_and_state_agree(self):
        with self.assertRaisesMessage(ValidationError, "present exactly when"):
            self.reg_north.with_user(self.referent).write({"casework_presence": "present", "state": "open"})
