from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..models.res_users import ResUsers as KernelUsers
from .common import CaseworkCommon


@tagged("post_install", "-at_install")
class TestHomeTour(CaseworkCommon, HttpCase):
    """In the browser, after the login: Casework is the page each role lands on."""

    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_referent_lands_on_the_active_file(self):
        """The kernel's page for a référent (casework_reports gives them its dashboard instead)."""
        Users = self.registry["res.users"]
        with patch.object(Users, "_casework_home_action", KernelUsers._casework_home_action):
            self.start_tour("/odoo", "casework_home_referent_tour", login=self.referent.login)

    def test_welcome_page(self):
        """The page of a role whose screens are not installed (finance
        without casework_fse): shown here to a finance user whatever is
        installed."""
        Users = self.registry["res.users"]
        welcome = Users._casework_welcome_action

        def home(user):
            return welcome(user, user.env._("Your Casework space"), "The screens of your role are not installed yet.")

        with patch.object(Users, "_casework_home_action", home):
            self.start_tour("/odoo", "casework_home_welcome_tour", login=self.finance.login)

    def test_frise(self):
        self.start_tour("/odoo", "casework_frise_tour", login=self.referent.login)
