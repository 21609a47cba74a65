from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import EventCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestEventTimeline(EventCommon):
    """A dossier's registrations in its timeline, within its scope."""

    def _entries(self, user, dossier):
        # a SQL view: read again what the registrations changed
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["casework.timeline.entry"].with_user(user).search([
            ("beneficiary_id", "=", dossier.id), ("res_model", "=", "event.registration"),
        ])

    def test_entries_follow_the_role(self):
        entries = self._entries(self.referent, self.dossier_north)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.entry_type, "event_registered")
        self.assertEqual(entries.date, date(2026, 11, 2))
        self.assertEqual(entries.description, "Forum emploi de Privas")
        self.assertEqual(entries.res_id, self.reg_north.id)
        self.reg_north.with_user(self.referent).action_casework_set_present()
        self.assertEqual(self._entries(self.referent, self.dossier_north).entry_type, "event_present")
        self.reg_north.with_user(self.referent).action_casework_set_absent()
        self.assertEqual(self._entries(self.referent, self.dossier_north).entry_type, "event_absent")
        # a cancelled registration leaves the timeline
        self.reg_north.with_user(self.referent).action_cancel()
        self.assertFalse(self._entries(self.referent, self.dossier_north))

    def test_registration_from_the_dossier_shows(self):
        self.env["event.registration"].with_user(self.referent).create({
            "event_id": self.info_session.id, "casework_beneficiary_id": self.dossier_north.id,
        })
        entries = self._entries(self.referent, self.dossier_north)
        self.assertEqual(sorted(entries.mapped("description")), ["Forum emploi de Privas",
                                                                 "Information collective PLIE"])
        self.assertEqual(entries.sorted("date")[-1].date, date(2026, 12, 1))

    def test_entries_within_scope(self):
        self.assertFalse(self._entries(self.referent_south, self.dossier_north))
        self.assertTrue(self._entries(self.secretariat, self.dossier_north))
        self.assertFalse(self._entries(self.referent, self.dossier_south))
        self.assertTrue(self._entries(self.referent_south, self.dossier_south))
        # no entry for an attendee without dossier
        self.assertFalse(self.env["casework.timeline.entry"].search([
            ("res_model", "=", "event.registration"), ("res_id", "=", self.reg_guest.id)]))
