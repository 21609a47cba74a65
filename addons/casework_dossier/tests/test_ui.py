from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_dossier_tour(self):
        territory = self.env["casework.territory"].create({"name": "Tour", "code": "T-TOUR"})
        secretary = new_test_user(
            self.env, login="cw_tour_secretary", password="Casework-2026",
            groups="base.group_user,casework_base.group_casework_secretariat",
        )
        secretary.casework_territory_ids = territory
        self.env["casework.beneficiary"].create({
            "civility": "mme", "first_name": "Rose", "usage_name": "Tournesol",
            "birth_date": date(1970, 5, 5), "territory_id": territory.id,
        })
        self.env["casework.beneficiary"].create({
            "civility": "mme", "first_name": "Hors", "usage_name": "Champ",
            "birth_date": date(1970, 5, 5),
            "territory_id": self.env["casework.territory"].create({"name": "Autre", "code": "T-AUT"}).id,
        })
        self.start_tour("/odoo/action-casework_base.casework_beneficiary_action", "casework_dossier_tour",
                        login="cw_tour_secretary", password="Casework-2026")
        dossier = self.env["casework.beneficiary"].search([("usage_name", "=", "Camelia")])
        self.assertEqual(dossier.territory_id, territory, "created in the secretary's territory")
        self.assertEqual(dossier.phone, "+33645678912")
