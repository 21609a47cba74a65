from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestAssignment(CaseworkCommon):
    def setUp(self):
        super().setUp()
        self.Assignment = self.env["casework.referent.assignment"]
        self.Beneficiary = self.env["casework.beneficiary"]
        self.parcours = self.dossier_north.assignment_ids

    def _readable_by(self, user, dossier):
        return bool(self.Beneficiary.with_user(user).search([("id", "=", dossier.id)]))

    def test_active_file(self):
        mine = self.Beneficiary.with_user(self.referent).search([("in_my_active_file", "=", True)])
        self.assertEqual(mine, self.dossier_north)
        self.assertEqual(self.dossier_north.referent_id, self.referent)
        self.assertTrue(self.parcours.is_current)

    def test_exit_default_is_end_of_month(self):
        wizard = Form(self.env["casework.assignment.exit"].with_user(self.referent).with_context(
            default_assignment_ids=self.parcours.ids))
        self.assertEqual(wizard.date_end, date(2026, 11, 30))
        wizard.save().action_confirm()
        self.assertEqual(self.parcours.date_end, date(2026, 11, 30))
        self.assertEqual(self.parcours.end_reason, "exit")

    def test_access_ends_the_day_after_the_end_date(self):
        self.parcours.with_user(self.referent).action_exit(date(2026, 11, 15))
        self.assertTrue(self._readable_by(self.referent, self.dossier_north), "end date today: still readable")
        with freeze_time("2026-11-16"):
            self.assertFalse(self._readable_by(self.referent, self.dossier_north), "the day after: no access")

    def test_end_date_yesterday_removes_access(self):
        self.parcours.action_exit(date(2026, 11, 14))
        self.assertFalse(self._readable_by(self.referent, self.dossier_north))
        self.assertFalse(self.dossier_north.referent_id)

    def test_future_start_gives_no_access_yet(self):
        self.Assignment.create({"beneficiary_id": self.dossier_south.id, "user_id": self.referent.id,
                                "role": "etape", "date_start": date(2026, 12, 1), "date_end": date(2026, 12, 31)})
        self.assertFalse(self._readable_by(self.referent, self.dossier_south))
        with freeze_time("2026-12-01"):
            self.assertTrue(self._readable_by(self.referent, self.dossier_south))
        with freeze_time("2027-01-01"):
            self.assertFalse(self._readable_by(self.referent, self.dossier_south))

    def test_stage_referent_needs_end_date(self):
        with self.assertRaisesMessage(ValidationError, "end date"):
            self.Assignment.create({"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id,
                                    "role": "etape", "date_start": date(2026, 11, 1)})

    def test_reorientation_ends_previous_the_same_day(self):
        new = self.Assignment.with_user(self.secretariat).create(
            {"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "parcours",
             "date_start": date(2026, 11, 10)}
        )
        self.assertEqual(self.parcours.date_end, date(2026, 11, 10))
        self.assertEqual(self.parcours.end_reason, "reorientation")
        self.assertEqual(self.dossier_north.referent_id, self.referent_other)
        self.assertTrue(new.is_current)
        self.assertFalse(self._readable_by(self.referent, self.dossier_north))
        self.assertTrue(self._readable_by(self.referent_other, self.dossier_north))

    def test_parcours_referents_of_distinct_programmes_run_side_by_side(self):
        """One référent de parcours per programme: a new one for the PLIE
        leaves the RSA's in place; a new one for the RSA ends only the RSA's;
        one without programme (the whole dossier) ends every other."""
        self.parcours.program_ids = self.rsa
        plie = self.Assignment.with_user(self.secretariat).create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "parcours",
            "date_start": date(2026, 11, 10), "program_ids": [Command.set(self.plie.ids)],
        })
        self.assertFalse(self.parcours.date_end, "the RSA's référent de parcours stays")
        self.assertTrue(self.parcours.is_current and plie.is_current)
        self.assertTrue(self._readable_by(self.referent, self.dossier_north))
        self.assertTrue(self._readable_by(self.referent_other, self.dossier_north))
        rsa = self.Assignment.with_user(self.secretariat).create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.secretariat.id, "role": "parcours",
            "date_start": date(2026, 11, 12), "program_ids": [Command.set(self.rsa.ids)],
        })
        self.assertEqual((self.parcours.date_end, self.parcours.end_reason), (date(2026, 11, 12), "reorientation"))
        self.assertFalse(plie.date_end, "the PLIE's référent de parcours is not the RSA's")
        self.assertTrue(rsa.is_current)
        whole = self.Assignment.with_user(self.secretariat).create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent.id, "role": "parcours",
            "date_start": date(2026, 11, 14),
        })
        self.assertEqual((rsa.date_end, plie.date_end), (date(2026, 11, 14), date(2026, 11, 14)))
        self.assertEqual(self.dossier_north.referent_id, whole.user_id)

    def test_same_day_reorientation(self):
        """The référent assigned this morning is replaced the same day: no
        overlap, the former one ends today, the new one is the référent."""
        dossier = self._create_dossier("Morel", "Léa", self.north, self.referent, start=date(2026, 11, 15))
        first = dossier.assignment_ids
        new = self.Assignment.with_user(self.secretariat).create(
            {"beneficiary_id": dossier.id, "user_id": self.referent_other.id, "role": "parcours",
             "date_start": date(2026, 11, 15)})
        self.assertEqual((first.date_end, first.end_reason), (date(2026, 11, 15), "reorientation"))
        self.assertTrue(new.is_current)
        self.assertEqual(dossier.referent_id, self.referent_other)
        with freeze_time("2026-11-16"):
            self.assertFalse(self._readable_by(self.referent, dossier))

    def test_overlap_message_dates_for_people(self):
        with self.assertRaises(ValidationError) as caught:
            self.Assignment.create({"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id,
                                    "role": "parcours", "date_start": date(2025, 6, 1),
                                    "date_end": date(2026, 2, 1)})
        self.assertNotIn("2026-01-05", str(caught.exception))
        self.assertIn("01/05/2026", str(caught.exception), "the user's language's date format (en_US here)")

    def test_reorientation_hands_the_open_tasks_over(self):
        """By default the former référent's open tasks on the dossier go to
        the new référent; the secretariat may keep them where they are."""
        todo = "mail.mail_activity_data_todo"
        task = self.dossier_north.with_user(self.referent).activity_schedule(
            todo, summary="Relancer l'employeur", user_id=self.referent.id)
        other_task = self.dossier_north.with_user(self.referent).activity_schedule(
            todo, summary="Pour le secrétariat", user_id=self.secretariat.id)
        self.Assignment.with_user(self.secretariat).create(
            {"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "parcours",
             "date_start": date(2026, 11, 15)})
        self.assertEqual(task.user_id, self.referent_other)
        self.assertEqual(other_task.user_id, self.secretariat)
        # without the hand-over (the form's box unticked)
        task_south = self.dossier_south.with_user(self.referent_south).activity_schedule(
            todo, summary="Dossier CAF", user_id=self.referent_south.id)
        self.Assignment.create({"beneficiary_id": self.dossier_south.id, "user_id": self.referent_other.id,
                                "role": "parcours", "date_start": date(2026, 11, 15), "handover_tasks": False})
        self.assertEqual(task_south.user_id, self.referent_south)
        form = Form(self.Assignment.with_user(self.secretariat).with_context(
            default_beneficiary_id=self.dossier_north.id))
        self.assertTrue(form.handover_tasks, "handed over by default")

    def test_reorientations_of_several_dossiers_at_once(self):
        """One create of several référents de parcours (as the daily feed
        does) ends each dossier's current one, in the order given."""
        south = self.dossier_south.assignment_ids
        new = self.Assignment.create([
            {"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "parcours",
             "date_start": date(2026, 11, 10)},
            {"beneficiary_id": self.dossier_south.id, "user_id": self.referent_other.id, "role": "parcours",
             "date_start": date(2026, 11, 12)},
        ])
        self.assertEqual((self.parcours.date_end, south.date_end), (date(2026, 11, 10), date(2026, 11, 12)))
        self.assertEqual(set((self.parcours | south).mapped("end_reason")), {"reorientation"})
        self.assertEqual((self.dossier_north | self.dossier_south).referent_id, self.referent_other)
        self.assertEqual(new.mapped("is_current"), [True, True])

    def test_overlapping_parcours_refused(self):
        with self.assertRaisesMessage(ValidationError, "cannot overlap"):
            self.Assignment.create({"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id,
                                    "role": "parcours", "date_start": date(2026, 1, 5)})
        self.parcours.date_end = date(2026, 6, 30)
        with self.assertRaisesMessage(ValidationError, "cannot overlap"):
            self.Assignment.create({"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id,
                                    "role": "parcours", "date_start": date(2025, 6, 1),
                                    "date_end": date(2026, 2, 1)})

    def test_stage_referent_may_overlap(self):
        stage = self.Assignment.create({"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id,
                                        "role": "etape", "date_start": date(2026, 11, 1),
                                        "date_end": date(2026, 12, 31)})
        self.assertTrue(stage.is_current)
        self.assertEqual(self.dossier_north.referent_id, self.referent, "the lead referent is unchanged")
        self.assertTrue(self._readable_by(self.referent_other, self.dossier_north))

    def test_end_before_start_refused(self):
        with self.assertRaisesMessage(ValidationError, "before the start"):
            self.parcours.action_exit(date(2025, 12, 1))

    def test_cancel_exit_is_for_the_secretariat(self):
        self.parcours.with_user(self.referent).action_exit(date(2026, 11, 30))
        with self.assertRaisesMessage(AccessError, "secretariat"):
            self.parcours.with_user(self.referent).action_cancel_exit()
        with self.assertRaisesMessage(AccessError, "secretariat"):
            self.parcours.with_user(self.referent).write({"date_end": date(2027, 1, 31)})
        # bringing the exit forward is allowed
        self.parcours.with_user(self.referent).write({"date_end": date(2026, 11, 20)})
        self.parcours.with_user(self.secretariat).action_cancel_exit()
        self.assertFalse(self.parcours.date_end)
        self.assertFalse(self.parcours.end_reason)

    def test_referent_cannot_assign_or_reassign(self):
        with self.assertRaises(AccessError):
            self.Assignment.with_user(self.referent).create(
                {"beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "etape",
                 "date_start": date(2026, 11, 1), "date_end": date(2026, 11, 30)})
        with self.assertRaises(AccessError):
            self.parcours.with_user(self.referent).write({"user_id": self.referent_other.id})

    def test_referent_creating_a_dossier_becomes_its_referent(self):
        dossier = self.Beneficiary.with_user(self.referent).create(
            {"civility": "m", "first_name": "Jean", "usage_name": "Neuf", "birth_date": date(1990, 1, 1),
             "territory_id": self.north.id})
        self.assertEqual(dossier.referent_id, self.referent)
        self.assertTrue(self._readable_by(self.referent, dossier))
