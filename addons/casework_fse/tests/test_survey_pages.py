from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import FseCommon


@tagged("post_install", "-at_install")
class TestSurveyPages(FseCommon, HttpCase):
    """A questionnaire's token is not a key: the survey's pages open an FSE
    answer only for a user who may read it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        del cls.session  # the offer's session of the common data, not the browser's
        cls.step = cls._started_step(cls.dossier_north, cls.fse_offer, date(2026, 3, 2), cls.fse_convention)
        cls.step.with_user(cls.referent).action_open_fse_entry()
        cls.answer = cls.step.sudo().fse_input_ids.filtered(lambda answer: answer.casework_moment == "entry")
        labour_market = cls.env.ref("casework_fse.survey_fse_entry_labour_market")
        unemployed = cls.env.ref("casework_fse.survey_fse_entry_labour_market_unemployed")
        cls.answer.with_user(cls.referent)._save_lines(labour_market, str(unemployed.id))
        cls.answer.with_user(cls.referent)._mark_done()
        cls.urls = [
            f"/survey/print/{cls.answer.survey_id.access_token}?answer_token={cls.answer.access_token}",
            f"/survey/start/{cls.answer.survey_id.access_token}?answer_token={cls.answer.access_token}",
            f"/survey/{cls.answer.survey_id.access_token}/{cls.answer.access_token}",
        ]
        cls.answer_text = cls.env.ref("casework_fse.survey_fse_entry_labour_market_unemployed").value

    def _page(self, url):
        response = self.url_open(url, allow_redirects=True)
        return response.status_code, response.text

    def test_out_of_scope_user_with_the_token(self):
        for login in (self.referent_south.login, self.finance.login, self.operator.login):
            self.authenticate(login, PASSWORD)
            for url in self.urls:
                _status, text = self._page(url)
                self.assertNotIn(self.answer_text, text, f"{login} {url}")

    def test_public_with_the_token(self):
        self.authenticate(None, None)
        for url in self.urls:
            _status, text = self._page(url)
            self.assertNotIn(self.answer_text, text, url)

    def test_referent_prints_the_answers(self):
        self.authenticate(self.referent.login, PASSWORD)
        status, text = self._page(self.urls[0])
        self.assertEqual(status, 200)
        self.assertIn(self.answer_text, text)
