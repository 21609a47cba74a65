from odoo.tests import TransactionCase, tagged


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
