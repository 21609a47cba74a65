from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ReportsCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestAlerts(ReportsCommon):
    """Subscribing, pinning, the filter remembered per user, the counts as
    the user (a badge never counts a dossier they cannot open), and each
    user's subscriptions and filter private to them."""

    def _counts(self, user, pinned_only=True):
        result = self.env["casework.alert.subscription"].with_user(user).casework_alert_counts(pinned_only)
        return {entry["name"]: entry["count"] for entry in result}

    def test_subscribe_pin_and_counts_per_role(self):
        closed = self.env.ref("casework_reports.casework_alert_closed_rights")
        renew = self.env.ref("casework_reports.casework_alert_contracts_to_renew")
        for user in (self.referent, self.secretariat, self.referent_other, self.admin):
            (closed | renew).with_user(user).action_subscribe()
        self.assertTrue(closed.with_user(self.referent).is_subscribed)
        # subscribing twice changes nothing
        closed.with_user(self.referent).action_subscribe()
        self.assertEqual(self.env["casework.alert.subscription"].search_count(
            [("user_id", "=", self.referent.id)]), 2)
        self.assertEqual(self._counts(self.referent), {closed.name: 1, renew.name: 1})
        self.assertEqual(self._counts(self.secretariat), {closed.name: 1, renew.name: 1})
        self.assertEqual(self._counts(self.referent_other), {closed.name: 0, renew.name: 0})
        # the administrator reads the south dossier too (whose contract ended 14 days ago)
        self.assertEqual(self._counts(self.admin), {closed.name: 2, renew.name: 2})
        # unpinned: off the dashboard, still in "My alerts"
        mine = self.env["casework.alert.subscription"].with_user(self.referent).search([("alert_id", "=", renew.id)])
        mine.action_unpin()
        self.assertEqual(self._counts(self.referent), {closed.name: 1})
        self.assertEqual(self._counts(self.referent, pinned_only=False), {closed.name: 1, renew.name: 1})
        # the alert's list: the same rows, as the user
        entry = self.env["casework.alert.subscription"].with_user(self.referent).casework_alert_counts()[0]
        Model = self.env[entry["action"]["res_model"]].with_user(self.referent)
        self.assertEqual(Model.search(entry["action"]["domain"]), self.dossier_north)
        closed.with_user(self.referent).action_unsubscribe()
        self.assertEqual(self._counts(self.referent), {})

    def test_every_alert_counts(self):
        """Every alert of the catalogue counts as a secretary, an FSE
        manager, a référent, with known answers on the fixture."""
        alerts = self.env["casework.alert"].search([])
        self._subscribe(self.secretariat, *alerts.mapped("code"))
        counts = {entry["name"]: entry["count"] for entry in self.env["casework.alert.subscription"]
                  .with_user(self.secretariat).casework_alert_counts()}
        # the default filter keeps the active file: dossier_north_other exited its RSA enrolment
        self.assertEqual(counts, {
            "Dossiers with a missing required characteristic": 1,  # dossier_north: no SDD / NSDD
            "Contracts to renew within 30 days": 1,
            "Veilles ending within 15 days": 0,
            "Steps ending within 15 days": 0,
            "Exits to record": 1,
            "Closed rights in an active file": 1,
            "Dossiers without contract": 0,
            "Formal notice requests to process": 0,
            "Open notes assigned to me": 0,
        })

    def test_filter_remembered_and_applied(self):
        self._subscribe(self.secretariat, "formal_notices", "without_contract", "closed_rights")
        Preference = self.env["casework.alert.preference"].with_user(self.secretariat)
        action = Preference.action_open_mine()
        preference = Preference.browse(action["res_id"])
        self.assertEqual((preference.user_id, preference.situation), (self.secretariat, "active"))
        # the exited dossier (dossier_north_other) counts once the situation is "exited" or "all"
        preference.situation = "exited"
        counts = self._counts(self.secretariat)
        self.assertEqual(counts, {"Formal notice requests to process": 1, "Dossiers without contract": 1,
                                  "Closed rights in an active file": 0})
        preference.situation = "all"
        self.assertEqual(self._counts(self.secretariat), {
            "Formal notice requests to process": 1, "Dossiers without contract": 1,
            "Closed rights in an active file": 1})
        # a programme the dossiers are not enrolled in: nothing, for every alert
        preference.program_ids = [Command.set(self.plie.ids)]
        self.assertEqual(set(self._counts(self.secretariat).values()), {0})
        # remembered: the same filter the next time, opened again
        self.assertEqual(Preference.action_open_mine()["res_id"], preference.id)
        self.assertEqual(self.env["casework.alert.preference"].search_count(
            [("user_id", "=", self.secretariat.id)]), 1)

    def test_private_to_their_user(self):
        mine = self._subscribe(self.referent, "closed_rights")
        preference = self.env["casework.alert.preference"].create({"user_id": self.referent.id})
        Subscription = self.env["casework.alert.subscription"]
        for other in (self.referent_other, self.secretariat, self.admin):
            self.assertFalse(Subscription.with_user(other).search([("id", "=", mine.id)]))
            with self.assertRaises(AccessError):
                mine.with_user(other).read(["pinned"])
            with self.assertRaises(AccessError):
                mine.with_user(other).write({"pinned": False})
            with self.assertRaises(AccessError):
                mine.with_user(other).unlink()
            with self.assertRaises(AccessError):
                preference.with_user(other).write({"situation": "all"})
        # nobody subscribes a colleague, nor gives away their own subscription or filter
        with self.assertRaisesMessage(AccessError, "You may only subscribe yourself"):
            Subscription.with_user(self.secretariat).create({
                "user_id": self.referent.id,
                "alert_id": self.env.ref("casework_reports.casework_alert_exits_to_record").id})
        with self.assertRaisesMessage(AccessError, "stays its user's"):
            mine.with_user(self.referent).write({"user_id": self.referent_other.id})
        with self.assertRaisesMessage(AccessError, "You may only set your own alert filter"):
            self.env["casework.alert.preference"].with_user(self.secretariat).create({"user_id": self.referent.id})
        # finance and operators have no alerts at all
        for user in (self.finance, self.operator):
            with self.assertRaises(AccessError):
                self.env["casework.alert"].with_user(user).search([]).read(["name"])
            with self.assertRaises(AccessError):
                Subscription.with_user(user).casework_alert_counts()

    def test_veilles_and_notes(self):
        enrollment = self.dossier_north.enrollment_ids
        self.env["casework.veille"].create({
            "enrollment_id": enrollment.id, "reason_id": self.veille_reason.id,
            "date_start": date(2026, 11, 1), "date_end": date(2026, 11, 25),
        })
        self.env["casework.note"].create({
            "beneficiary_id": self.dossier_north.id, "name": "Rappeler la CAF", "visibility": "assigned",
            "assigned_user_id": self.referent.id,
        })
        self._subscribe(self.referent, "veilles_ending", "notes_assigned")
        self._subscribe(self.referent_other, "veilles_ending", "notes_assigned")
        self.assertEqual(self._counts(self.referent), {"Veilles ending within 15 days": 1,
                                                       "Open notes assigned to me": 1})
        self.assertEqual(self._counts(self.referent_other), {"Veilles ending within 15 days": 0,
                                                             "Open notes assigned to me": 0})
