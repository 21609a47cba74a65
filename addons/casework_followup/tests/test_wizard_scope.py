
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_wizard_scope import WizardScopeCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestLetterWizardScope(WizardScopeCommon):

    def test_letter_refuses_a_dossier_out_of_scope(self):
        """The letter wizard gave back the name of any dossier id."""
        template = self.env.ref("casework_followup.casework_merge_template_convocation")
        Letter = self.env["casework.merge.wizard"].with_user(self.referent_south)
        spec = {"beneficiary_id": {"fields": {"display_name": {}}}, "template_id": {}, "name": {}}
        result = None
        with self.assertRaisesMessage(AccessError, "within your scope"):
            result = Letter.onchange({"beneficiary_id": self.dossier_north.id, "template_id": template.id}, [], spec)
        self.assertNoIdentityOf(self.dossier_north, result)
        with self.assertRaisesMessage(AccessError, "within your scope"):
            Letter.create({"beneficiary_id": self.dossier_north.id, "template_id": template.id})
        letter = Letter.create({"beneficiary_id": self.dossier_south.id, "template_id": template.id})
        with self.assertRaisesMessage(AccessError, "within your scope"):
            letter.write({"beneficiary_id": self.dossier_north.id})

    def test_letter_created_without_onchange_and_file_name_made_safe(self):
        """Created over RPC without a name, the letter failed (its name was
        computed after the row was inserted); the document took any name."""
        template = self.env.ref("casework_followup.casework_merge_template_convocation")
        letter = self.env["casework.merge.wizard"].with_user(self.referent).create(
            {"beneficiary_id": self.dossier_north.id, "template_id": template.id})
        self.assertEqual(letter.name, "Convocation_entretien_2026-11-15")
        letter.name = "../../etc/passwd\n"
        document = letter._file_document(b"%PDF-1.4 letter")
        self.assertEqual((document.name, document.file_name), ("etc_passwd", "etc_passwd.pdf"))

    def test_letters_are_private_to_their_creator(self):
        letter = self.env["casework.merge.wizard"].with_user(self.referent_south).create({
            "beneficiary_id": self.dossier_south.id,
            "template_id": self.env.ref("casework_followup.casework_merge_template_convocation").id,
            "name": "Convocation",
        })
        self.assertFalse(self.env["casework.merge.wizard"].with_user(self.referent).search([]))
        with self.assertRaises(AccessError):
            letter.with_user(self.referent).read(["beneficiary_id"])
        self.assertEqual(letter.with_user(self.referent_south).read(["beneficiary_id"])[0]["beneficiary_id"][0],
                         self.dossier_south.id)
