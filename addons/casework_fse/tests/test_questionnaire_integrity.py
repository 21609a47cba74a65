from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import FseCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestQuestionnaireIntegrity(FseCommon):
    """An FSE questionnaire stays with its step and its dossier: neither its
    dossier, moment, survey nor the person filling it in can be rewritten
    over RPC, and whoever reads it is decided by its step, whatever its
    survey's type says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.step = cls._started_step(cls.dossier_north, cls.fse_offer, date(2026, 3, 2), cls.fse_convention)
        cls.step_south = cls._started_step(cls.dossier_south, cls.fse_offer, date(2026, 3, 2), cls.fse_convention)
        cls.survey_user = new_test_user(
            cls.env, login="cw_survey_user", password=PASSWORD, groups="base.group_user,survey.group_survey_user",
        )
        cls.survey_manager = new_test_user(
            cls.env, login="cw_survey_manager", password=PASSWORD, groups="base.group_user,survey.group_survey_manager",
        )
        cls.entry_survey = cls.env.ref("casework_fse.survey_fse_entry")
        cls.exit_survey = cls.env.ref("casework_fse.survey_fse_exit")
        cls.custom_survey = cls.env["survey.survey"].create({"title": "Satisfaction des ateliers",
                                                             "survey_type": "custom"})
        cls.labour_market = cls.env.ref("casework_fse.survey_fse_entry_labour_market")
        cls.unemployed = cls.env.ref("casework_fse.survey_fse_entry_labour_market_unemployed")

    def _answer(self, step=None, user=None):
        """The entry questionnaire of ``step`` opened and answered by ``user``."""
        step, user = step or self.step, user or self.referent
        step.with_user(user).action_open_fse_entry()
        answer = step.sudo().fse_input_ids.filtered(lambda answer: answer.casework_moment == "entry")
        answer.with_user(user)._save_lines(self.labour_market, str(self.unemployed.id))
        return answer

    def test_dossier_moment_and_survey_are_kept(self):
        answer = self._answer()
        mine = answer.with_user(self.referent)
        for vals in (
            {"beneficiary_id": self.dossier_south.id},
            {"casework_moment": "exit"},
            {"survey_id": self.exit_survey.id},
            {"survey_id": self.custom_survey.id},
            {"partner_id": self.referent_south.partner_id.id},
        ):
            with self.assertRaisesMessage(AccessError, "kept by Casework"):
                mine.write(vals)
        # nor through its answers (their survey is the questionnaire's)
        with self.assertRaisesMessage(AccessError, "kept by Casework"):
            mine.user_input_line_ids.write({"survey_id": self.custom_survey.id})
        # nor by moving an answer to another questionnaire
        other = self._answer(step=self.step_south, user=self.referent_south)
        with self.assertRaisesMessage(AccessError, "kept by Casework"):
            mine.user_input_line_ids.write({"user_input_id": other.id})
        answer.invalidate_recordset()
        self.assertEqual((answer.beneficiary_id, answer.casework_moment, answer.survey_id, answer.partner_id),
                         (self.dossier_north, "entry", self.entry_survey, self.referent.partner_id))
        self.assertEqual(self.step.beneficiary_id, self.dossier_north)
        # the referent still fills it in
        mine.write({"state": "done"})
        self.assertEqual(answer.state, "done")

    def test_created_on_the_survey_of_the_step(self):
        Input = self.env["survey.user_input"].with_user(self.referent)
        other_fse = self.env["survey.survey"].create({
            "title": "Entrée FSE 2021-2027 (ancien)", "survey_type": "casework_fse", "casework_fse_moment": "entry",
        })
        for survey in (self.custom_survey, other_fse):
            with self.assertRaisesMessage(UserError, "is not the entry or exit questionnaire of the FSE operation"):
                Input.create({"survey_id": survey.id, "casework_step_id": self.step.id})
        with self.assertRaisesMessage(UserError, "The exit questionnaire opens once the step has its actual end"):
            Input.create({"survey_id": self.exit_survey.id, "casework_step_id": self.step.id})
        with self.assertRaisesMessage(AccessError, "kept by Casework"):
            Input.create({"survey_id": self.entry_survey.id, "casework_step_id": self.step.id,
                          "beneficiary_id": self.dossier_south.id})
        answer = Input.create({"survey_id": self.entry_survey.id, "casework_step_id": self.step.id})
        self.assertEqual((answer.beneficiary_id, answer.casework_moment), (self.dossier_north, "entry"))

    def test_readers_follow_the_step_whatever_the_survey_type(self):
        answer = self._answer()
        Input, Line = self.env["survey.user_input"], self.env["survey.user_input.line"]
        # the answer put on a survey of another type (as by a former flaw): still the dossier's scope
        answer.sudo().survey_id = self.custom_survey
        self.env.flush_all()
        for user in (self.survey_user, self.survey_manager, self.referent_south):
            self.assertFalse(Input.with_user(user).search([("casework_step_id", "!=", False)]), user.login)
            self.assertFalse(Line.with_user(user).search([("user_input_id", "=", answer.id)]), user.login)
            with self.assertRaises(AccessError):
                answer.with_user(user).read(["casework_step_id"])
            with self.assertRaises(AccessError):
                answer.user_input_line_ids.with_user(user).read(["suggested_answer_id"])

    def test_fse_survey_type_and_moment_are_kept_once_answered(self):
        answer = self._answer()
        manager = self.entry_survey.with_user(self.survey_manager)
        for vals in ({"survey_type": "survey"}, {"casework_fse_moment": "exit"}):
            with self.assertRaisesMessage(UserError, "already has answers in Casework"):
                manager.write(vals)
            with self.assertRaisesMessage(UserError, "already has answers in Casework"):
                self.entry_survey.with_user(self.admin).write(vals)
        # the title may change; and the lines of every territory stay out of reach
        manager.write({"title": "Questionnaire d'entrée FSE+"})
        self.assertFalse(self.env["survey.user_input.line"].with_user(self.survey_manager).search(
            [("user_input_id", "=", answer.id)]))
        # a survey without Casework answers may still change its type
        self.exit_survey.with_user(self.admin).write({"casework_fse_moment": "entry"})
        self.custom_survey.with_user(self.survey_manager).write({"survey_type": "survey"})
