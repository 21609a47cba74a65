from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CaseworkCommon


@tagged("post_install", "-at_install")
class TestBeneficiary(CaseworkCommon):
    def test_identity_on_partner(self):
        dossier = self.dossier_north
        self.assertEqual(dossier.name, "DUPONT Marie")
        self.assertTrue(dossier.number.startswith("D"))
        self.assertEqual(dossier.partner_id.phone, "+33612345678")
        self.assertEqual(dossier.gender, "female")
        dossier.usage_name = "Martin"
        self.assertEqual(dossier.partner_id.name, "MARTIN Marie")
        self.assertIn(dossier.number, dossier.display_name)

    def test_numbers_are_unique(self):
        self.assertNotEqual(self.dossier_north.number, self.dossier_south.number)

    def test_phone_normalised(self):
        for raw, expected in [("0612345678", "+33612345678"), ("+33 6 12 34 56 78", "+33612345678"),
                              ("04 75 12 34 56", "+33475123456"), ("+32 470 12 34 56", "+32470123456")]:
            self.dossier_north.phone = raw
            self.assertEqual(self.dossier_north.phone, expected)

    def test_invalid_phone_refused(self):
        for raw in ("12", "06 12 34", "not a number", "+33 1 23"):
            with self.assertRaisesMessage(ValidationError, "not a valid phone number"):
                self.dossier_north.phone = raw
        self.assertEqual(self.dossier_north.phone, "+33612345678", "the previous number is kept")

    def test_invalid_phone_message_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_base"], ["fr_FR"], overwrite=True)
        with self.assertRaisesMessage(ValidationError, "n'est pas un numéro de téléphone valide"):
            self.dossier_north.with_context(lang="fr_FR").phone = "12"

    def test_impossible_birth_date(self):
        with self.assertRaisesMessage(ValidationError, "not possible"):
            self.dossier_north.birth_date = date(2999, 1, 1)
        with self.assertRaisesMessage(ValidationError, "not possible"):
            self.dossier_north.birth_date = date(1850, 1, 1)

    def test_create_with_form(self):
        form = Form(self.env["casework.beneficiary"].with_user(self.secretariat))
        form.civility = "m"
        form.first_name = "Karim"
        form.usage_name = "Benali"
        form.birth_date = date(1979, 7, 2)
        form.territory_id = self.north
        dossier = form.save()
        self.assertEqual(dossier.name, "BENALI Karim")
        self.assertEqual(dossier.state, "none")
        self.assertEqual(dossier.gender, "male")

    def test_default_order_is_indexed(self):
        """The dossier list's default order is the primary key: opening a
        dossier changes neither the order nor the dossier's row."""
        Beneficiary = self.env["casework.beneficiary"]
        self.assertEqual(Beneficiary._order, "id desc")
        self.assertEqual(Beneficiary.search([], limit=1), Beneficiary.search([], order="id desc", limit=1))

    def test_password_policy(self):
        user = self.referent
        with self.assertRaises(UserError):
            user._check_password_policy(["short"])
        with self.assertRaisesMessage(UserError, "kinds of characters"):
            user._check_password_policy(["alllowercase"])
        user._check_password_policy(["Casework-2026"])

    def test_unlink_removes_partner(self):
        dossier = self._create_dossier("Temp", "Orary", self.north, self.referent)
        partner = dossier.partner_id
        dossier.with_user(self.admin).unlink()
        self.assertFalse(partner.exists())


@tagged("post_install", "-at_install")
class TestDossierScreen(CaseworkCommon):
    def test_a_dossier_is_never_duplicated(self):
        with self.assertRaisesRegex(UserError, "A dossier cannot be duplicated"):
            self.dossier_north.with_user(self.referent).copy()
        with self.assertRaisesRegex(UserError, "A dossier cannot be duplicated"):
            self.dossier_north.copy()

    def test_a_new_dossier_is_not_false(self):
        """The breadcrumb of a dossier being created is not "False (New)"."""
        new = self.env["casework.beneficiary"].with_user(self.referent).new({})
        self.assertNotIn("False", new.display_name)
        self.assertEqual(self.dossier_north.display_name, f"{self.dossier_north.name} ({self.dossier_north.number})")

    def test_group_by_offers_the_dossier_fields_only(self):
        fields = self.env["casework.beneficiary"].with_user(self.referent).fields_get(attributes=["groupable"])
        groupable = {name for name, description in fields.items() if description.get("groupable")}
        self.assertTrue({"territory_id", "state", "civility", "city", "zip"} <= groupable)
        self.assertFalse({"partner_id", "commercial_partner_id", "email_normalized", "tz", "barcode", "vat",
                          "is_company", "type"} & groupable)

    def test_a_refused_creation_gives_its_number_back(self):
        Dossier = self.env["casework.beneficiary"].with_user(self.referent)
        vals = {"civility": "mme", "first_name": "Léa", "usage_name": "Numéro", "birth_date": date(1990, 1, 2),
                "territory_id": self.north.id}
        first = Dossier.create(vals)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Dossier.create(dict(vals, birth_date=date(2100, 1, 1)))  # refused after taking a number
        second = Dossier.create(dict(vals, first_name="Zoé"))
        prefix, number = first.number.rsplit("-", 1)
        self.assertEqual(second.number, f"{prefix}-{int(number) + 1:06d}")

    def test_creation_note_in_french(self):
        """The creation note does not depend on the document's gender, and is
        in the creator's language (French: "Création : Dossier bénéficiaire")."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_base"], ["fr_FR"], overwrite=True)
        self.referent.lang = "fr_FR"
        Dossier = self.env["casework.beneficiary"].with_user(self.referent).with_context(tracking_disable=False)
        vals = {"civility": "mme", "first_name": "Léa", "usage_name": "Française", "birth_date": date(1990, 1, 2),
                "territory_id": self.north.id}
        english = Dossier.with_context(lang="en_US").create(vals)
        self.assertIn("Created: Beneficiary dossier", english.message_ids[-1:].body)
        french = Dossier.with_context(lang=None).create(dict(vals, first_name="Zoé"))
        self.assertIn("Création : Dossier bénéficiaire", french.message_ids[-1:].body)
