from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_wizard_scope import MERGE_SPEC, WizardScopeCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestMergeWizardScope(WizardScopeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Merge = cls.env["casework.beneficiary.merge"]

    def test_merge_onchange_refuses_a_dossier_out_of_scope(self):
        """The lines were computed as superuser: the onchange of a secretary
        of the South with a dossier of the North returned its identity."""
        values = {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.dossier_north.id}
        Merge = self.Merge.with_user(self.secretariat_south)
        result = None
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            result = Merge.onchange(dict(values), [], MERGE_SPEC)
        self.assertNoIdentityOf(self.dossier_north, result)
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            result = Merge.onchange(dict(values), ["beneficiary_b_id"], MERGE_SPEC)
        self.assertNoIdentityOf(self.dossier_north, result)
        # without the lines in the specification: the display name of the dossier
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            result = Merge.onchange(dict(values), [], {"beneficiary_b_id": {"fields": {"display_name": {}}}})
        self.assertNoIdentityOf(self.dossier_north, result)
        # within the scope: the lines
        result = Merge.onchange(
            {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id}, [], MERGE_SPEC)
        lines = {command[2]["field_name"]: command[2] for command in result["value"]["line_ids"] if command[0] == 0}
        self.assertEqual(lines["birth_name"]["value_b"], "Ruiz")

    def test_merge_create_and_write_refuse_a_dossier_out_of_scope(self):
        Merge = self.Merge.with_user(self.secretariat_south)
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            Merge.create({"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.dossier_north.id})
        wizard = Merge.create({"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id})
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            wizard.write({"beneficiary_b_id": self.dossier_north.id})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertNoIdentityOf(self.dossier_north, wizard.web_read(MERGE_SPEC))

    def test_merge_is_refused_to_referents_with_the_reason(self):
        """A référent could merge, hence delete, a dossier of their active
        file; the onchange showed any dossier's identity."""
        twin = self._create_dossier("Dupont", "Marie", self.north, self.referent, birth_name="Martin",
                                    enrollment_ids=[], assignment_ids=[Command.create({
                                        "user_id": self.referent.id, "role": "etape",
                                        "date_start": date(2026, 1, 5), "date_end": date(2026, 12, 31)})])
        values = {"beneficiary_a_id": self.dossier_north.id, "beneficiary_b_id": twin.id}
        for user in (self.referent, self.referent_south):
            with self.subTest(user=user.login):
                Merge = self.Merge.with_user(user)
                with self.assertRaisesMessage(UserError, "Ask the secretariat"):
                    Merge.onchange(dict(values), [], MERGE_SPEC)
                with self.assertRaisesMessage(UserError, "Ask the secretariat"):
                    Merge.create(dict(values))
        with self.assertRaisesMessage(UserError, "Ask the secretariat"):
            self.Merge.with_user(self.referent).new(values)._merge()
        self.assertTrue(twin.exists())
        for user in (self.fse, self.finance, self.operator):
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, "Only the secretariat"):
                self.Merge.with_user(user).create(dict(values))

    def test_merge_created_without_onchange_has_its_lines(self):
        """``create`` over RPC, without the form's onchange, then a read."""
        wizard = self.Merge.with_user(self.secretariat).create(
            {"beneficiary_a_id": self.dossier_north.id, "beneficiary_b_id": self.dossier_north_other.id})
        self.env.flush_all()
        self.env.invalidate_all()
        [values] = wizard.web_read(MERGE_SPEC)
        lines = {line["field_name"]: line for line in values["line_ids"]}
        self.assertEqual(set(lines), {"first_name", "usage_name", "phone", "email"})
        self.assertEqual((lines["usage_name"]["value_a"], lines["usage_name"]["value_b"]), ("Dupont", "Leroy"))
        self.assertEqual(lines["usage_name"]["field_label"], "Usage Name")

    def test_merge_lines_only_choose_identity_fields(self):
        """The client could add a line for any field (the status, the
        justified identity...) that the merge then wrote as superuser, and
        write the values shown in the chatter."""
        wizard = self.Merge.with_user(self.secretariat_south).create(
            {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id})
        for fname in ("identity_justified", "number", "partner_id", "dossier_status"):
            with self.subTest(field=fname), self.assertRaisesMessage(ValidationError, "not an identity field"):
                wizard.write({"line_ids": [Command.create({"field_name": fname, "choice": "b"})]})
        line = wizard.line_ids.filtered(lambda line: line.field_name == "birth_name")
        line.write({"choice": "b", "value_b": "Invented", "field_label": "Anything"})
        wizard.action_merge()
        self.assertEqual(self.dossier_south.birth_name, "Ruiz")
        log = self.dossier_south.message_ids[:1]
        self.assertIn("Ruiz", log.body)
        self.assertNotIn("Invented", log.body)


    def test_wizards_are_private_to_their_creator(self):
        """Any user with the access right on a wizard read everybody's: a
        secretary read the lines of an administrator's merge of two South
        dossiers."""
        wizard = self.Merge.with_user(self.admin).create(
            {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id})
        self.assertTrue(wizard.line_ids)
        self.env.flush_all()
        for user in (self.secretariat, self.manager):
            with self.subTest(user=user.login):
                self.assertFalse(self.Merge.with_user(user).search_read([], ["beneficiary_b_id"]))
                self.assertFalse(self.env["casework.beneficiary.merge.line"].with_user(user).search_read(
                    [], ["value_a", "value_b"]))
                with self.assertRaises(AccessError):
                    wizard.with_user(user).read(["beneficiary_a_id"])
                with self.assertRaises(AccessError):
                    wizard.line_ids.with_user(user).read(["value_b"])
