from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon


@tagged("post_install", "-at_install")
class TestDashboardTour(CaseworkCommon, HttpCase):
    """In the browser: a référent lands on "Mine", sees their pinned alert
    with its count and opens a card's list (their active file:
    ``dossier_north`` and a dormant dossier, neither with a contract)."""

    # the web client's first requests (assets, the mail client's data) are slow on a loaded machine
    test_cursor_lock_timeout = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dormant = cls._create_dossier("Bernard", "Lucie", cls.north, cls.referent)
        dormant.sudo().last_meeting_date = date(2025, 1, 6)
        # an alert pinned on the dashboard: the dossiers of the active file without a contract (both)
        cls.env["casework.alert.subscription"].create({
            "user_id": cls.referent.id,
            "alert_id": cls.env.ref("casework_reports.casework_alert_without_contract").id,
        })

    def test_referent_lands_on_mine(self):
        self.start_tour("/odoo", "casework_dashboard_mine_tour", login=self.referent.login)
