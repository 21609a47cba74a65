from odoo.tests import TransactionCase, new_test_user, tagged

from .common import PASSWORD


@tagged("post_install", "-at_install")
class TestDatabase(TransactionCase):
    def test_jit_is_off(self):
        """The scope rules' statements are never JIT-compiled: the kernel
        turns JIT off for its database (seconds of compilation for queries
        of milliseconds otherwise)."""
        self.env.cr.execute(
            """SELECT unnest(setconfig) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
                WHERE d.datname = current_database() AND s.setrole = 0"""
        )
        self.assertIn("jit=off", [row[0] for row in self.env.cr.fetchall()])


@tagged("post_install", "-at_install")
class TestLoginPolicy(TransactionCase):
    def test_no_self_registration(self):
        """Accounts are created by invitation only: the login page offers no
        "Don't have an account?"."""
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")

    def test_app_store_for_system_administrators(self):
        """Odoo's app store (and its "request access") is not shown to the
        Casework roles, only to system administrators."""
        apps = self.env.ref("base.menu_management")
        referent = new_test_user(self.env, login="cw_apps_referent", password=PASSWORD,
                                 groups="base.group_user,casework_base.group_casework_referent")
        admin = new_test_user(self.env, login="cw_apps_admin", password=PASSWORD,
                              groups="base.group_user,base.group_system")
        self.assertNotIn(apps.id, self.env["ir.ui.menu"].with_user(referent)._visible_menu_ids())
        self.assertIn(apps.id, self.env["ir.ui.menu"].with_user(admin)._visible_menu_ids())
