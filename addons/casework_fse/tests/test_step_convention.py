from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import FseCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestStepOnConvention(FseCommon):
    """A step attached to a convention (passage sur convention), and its
    forecast against its realised figures."""

    def test_the_form_proposes_the_convention_of_the_offer(self):
        with Form(self.env["casework.step"].with_user(self.referent)) as form:
            form.beneficiary_id = self.dossier_north
            form.offer_id = self.offer
            self.assertEqual(form.convention_id, self.convention)
            form.convention_hours_planned = 6.0
        step = form.record
        self.assertEqual(step.convention_id, self.convention)
        self.assertTrue(step.with_user(self.referent).is_offer_funded)
        self.assertFalse(self.offer_multi.is_funded)
        # no convention funds this offer: none proposed
        with Form(self.env["casework.step"].with_user(self.referent)) as form:
            form.beneficiary_id = self.dossier_north
            form.offer_id = self.offer_sessions
            form.session_id = self.session
            self.assertFalse(form.convention_id)

    def test_the_convention_funds_the_offer_over_the_step(self):
        with self.assertRaisesMessage(ValidationError, "The convention CD07-2026-014 – Ateliers emploi 2026 does not "
                                                       "fund the offer Permis B accompagné."):
            self._propose(offer=self.offer_multi, operator_id=self.operator_a.id,
                          convention_id=self.convention.id)
        self.convention.date_end = date(2026, 11, 30)
        with self.assertRaisesMessage(ValidationError, "is valid from 01/01/2026 to 11/30/2026: the step "
                                                       "(11/16/2026 to 12/18/2026) must lie within it."):
            self._propose(convention_id=self.convention.id)
        step = self._propose(convention_id=self.convention.id, date_planned_end=date(2026, 11, 27))
        # the convention may not leave its steps out
        with self.assertRaisesMessage(ValidationError, "must lie within it"):
            self.convention.with_user(self.finance).date_end = date(2026, 11, 20)
        with self.assertRaisesMessage(ValidationError, "does not fund the offer"):
            self.convention.with_user(self.finance).offer_ids = [Command.clear()]
        self.assertEqual(step.convention_id, self.convention)

    def test_realised_by_the_hour(self):
        step = self._started_step(self.dossier_north, self.offer, date(2026, 11, 2), self.convention,
                                  convention_hours_planned=6.0)
        other = self._started_step(self.dossier_south, self.offer, date(2026, 11, 2), self.convention)
        self._attend(step, self.session_1)
        self._attend(step, self.session_2, hours=3.5)
        self._attend(other, self.session_2)
        early = self.convention._get_realised_amounts(date(2026, 11, 1), date(2026, 11, 5))
        self.assertEqual(early, {step.id: {"hours": 4.0, "amount": 160.0}})
        self.assertEqual(self.convention._get_attendance_hours(date(2026, 11, 1), date(2026, 11, 30)),
                         {step.id: 7.5, other.id: 4.0})
        self.assertEqual(self.convention._get_realised_amounts(steps=other),
                         {other.id: {"hours": 4.0, "amount": 160.0}})
        # the period outside the convention's validity earns nothing
        self.assertEqual(self.convention._get_realised_amounts(date(2027, 1, 1), date(2027, 1, 31)), {})
        self.assertEqual(step.convention_amount_planned, 240.0)
        self.assertEqual(step.convention_amount_earned, 300.0)
        self.assertEqual(step.convention_amount_remaining, -60.0)
        self.assertTrue(step.is_over_hours)
        self.assertEqual(step.convention_amount_invoiced, 0.0)
        # finance reads the convention's figures, not the steps
        convention = self.convention.with_user(self.finance)
        self.assertEqual((convention.step_count, convention.participant_count), (2, 2))
        self.assertEqual(convention.hours_attended, 11.5)
        self.assertEqual(convention.amount_earned, 460.0)
        self.assertEqual(convention.amount_remaining, 3540.0)
        self.assertEqual(convention.hours_remaining, 88.5)
        self.assertFalse(convention.is_over_hours)
        with self.assertRaises(AccessError):
            step.with_user(self.finance).read(["attendance_hours"])
        # the référent reads the step and its convention's name, not its figures
        self.assertEqual(step.with_user(self.referent).convention_id.display_name,
                         "CD07-2026-014 – Ateliers emploi 2026")
        with self.assertRaises(AccessError):
            step.with_user(self.referent).read(["convention_amount_earned"])
        self.assertEqual(step.with_user(self.fse).convention_amount_earned, 300.0)

    def test_warning_when_the_realised_exceeds_the_funded_hours(self):
        self.convention.funded_hours = 6.0
        step = self._started_step(self.dossier_north, self.offer, date(2026, 11, 2), self.convention)
        self._attend(step, self.session_1)
        self.assertFalse(self.convention.warning_message)
        self._attend(step, self.session_2)
        self.convention.invalidate_recordset()
        self.assertTrue(self.convention.is_over_hours)
        self.assertEqual(self.convention.with_user(self.finance).warning_message,
                         "8.0 hours attended exceed the 6.0 hours funded.")

    def test_flat_fees(self):
        first = self._started_step(self.dossier_north, self.fse_offer, date(2026, 2, 2), self.fse_convention,
                                   date_planned_end=date(2026, 6, 30))
        first.write({"state": "done", "date_end": date(2026, 6, 30), "end_reason_id": self.completed.id})
        second = self._started_step(self.dossier_north, self.fse_offer, date(2026, 9, 1), self.fse_convention)
        third = self._started_step(self.dossier_south, self.fse_offer, date(2026, 9, 14), self.fse_convention)
        # per participant: once per person, on their first step
        self.assertEqual(self.fse_convention._get_realised_amounts(),
                         {first.id: {"hours": 0.0, "amount": 600.0}, third.id: {"hours": 0.0, "amount": 600.0}})
        self.assertEqual(self.fse_convention._get_realised_amounts(date(2026, 9, 1), date(2026, 9, 30)),
                         {third.id: {"hours": 0.0, "amount": 600.0}})
        self.assertEqual(self.fse_convention._get_realised_amounts(steps=second), {})
        # per step: each step on its actual start
        self.fse_convention.write({"pricing_mode": "step", "flat_fee": 450.0})
        self.assertEqual(
            self.fse_convention._get_realised_amounts(date(2026, 9, 1), date(2026, 9, 30)),
            {second.id: {"hours": 0.0, "amount": 450.0}, third.id: {"hours": 0.0, "amount": 450.0}},
        )
        self.assertEqual(self.fse_convention.with_user(self.finance).amount_earned, 1350.0)
