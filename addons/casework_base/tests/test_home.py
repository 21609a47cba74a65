from unittest.mock import patch

from odoo.tests import tagged

from ..models.res_users import ResUsers as KernelUsers
from .common import CaseworkCommon


@tagged("post_install", "-at_install")
class TestHome(CaseworkCommon):
    """Casework is the first app and opens each role on its own page."""

    def _home(self, user):
        return self.env.ref("casework_base.casework_home_action").with_user(user).run()

    def test_casework_is_the_first_app(self):
        root = self.env.ref("casework_base.casework_menu_root")
        for user in (self.referent, self.secretariat, self.finance, self.operator):
            menus = self.env["ir.ui.menu"].with_user(user).search([("parent_id", "=", False)])
            self.assertEqual(menus[:1], root, user.login)

    def test_page_per_role(self):
        action = self.env["ir.actions.act_window"]
        dossiers = self.env.ref("casework_base.casework_beneficiary_action").id
        # the kernel's own choice (casework_reports gives the case ladder its dashboard instead)
        with patch.object(self.registry["res.users"], "_casework_home_action", KernelUsers._casework_home_action):
            for user, expected in (
                (self.referent, self.env.ref("casework_base.casework_beneficiary_action_my_active_file").id),
                (self.secretariat, dossiers),
                (self.manager, dossiers),
                (self.fse, dossiers),
                (self.admin, dossiers),
            ):
                result = self._home(user)
                self.assertEqual((result["type"], result["id"]), (action._name, expected), user.login)
        for user in (self.finance, self.operator):
            result = self._home(user)
            if result["type"] == "ir.actions.client":
                self.assertEqual(result["tag"], "casework_base.welcome")
                self.assertIn("not yours to read", result["params"]["message"])
            else:  # a feature addon gives the role its own screen
                self.assertNotEqual(result.get("res_model"), "casework.beneficiary")
