from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon


@tagged("post_install", "-at_install")
class TestSearchTour(CaseworkCommon, HttpCase):
    """In the browser: a référent finds a person of their active file from
    the dossier search box by a name with a typo."""

    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_search_box_tour(self):
        self._create_dossier("Perrin", "Jean", self.north, self.referent, civility="m", birth_date=date(1990, 5, 17))
        self._create_dossier("Perrin", "Lucie", self.south, self.referent_south, birth_date=date(1994, 4, 4))
        self.start_tour("/odoo/action-casework_base.casework_beneficiary_action", "casework_identity_search_tour",
                        login=self.referent.login, password=PASSWORD, timeout=180)
