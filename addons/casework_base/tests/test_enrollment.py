from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestEnrollment(CaseworkCommon):
    def setUp(self):
        super().setUp()
        self.enrollment = self.dossier_north.enrollment_ids

    def _veille(self, **vals):
        return self.env["casework.veille"].create(
            {"enrollment_id": self.enrollment.id, "reason_id": self.veille_reason.id, "date_start": date(2026, 10, 1)}
            | vals
        )

    def test_entry_state(self):
        self.assertEqual(self.enrollment.state, "entree")
        self.assertEqual(self.dossier_north.state, "entree")
        self.assertEqual(self.dossier_north.program_ids, self.rsa)

    def test_veille_and_lift_keeps_history(self):
        veille = self._veille(date_end=date(2026, 12, 31))
        self.assertEqual(self.enrollment.state, "veille")
        self.assertEqual(self.dossier_north.state, "veille")
        self.enrollment.action_end_veille()
        self.assertEqual(self.enrollment.state, "entree")
        self.assertEqual(veille.state, "ended")
        self.assertEqual(veille.date_end, date(2026, 11, 15), "lifted today: the planned end is replaced")
        self.assertTrue(veille.exists(), "the veille stays in the history")

    def test_veille_end_date_in_the_past_ends_it(self):
        veille = self._veille()
        veille.date_end = date(2026, 11, 10)
        self.assertEqual(veille.state, "ended")
        self.assertEqual(self.enrollment.state, "entree")

    def test_planned_end_does_not_return_to_entree(self):
        veille = self._veille(date_end=date(2026, 11, 20))
        with freeze_time("2026-12-15"):
            self.enrollment.invalidate_recordset()
            self.assertEqual(self.enrollment.state, "veille", "no automatic return to entrée")
            self.assertEqual(veille.state, "active")

    def test_veille_without_end_date(self):
        veille = self._veille()
        self.assertFalse(veille.date_end)
        self.assertEqual(self.enrollment.state, "veille")
        self.assertFalse(veille.is_ending_soon)
        veille.action_end()
        self.assertEqual(veille.date_end, date(2026, 11, 15))

    def test_delete_veille_leaves_no_trace(self):
        veille = self._veille()
        veille.with_user(self.referent).unlink()
        self.assertEqual(self.enrollment.state, "entree")
        self.assertFalse(self.enrollment.veille_ids)

    def test_ending_soon_list(self):
        soon = self._veille(date_end=date(2026, 12, 1))
        other = self.dossier_north_other.enrollment_ids
        later = self.env["casework.veille"].create(
            {"enrollment_id": other.id, "reason_id": self.veille_reason.id, "date_start": date(2026, 10, 1),
             "date_end": date(2027, 3, 1)}
        )
        found = self.env["casework.veille"].search([("is_ending_soon", "=", True)])
        self.assertIn(soon, found)
        self.assertNotIn(later, found)
        self.env["ir.config_parameter"].set_param("casework_base.veille_alert_days", 120)
        self.assertIn(later, self.env["casework.veille"].search([("is_ending_soon", "=", True)]))

    def test_single_ongoing_veille(self):
        self._veille()
        with self.assertRaises(ValidationError):
            self._veille(date_start=date(2026, 11, 1))

    def test_veille_before_entry_refused(self):
        with self.assertRaisesMessage(ValidationError, "before the entry"):
            self._veille(date_start=date(2025, 12, 1))

    def test_exit_needs_motive_and_consistent_dates(self):
        with self.assertRaisesMessage(ValidationError, "exit motive"):
            self.enrollment.write({"date_exit": date(2026, 11, 1)})
        with self.assertRaises(ValidationError):
            self.enrollment.write({"date_exit": date(2025, 12, 31), "exit_motive_id": self.motive.id})

    def test_exit_ends_ongoing_veille(self):
        veille = self._veille()
        self.enrollment.write({"date_exit": date(2026, 11, 14), "exit_motive_id": self.motive.id})
        self.assertEqual(self.enrollment.state, "sortie")
        self.assertEqual(self.dossier_north.state, "sortie")
        self.assertEqual(veille.state, "ended")
        self.assertEqual(veille.date_end, date(2026, 11, 14))

    def test_successive_and_retroactive_periods(self):
        self.enrollment.write({"date_exit": date(2026, 3, 31), "exit_motive_id": self.motive.id})
        second = self.env["casework.enrollment"].create(
            {"beneficiary_id": self.dossier_north.id, "program_id": self.rsa.id, "date_entry": date(2026, 6, 1)}
        )
        older = self.env["casework.enrollment"].create(
            {"beneficiary_id": self.dossier_north.id, "program_id": self.rsa.id, "date_entry": date(2024, 1, 1),
             "date_exit": date(2024, 12, 31), "exit_motive_id": self.motive.id}
        )
        self.assertEqual(len(self.dossier_north.enrollment_ids), 3)
        self.assertEqual(second.state, "entree")
        self.assertEqual(older.state, "sortie")
        self.assertEqual(self.dossier_north.state, "entree")

    def test_overlapping_periods_refused(self):
        with self.assertRaisesMessage(ValidationError, "cannot overlap"):
            self.env["casework.enrollment"].create(
                {"beneficiary_id": self.dossier_north.id, "program_id": self.rsa.id, "date_entry": date(2026, 6, 1)}
            )
        # another programme may run at the same time
        self.env["casework.enrollment"].create(
            {"beneficiary_id": self.dossier_north.id, "program_id": self.plie.id, "date_entry": date(2026, 6, 1)}
        )

    def test_first_accompaniment_before_entry_refused(self):
        with self.assertRaisesMessage(ValidationError, "first accompaniment"):
            self.enrollment.date_first_accompaniment = date(2025, 1, 1)

    def test_cancel_exit_secretariat_only(self):
        self.enrollment.write({"date_exit": date(2026, 11, 1), "exit_motive_id": self.motive.id})
        with self.assertRaises(AccessError):
            self.enrollment.with_user(self.referent).action_cancel_exit()
        self.enrollment.with_user(self.secretariat).action_cancel_exit()
        self.assertEqual(self.enrollment.state, "entree")
        self.assertFalse(self.enrollment.exit_motive_id)

    def test_veille_form(self):
        action = self.enrollment.with_user(self.referent).action_open_veille_form()
        with Form(self.env["casework.veille"].with_user(self.referent).with_context(**action["context"])) as form:
            form.reason_id = self.veille_reason
            form.date_start = date(2026, 11, 2)
        self.assertEqual(self.enrollment.state, "veille")
