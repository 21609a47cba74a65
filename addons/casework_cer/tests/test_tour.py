from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestTour(ContractCommon, HttpCase):
    """In the browser: a référent drafts a contract for a dossier and
    submits it; a head of service takes it for decision and validates it."""

    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_draft_submit_and_decide(self):
        self.start_tour(
            "/odoo/action-casework_cer.casework_contract_action", "casework_cer_draft_tour",
            login=self.referent.login, password=PASSWORD, timeout=180,
        )
        contract = self.Contract.search([("beneficiary_id", "=", self.dossier_north.id)])
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.state, "submitted")
        self.assertEqual(contract.objective_ids.theme_id, self.theme)
        self.assertEqual(contract.transition_ids.user_id, self.referent)
        self.start_tour(
            f"/odoo/action-casework_cer.casework_contract_action/{contract.id}", "casework_cer_decide_tour",
            login=self.manager.login, password=PASSWORD, timeout=180,
        )
        self.assertEqual(contract.state, "validated")
        self.assertEqual(contract.transition_ids.mapped("state_to"), ["validated", "waiting", "submitted"])
        self.assertEqual(contract.activity_ids.user_id, self.referent)
