from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import FseCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestQuestionnaire(FseCommon):
    """The entry and exit questionnaires of an FSE step: when they open,
    who fills them in, who reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.step = cls._started_step(cls.dossier_north, cls.fse_offer, date(2026, 3, 2), cls.fse_convention)
        cls.survey_manager = new_test_user(
            cls.env, login="cw_survey_manager", password=PASSWORD, groups="base.group_user,survey.group_survey_manager",
        )
        cls.labour_market = cls.env.ref("casework_fse.survey_fse_entry_labour_market")
        cls.unemployed = cls.env.ref("casework_fse.survey_fse_entry_labour_market_unemployed")

    def _entry(self, user):
        action = self.step.with_user(user).action_open_fse_entry()
        answer = self.step.sudo().fse_input_ids.filtered(lambda answer: answer.casework_moment == "entry")
        self.assertEqual(len(answer), 1)
        return action, answer

    def test_entry_then_exit(self):
        step = self.step.with_user(self.referent)
        self.assertEqual((step.fse_entry_state, step.fse_exit_state), ("missing", "unavailable"))
        with self.assertRaisesMessage(UserError, "The exit questionnaire opens once the step has its actual end"):
            step.action_open_fse_exit()
        action, answer = self._entry(self.referent)
        self.assertEqual(action["url"], f"/survey/start/{answer.survey_id.access_token}?answer_token="
                                        f"{answer.access_token}")
        self.assertEqual(answer.partner_id, self.referent.partner_id)
        self.assertEqual(answer.beneficiary_id, self.dossier_north)
        step.invalidate_recordset()
        self.assertEqual(step.fse_entry_state, "in_progress")
        # the referent answers (as the survey's pages do, under their rights) and submits
        answer.with_user(self.referent)._save_lines(self.labour_market, str(self.unemployed.id))
        answer.with_user(self.referent)._mark_done()
        step.invalidate_recordset()
        self.assertEqual(step.fse_entry_state, "done")
        # a done questionnaire opens read-only
        self.assertIn("/survey/print/", step.action_open_fse_entry()["url"])
        # the exit questionnaire once the step has its actual end
        self.step.write({"state": "done", "date_end": date(2026, 11, 13), "end_reason_id": self.completed.id})
        step.invalidate_recordset()
        self.assertEqual(step.fse_exit_state, "missing")
        self.assertIn("/survey/start/", step.action_open_fse_exit()["url"])

    def test_no_questionnaire_without_convention(self):
        self.step.convention_id = False
        step = self.step.with_user(self.referent)
        self.assertEqual(step.fse_entry_state, "unavailable")
        with self.assertRaisesMessage(UserError, "Attach the step to its convention first"):
            step.action_open_fse_entry()
        with self.assertRaisesMessage(UserError, "Only a step on an FSE operation has FSE questionnaires"):
            self._started_step(self.dossier_south, self.offer, date(2026, 11, 2)).action_open_fse_entry()

    def test_fse_manager_of_the_territory_fills_it_in(self):
        _action, answer = self._entry(self.fse)
        self.assertEqual(answer.partner_id, self.fse.partner_id)
        answer.with_user(self.fse)._save_lines(self.labour_market, str(self.unemployed.id))
        # the referent takes over: the answer is theirs while they fill it in
        self._entry(self.referent)
        self.assertEqual(answer.partner_id, self.referent.partner_id)
        self.assertEqual(answer.with_user(self.referent).user_input_line_ids.suggested_answer_id, self.unemployed)

    def test_who_reads_the_answers(self):
        _action, answer = self._entry(self.referent)
        answer.with_user(self.referent)._save_lines(self.labour_market, str(self.unemployed.id))
        Input, Line = self.env["survey.user_input"], self.env["survey.user_input.line"]
        for user in (self.referent, self.fse, self.secretariat, self.manager, self.admin):
            self.assertEqual(Input.with_user(user).search([("casework_step_id", "=", self.step.id)]), answer,
                             user.login)
            self.assertEqual(len(Line.with_user(user).search([("user_input_id", "=", answer.id)])), 1, user.login)
        for user in (self.referent_other, self.referent_south, self.survey_manager):
            self.assertFalse(Input.with_user(user).search([("survey_id", "=", answer.survey_id.id)]), user.login)
            self.assertFalse(Line.with_user(user).search([("user_input_id", "=", answer.id)]), user.login)
            with self.assertRaises(AccessError):
                answer.with_user(user).read(["state"])
            with self.assertRaises(AccessError):
                answer.user_input_line_ids.with_user(user).read(["suggested_answer_id"])
        for user in (self.finance, self.operator, self.outsider):
            with self.assertRaises(AccessError):
                answer.with_user(user).read(["state"])
            with self.assertRaises(AccessError):
                self.step.with_user(user).action_open_fse_entry()
        # out of scope: neither open nor create nor change
        with self.assertRaisesMessage(AccessError, "You may not fill in the FSE questionnaires of this step"):
            self.step.with_user(self.referent_other).action_open_fse_entry()
        self.assertFalse(self._attempt(lambda: Input.with_user(self.referent_south).create({
            "survey_id": answer.survey_id.id, "casework_step_id": self.step.id,
        })))
        self.assertFalse(self._attempt(lambda: answer.with_user(self.referent_other).write({"state": "done"})))
        # a survey manager outside Casework sees none of them in the survey's own lists
        self.assertFalse(Input.with_user(self.survey_manager).search([("survey_id.survey_type", "=", "casework_fse")]))

    def test_imported_questionnaire_is_read_only(self):
        _action, answer = self._entry(self.referent)
        with self.assertRaisesMessage(AccessError, "kept by Casework"):
            answer.with_user(self.referent).write({"casework_imported": True})
        answer.sudo().write({"casework_imported": True, "state": "done"})
        with self.assertRaisesMessage(UserError, "imported from the former tool: it cannot be changed"):
            answer.with_user(self.referent).write({"state": "in_progress"})
        with self.assertRaisesMessage(UserError, "imported from the former tool"):
            answer.with_user(self.fse)._save_lines(self.labour_market, str(self.unemployed.id))
        self.assertIn("/survey/print/", self.step.with_user(self.referent).action_open_fse_entry()["url"])
        self.assertEqual(self.step.with_user(self.referent).fse_entry_state, "done")
