from datetime import timedelta

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon
from odoo.addons.casework_base.tools.dates import casework_today


@tagged("post_install", "-at_install")
class TestTour(CaseworkCommon, HttpCase):
    """In the browser: a referent opens a dossier of their active file,
    proposes an offer found by a keyword, opens the positioning and
    converts it to a step."""

    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_propose_an_offer_tour(self):
        # the browser runs on the real clock: the offers run around today
        today = casework_today(self.env)
        operator = self.env["res.partner"].create({
            "name": "Mobilité Ardèche", "is_company": True,
            "casework_profile_ids": [Command.create({"role": "operator"})],
        })
        Offer = self.env["casework.offer"]
        common = {"date_start": today - timedelta(days=30), "date_end": today + timedelta(days=180),
                  "operator_id": operator.id, "program_ids": [Command.set(self.rsa.ids)]}
        offer = Offer.create({
            **common, "name": "Permis B accompagné", "keywords": "conduite, mobilité",
            "classification_id": self.env.ref("casework_offers.offer_classification_mobility").id,
        })
        Offer.create({
            **common, "name": "Atelier CV et lettre de motivation", "keywords": "candidature",
            "classification_id": self.env.ref("casework_offers.offer_classification_employment").id,
        })
        Offer.create({**common, "name": "Ancienne offre de conduite", "keywords": "conduite", "active": False})
        self.start_tour(
            "/odoo/action-casework_base.casework_beneficiary_action_my_active_file", "casework_offers_tour",
            login=self.referent.login, password=PASSWORD, timeout=180,
        )
        step = self.env["casework.step"].search([("beneficiary_id", "=", self.dossier_north.id)])
        self.assertEqual(len(step), 1)
        self.assertEqual(step.offer_id, offer)
        self.assertEqual(step.state, "step")
        self.assertEqual(step.date_start, today)
        self.assertEqual(step.operator_id, operator)
        self.assertEqual(step.proposed_by_id, self.referent)
        self.assertEqual(step.date_planned_start, today)
