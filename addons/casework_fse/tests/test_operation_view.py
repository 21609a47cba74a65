from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FseCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestOperationParticipants(FseCommon):
    """Per FSE operation: its participants and the questionnaires missing,
    counted among the steps the user may read."""

    def test_counts_follow_the_scope(self):
        step = self._started_step(self.dossier_north, self.fse_offer, date(2026, 3, 2), self.fse_convention)
        self._started_step(self.dossier_south, self.fse_offer, date(2026, 3, 2), self.fse_convention)
        step.write({"state": "done", "date_end": date(2026, 10, 30), "end_reason_id": self.completed.id})
        for user, participants, missing in (
            (self.referent, 1, 2), (self.referent_south, 1, 1), (self.fse, 1, 2), (self.admin, 2, 3),
            (self.finance, 0, 0), (self.operator, 0, 0),
        ):
            offer = self.fse_offer.with_user(user)
            self.assertEqual((offer.fse_participant_count, offer.fse_missing_count), (participants, missing),
                             user.login)
        action = self.fse_offer.with_user(self.referent).action_open_fse_participants()
        steps = self.env["casework.step"].with_user(self.referent).search(action["domain"])
        self.assertEqual(steps, step)
