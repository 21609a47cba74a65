from odoo.tests import HttpCase, tagged

from .common import CaseworkCommon


@tagged("post_install", "-at_install")
class TestHomeTour(CaseworkCommon, HttpCase):
    """In the browser, after the login: Casework is the page each role lands on."""

    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_referent_lands_on_the_active_file(self):
        self.start_tour("/odoo", "casework_home_referent_tour", login=self.referent.login)

    def test_finance_lands_on_its_page(self):
        if self.env["ir.module.module"].search_count([("name", "in", ("casework_fse",)), ("state", "=", "installed")]):
            self.skipTest("casework_fse gives finance users their own page")
        self.start_tour("/odoo", "casework_home_welcome_tour", login=self.finance.login)
