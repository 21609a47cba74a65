from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_step import StepCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestStepTimeline(StepCommon):
    """Positionings and steps in the dossier's timeline: proposed, started,
    ended with the end reason; the offer's title read at once."""

    def _entries(self, user, dossier=None):
        return self.env["casework.timeline.entry"].with_user(user).search([
            ("beneficiary_id", "=", (dossier or self.dossier_north).id),
            ("entry_type", "in", ("step_proposed", "step_start", "step_end")),
        ])

    def test_proposed_started_ended(self):
        step = self._propose(offer=self.offer_multi, operator_id=self.operator_b.id)
        proposed_on = step.create_date.date()
        step.write({"state": "step", "date_start": date(2026, 10, 1)})
        step._action_end(self.completed, date(2026, 11, 10))
        withdrawn = self._propose()
        withdrawn.action_cancel()
        self.env.flush_all()
        got = sorted((e.date, e.entry_type, e.description, e.res_id) for e in self._entries(self.referent))
        self.assertEqual(got, sorted([
            (date(2026, 10, 1), "step_start", "Permis B accompagné", step.id),
            (date(2026, 11, 10), "step_end", "Permis B accompagné (Completed)", step.id),
            (proposed_on, "step_proposed", "Permis B accompagné", step.id),
            (proposed_on, "step_proposed", "Atelier CV et lettre de motivation", withdrawn.id),
        ]))
        entry = self._entries(self.referent).filtered(lambda e: e.entry_type == "step_proposed")[:1]
        self.assertEqual(entry.res_model, "casework.step")

    def test_renamed_offer_shows_at_once(self):
        self._propose()
        self.offer.name = "Atelier CV, lettre et entretien"
        self.env.flush_all()
        self.assertEqual(self._entries(self.referent).mapped("description"), ["Atelier CV, lettre et entretien"])

    def test_scope(self):
        self._propose()
        self.env.flush_all()
        self.assertTrue(self._entries(self.referent))
        self.assertTrue(self._entries(self.secretariat))
        self.assertFalse(self._entries(self.referent_other))
        self.assertFalse(self._entries(self.referent_south))
        for user in (self.operator, self.finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._entries(user)
