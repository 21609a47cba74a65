from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon


@tagged("post_install", "-at_install")
class TestRoleTours(CaseworkCommon, HttpCase):
    """In the browser, on a 1440-pixel wide screen, each role other than the
    référent (whose tours are casework_base's and the search tour): Casework
    opens, the dossiers through the menu, a name with a typo in the one
    search box, the person first, their dossier without the other roles'
    buttons and with its tabs within the width."""

    browser_size = "1440x900"
    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier("Perrin", "Jean", cls.north, cls.referent, civility="m", birth_date=date(1990, 5, 17))
        cls._create_dossier("Perrin", "Lucie", cls.south, cls.referent_south, birth_date=date(1994, 4, 4))

    def test_secretariat(self):
        self.start_tour("/odoo", "casework_role_secretariat_tour", login=self.secretariat.login)

    def test_head_of_service(self):
        self.start_tour("/odoo", "casework_role_manager_tour", login=self.manager.login)

    def test_fse_manager(self):
        self.start_tour("/odoo", "casework_role_fse_tour", login=self.fse.login)
