import re
from datetime import date

import psycopg2.errors
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import TwoTransactionsCase

from .common import FseCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFseOperation(FseCommon):
    """FSE operations: named by year, one at a time per person, steps
    within the operation's dates."""

    def test_named_by_year(self):
        Offer = self.env["casework.offer"]
        vals = {"classification_id": self.fse_classification.id, "operator_id": self.operator_a.id,
                "date_start": date(2026, 1, 1), "date_end": date(2027, 12, 31)}
        operation = Offer.create({**vals, "name": "FSE 2026-2027 Accompagnateurs emploi du CD07"})
        self.assertTrue(operation.is_fse_operation)
        with self.assertRaisesMessage(ValidationError, "“Accompagnement FSE” should start with “FSE 2026-2027”"):
            Offer.create({**vals, "name": "Accompagnement FSE"})
        with self.assertRaisesMessage(ValidationError, "should start with “FSE 2026”"):
            Offer.create({**vals, "name": "FSE 2025 Accompagnateurs emploi", "date_end": date(2026, 12, 31)})
        # an offer of another classification is named freely
        self.assertFalse(self.offer.is_fse_operation)

    def test_one_operation_at_a_time(self):
        first = self._started_step(self.dossier_north, self.fse_offer, date(2026, 3, 2), self.fse_convention)
        message = ("This person is already on the FSE operation FSE 2026 Accompagnateurs emploi from 03/02/2026 to "
                   "12/31/2026: a person is on one FSE operation at a time.")
        with self.assertRaisesMessage(UserError, message):
            self._propose(offer=self.fse_offer, convention_id=self.fse_convention.id)
        # the counsellor ends the first step: the second one fits after it
        first.write({"state": "done", "date_end": date(2026, 11, 13), "end_reason_id": self.completed.id})
        second = self._propose(offer=self.fse_offer)
        self.assertEqual(second.state, "positioning")
        # moving it back over the first is refused too
        with self.assertRaisesMessage(UserError, "is already on the FSE operation"):
            second.with_user(self.referent).date_planned_start = date(2026, 11, 10)
        # a withdrawn positioning holds no place; other offers do not count
        second.with_user(self.referent).action_cancel()
        again = self._propose(offer=self.fse_offer, date_planned_start=date(2026, 11, 14))
        self.assertTrue(self._propose(offer=self.offer, date_planned_start=date(2026, 11, 2)))
        self.assertEqual(again.state, "positioning")

    def test_steps_within_the_operation(self):
        with self.assertRaisesMessage(ValidationError, "The dates of a step on the FSE operation FSE 2026 "
                                                       "Accompagnateurs emploi (11/16/2026 to 01/15/2027) must lie "
                                                       "within the operation's (01/01/2026 to 12/31/2026)."):
            self._propose(offer=self.fse_offer, date_planned_end=date(2027, 1, 15))
        step = self._propose(offer=self.fse_offer)
        with self.assertRaisesMessage(ValidationError, "must lie within the operation's"):
            self.fse_offer.date_end = date(2026, 12, 1)
        self.assertTrue(step.exists())


@tagged("post_install", "-at_install")
class TestFseConcurrency(TwoTransactionsCase):
    """Two enrolments of one person on FSE operations over the same months,
    in two transactions: one succeeds, the other is refused. The data is
    committed by its own cursor and deleted afterwards."""

    def _commit_data(self, env):
        territory = env["casework.territory"].create({"name": "Concurrence FSE", "code": "T-CFSE"})
        dossier = env["casework.beneficiary"].create({
            "civility": "mme", "first_name": "Anne", "usage_name": "Concurrence",
            "birth_date": date(1990, 5, 4), "territory_id": territory.id,
        })
        operator = env["res.partner"].create({"name": "Opérateur FSE concurrent", "is_company": True})
        classification = env.ref("casework_fse.offer_classification_fse")
        offers = env["casework.offer"].create([{
            "name": f"FSE 2026 {title}", "classification_id": classification.id, "operator_id": operator.id,
            "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
        } for title in ("Accompagnateurs emploi", "Remobilisation")])
        return {"territory": territory.id, "dossier": dossier.id, "operator": operator.id, "offers": offers.ids}

    def _delete_data(self, env, data):
        env["casework.step"].search([("offer_id", "in", data["offers"])]).unlink()
        env["casework.offer"].browse(data["offers"]).unlink()
        env["res.partner"].browse(data["operator"]).unlink()
        env["casework.beneficiary"].browse(data["dossier"]).unlink()
        env["casework.territory"].browse(data["territory"]).unlink()

    def _enrol(self, env, index):
        return env["casework.step"].create({
            "beneficiary_id": self.data["dossier"], "offer_id": self.data["offers"][index],
            "date_planned_start": date(2026, 3, 2), "date_planned_end": date(2026, 6, 30),
        })

    def _steps(self):
        return self._read_committed(
            lambda env: env["casework.step"].search_count([("offer_id", "in", self.data["offers"])]))

    def test_second_enrolment_while_the_first_holds_the_dossier(self):
        env1, env2 = self.envs
        self._enrol(env1, 0)
        env2.cr.execute("SET LOCAL lock_timeout = '300ms'")
        with self.assertRaises(psycopg2.errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            self._enrol(env2, 1)
        env2.cr.rollback()
        env1.cr.commit()
        with self.assertRaisesRegex(UserError, re.escape("is already on the FSE operation FSE 2026 Accompagnateurs")):
            self._enrol(env2, 1)
        env2.cr.rollback()
        self.assertEqual(self._steps(), 1)

    def test_second_enrolment_after_the_snapshot(self):
        env1, env2 = self.envs
        env2["casework.beneficiary"].browse(self.data["dossier"]).number  # noqa: B018 (the snapshot starts)
        self._enrol(env1, 0)
        env1.cr.commit()
        with self.assertRaises(psycopg2.errors.SerializationFailure), mute_logger("odoo.sql_db"):
            self._enrol(env2, 1)
        env2.cr.rollback()
        env2.invalidate_all()
        with self.assertRaisesRegex(UserError, "is already on the FSE operation"):
            self._enrol(env2, 1)
        env2.cr.rollback()
        self.assertEqual(self._steps(), 1)
