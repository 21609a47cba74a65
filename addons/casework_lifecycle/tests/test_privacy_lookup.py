from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon


@tagged("post_install", "-at_install")
class TestPrivacyLookup(CaseworkCommon):
    """Odoo's privacy lookup finds only what its user may read, never fails
    on a dossier, and archives or deletes nothing out of their reach."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.it_admin = new_test_user(cls.env, login="cw_it_admin", password=PASSWORD,
                                     groups="base.group_user,base.group_system")
        cls.casework_it_admin = new_test_user(
            cls.env, login="cw_it_casework_admin", password=PASSWORD,
            groups="base.group_user,base.group_system,casework_base.group_casework_admin")
        cls.person = cls.dossier_north.partner_id
        cls.person.email = "marie.dupont@exemple.fr"
        cls.dossier_north.message_post(body="Bonjour", partner_ids=cls.person.ids, message_type="comment",
                                       subtype_xmlid="mail.mt_comment")

    def _lookup(self, user):
        wizard = self.env["privacy.lookup.wizard"].with_user(user).create(
            {"name": "Marie Dupont", "email": "marie.dupont@exemple.fr"})
        wizard.action_lookup()
        return {(line.res_model, line.res_id) for line in wizard.line_ids}

    def test_out_of_scope_finds_nothing_of_the_person(self):
        found = self._lookup(self.it_admin)
        self.assertNotIn(("res.partner", self.person.id), found)
        self.assertFalse({ref for ref in found if ref[0].startswith("casework.")}, found)

    def test_a_casework_administrator_finds_the_person(self):
        self.assertIn(("res.partner", self.person.id), self._lookup(self.casework_it_admin))

    def test_a_line_made_by_hand_deletes_nothing_out_of_reach(self):
        line = self.env["privacy.lookup.wizard.line"].with_user(self.it_admin).create({
            "wizard_id": self.env["privacy.lookup.wizard"].with_user(self.it_admin).create(
                {"name": "X", "email": "x@exemple.fr"}).id,
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": self.person.id,
        })
        self.assertNotIn("Dupont", line.res_name or "")
        self.assertFalse(line.read(["res_name"])[0]["res_name"])
        with self.assertRaises(AccessError):
            line.action_unlink()
        with self.assertRaises(AccessError):
            line.write({"is_active": False})
            line._onchange_is_active()
        self.assertTrue(self.person.exists())
        self.assertTrue(self.person.active)
