from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common_step import StepCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestBatchEnrollment(StepCommon):
    """An offer's managers enrol a selection of dossiers of their scope in
    one action; dossiers already on the offer are skipped."""

    def _wizard(self, user, dossiers, offer=None, **vals):
        return self.env["casework.step.enroll.wizard"].with_user(user).create({
            "beneficiary_ids": [Command.set(dossiers.ids)], "offer_id": (offer or self.offer).id, **vals,
        })

    def test_manager_enrols_the_dossiers_of_the_territory(self):
        dossiers = self.dossier_north | self.dossier_north_other
        action = self._wizard(self.manager, dossiers).action_enroll()
        steps = self.env["casework.step"].search([("offer_id", "=", self.offer.id)])
        self.assertEqual(steps.beneficiary_id, dossiers)
        self.assertEqual(set(steps.mapped("state")), {"positioning"})
        self.assertEqual(steps.mapped("date_planned_start"), [date(2026, 11, 15)] * 2, "the offer's, from today")
        self.assertEqual(steps.mapped("date_planned_end"), [date(2026, 12, 31)] * 2)
        self.assertEqual(steps.operator_id, self.operator_a)
        self.assertEqual(action["params"]["message"], "2 dossiers enrolled on Atelier CV et lettre de motivation.")
        self.assertEqual(action["params"]["next"]["res_model"], "casework.step")
        with self.assertRaisesMessage(AccessError, "within your scope"):
            self._wizard(self.manager, self.dossier_north | self.dossier_south)

    def test_already_on_the_offer_are_skipped(self):
        self._propose()
        withdrawn = self._propose(dossier=self.dossier_north_other, user=self.referent_other)
        withdrawn.action_cancel()
        action = self._wizard(self.manager, self.dossier_north | self.dossier_north_other).action_enroll()
        self.assertEqual(action["params"]["message"], (
            "1 dossiers enrolled on Atelier CV et lettre de motivation; 1 skipped, already on the offer: "
            f"{self.dossier_north.display_name}."
        ))
        self.assertEqual(action["params"]["type"], "warning")
        steps = self.env["casework.step"].search([("offer_id", "=", self.offer.id)])
        self.assertEqual(len(steps), 3, "a withdrawn positioning does not count")

    def test_as_steps_on_a_session_of_a_multi_operator_offer(self):
        offer = self.offer_multi
        offer.use_sessions = True
        session = self.env["casework.offer.session"].create({
            "name": "Code de la route", "offer_id": offer.id, "capacity": 5,
            "date_start": "2026-11-09 08:00:00", "date_end": "2026-11-20 16:00:00",
        })
        wizard = self._wizard(self.manager, self.dossier_north | self.dossier_north_other, offer=offer,
                              session_id=session.id, operator_id=self.operator_b.id, state="step",
                              date_start=date(2026, 11, 9))
        self.assertEqual((wizard.date_planned_start, wizard.date_planned_end), (date(2026, 11, 9), date(2026, 11, 20)))
        wizard.action_enroll()
        steps = session.step_ids
        self.assertEqual(len(steps), 2)
        self.assertEqual(set(steps.mapped("state")), {"step"})
        self.assertEqual(steps.operator_id, self.operator_b)
        self.assertEqual(steps.mapped("date_start"), [date(2026, 11, 9)] * 2)

    def test_who_enrols(self):
        # a referent who does not manage the offer
        with self.assertRaisesMessage(AccessError, "Only the managers of the offer Atelier CV et lettre de "
                                                   "motivation can enrol dossiers on it."):
            self._wizard(self.referent, self.dossier_north)
        # named on the offer: the dossiers of their active file only
        self.offer.manager_ids = self.referent | self.secretariat
        self._wizard(self.referent, self.dossier_north).action_enroll()
        self.assertEqual(self.offer.step_ids.beneficiary_id, self.dossier_north)
        for dossiers in (self.dossier_north_other, self.dossier_south):
            with self.subTest(dossiers=dossiers.ids), self.assertRaisesMessage(AccessError, "within your scope"):
                self._wizard(self.referent, dossiers)
        # the secretariat named on the offer: the dossiers of its territories
        self._wizard(self.secretariat, self.dossier_north_other).action_enroll()
        with self.assertRaisesMessage(AccessError, "within your scope"):
            self._wizard(self.secretariat, self.dossier_south)
        # the offer manager group
        offer_manager = self.referent_south
        offer_manager.group_ids = [Command.link(self.env.ref("casework_offers.group_casework_offer_manager").id)]
        self._wizard(offer_manager, self.dossier_south).action_enroll()
        self.assertEqual(self.offer.step_ids.beneficiary_id, self.dossier_north | self.dossier_north_other
                         | self.dossier_south)
        for user in (self.fse, self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user, self.dossier_north)

    def test_selection_from_the_list_is_checked(self):
        """``active_ids`` are client input: a dossier out of scope is refused
        before anything is shown."""
        Wizard = self.env["casework.step.enroll.wizard"].with_user(self.manager)
        defaults = Wizard.with_context(active_model="casework.beneficiary",
                                       active_ids=self.dossier_north.ids).default_get(["beneficiary_ids"])
        self.assertEqual(defaults["beneficiary_ids"], [Command.set(self.dossier_north.ids)])
        with self.assertRaisesMessage(AccessError, "within your scope"):
            Wizard.with_context(active_model="casework.beneficiary",
                                active_ids=(self.dossier_north | self.dossier_south).ids).default_get(
                ["beneficiary_ids"])
        action = self.env.ref("casework_offers.casework_step_enroll_wizard_action")
        self.assertEqual(action.binding_model_id.model, "casework.beneficiary")

    def test_wizard_private_to_its_creator(self):
        wizard = self._wizard(self.manager, self.dossier_north)
        with self.assertRaises(AccessError):
            wizard.with_user(self.admin).read(["beneficiary_ids"])


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestBatchEnrollmentQueries(StepCommon):
    """Enrolling 500 dossiers takes as many queries as enrolling 50."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many = cls.env["casework.beneficiary"].create([{
            "civility": "m", "first_name": f"Prénom{index}", "usage_name": "Lot", "birth_date": date(1990, 1, 1),
            "territory_id": cls.north.id,
        } for index in range(550)])
        cls.offer_b = cls.offer.copy({"name": "Atelier CV (2)"})

    def _count(self, dossiers, offer):
        wizard = self.env["casework.step.enroll.wizard"].with_user(self.manager).create({
            "beneficiary_ids": [Command.set(dossiers.ids)], "offer_id": offer.id,
        })
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_enroll()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_query_count_does_not_grow(self):
        small = self._count(self.many[:50], self.offer)
        large = self._count(self.many[50:], self.offer_b)
        self.assertEqual(len(self.offer_b.step_ids), 500)
        self.assertLessEqual(large, small + 2, f"50 dossiers: {small} queries, 500: {large}")
        self.assertLess(large, 60)
