from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon

from ..models.casework_beneficiary_duplicate import AUDIT_TOLD


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestDossierSearch(CaseworkCommon):
    """The one search of a dossier with what this module adds: typos,
    accents, the numbers with other bodies, the phone however written; each
    kind of text finds its dossier first, and only in the user's scope."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        caf = cls.env.ref("casework_identity.identifier_type_caf")
        france_travail = cls.env.ref("casework_identity.identifier_type_france_travail")

        def dossier(usage_name, first_name, territory, referent, birth_date, phone, **extra):
            return cls._create_dossier(usage_name, first_name, territory, referent, birth_date=birth_date,
                                       phone=phone, **extra)

        cls.masson = dossier("Masson", "Élodie", cls.north, cls.referent, date(1992, 11, 3), "07 61 22 33 44",
                             birth_name="Sanchez")
        cls.sanchez = dossier("Sanchez", "Hugo", cls.north, cls.referent, date(1988, 2, 29), "06 55 44 33 22",
                              civility="m")
        cls.perrin = dossier("Perrin", "Jean", cls.north, cls.referent, date(1990, 5, 17), "06 98 76 54 32",
                             civility="m")
        cls.perrine = dossier("Dubois", "Perrine", cls.north, cls.referent, date(1991, 6, 18), "06 01 02 03 04")
        cls.reunion = dossier("Hoarau", "Maëva", cls.north, cls.referent, date(1999, 12, 1), "0692 12 34 56")
        cls.perrin_south = dossier("Perrin", "Lucie", cls.south, cls.referent_south, date(1994, 4, 4),
                                   "06 77 88 99 00")
        Identifier = cls.env["casework.beneficiary.identifier"]
        Identifier.create({"beneficiary_id": cls.perrin.id, "type_id": caf.id, "value": "123 45 67"})
        Identifier.create({"beneficiary_id": cls.masson.id, "type_id": france_travail.id, "value": "3456789a"})
        Identifier.create({"beneficiary_id": cls.perrin_south.id, "type_id": caf.id, "value": "7654321"})

    def _search(self, user, text):
        """The dossiers of the search view for ``text``, checked to come in
        the same order in a picker (``name_search``)."""
        Beneficiary = self.env["casework.beneficiary"].with_user(user)
        found = Beneficiary.search([("display_name", "ilike", text)])
        self.assertEqual([pair[0] for pair in Beneficiary.name_search(text, limit=5)], found.ids[:5], text)
        return found

    def test_each_kind_of_text_finds_its_dossier_first(self):
        cases = [
            (self.perrin.number, self.perrin, "dossier number"),
            (self.perrin.number.split("-")[-1], self.perrin, "part of the dossier number"),
            ("Sanch", self.sanchez, "beginning of a usage name (then the birth name of Élodie Masson)"),
            ("Perr", self.perrin, "beginning of a name"),
            ("Perin", self.perrin, "a letter missing"),
            ("Périn Jeann", self.perrin, "a typo in each word, an accent"),
            ("Élodie Masson", self.masson, "first name first"),
            ("MASSON elodie", self.masson, "last name first, without accent"),
            ("Masson Elodie 03/11/1992", self.masson, "names and birth date"),
            ("03/11/1992", self.masson, "birth date"),
            ("1992-11-03", self.masson, "ISO birth date"),
            ("11/03/1992", self.masson, "day and month swapped"),
            ("123 45 67", self.perrin, "CAF number as written"),
            ("1234567", self.perrin, "CAF number"),
            ("3456789A", self.masson, "France Travail number"),
            ("06 98 76 54 32", self.perrin, "phone, spaces"),
            ("0698765432", self.perrin, "phone, digits"),
            ("+33 6 98 76 54 32", self.perrin, "phone, international"),
            ("06.98.76.54.32", self.perrin, "phone, dots"),
            ("06 98 76", self.perrin, "beginning of a phone"),
            ("0692 12 34 56", self.reunion, "Réunion phone (stored +262)"),
        ]
        for text, expected, kind in cases:
            with self.subTest(kind=kind, text=text):
                found = self._search(self.referent, text)
                self.assertEqual(found[:1], expected, f"{kind}: {found.mapped('display_name')}")

    def test_birth_date_typed_before_day_and_month_swapped(self):
        swapped = self._create_dossier("Masson", "Élodie", self.north, self.referent, birth_date=date(1992, 3, 11))
        self.assertEqual(self._search(self.referent, "03/11/1992").ids, [self.masson.id, swapped.id])
        self.assertEqual(self._search(self.referent, "Masson 11/03/1992").ids, [swapped.id, self.masson.id])

    def test_closest_first(self):
        # exact name, then the name it begins, then nothing else
        self.assertEqual(self._search(self.referent, "Perrin").ids, [self.perrin.id, self.perrine.id])
        # a usage name begun before a birth name begun: both found
        self.assertEqual(set(self._search(self.referent, "Sanch").ids), {self.sanchez.id, self.masson.id})
        # a part of a phone anywhere in it
        other = self._create_dossier("Roux", "Emma", self.north, self.referent, phone="06 12 98 76 54")
        self.assertEqual(set(self._search(self.referent, "98 76 54").ids), {self.perrin.id, other.id})

    def test_nothing_outside_the_scope(self):
        """A référent of another territory finds none of these dossiers, by
        any kind of text; their own homonym only."""
        texts = [self.perrin.number, "Perrin", "Perin", "Jean Perrin", "17/05/1990", "1234567", "06 98 76 54 32",
                 "0698765432", "Élodie Masson", "3456789A"]
        for text in texts:
            with self.subTest(text=text):
                found = self._search(self.referent_south, text)
                self.assertFalse(found & (self.perrin | self.perrine | self.masson | self.sanchez), text)
        self.assertEqual(self._search(self.referent_south, "Perin"), self.perrin_south)
        self.assertEqual(self._search(self.referent_south, "7654321"), self.perrin_south)
        # the other référent of the same territory neither
        self.assertFalse(self._search(self.referent_other, "Perin"))
        self.assertFalse(self._search(self.referent, "Lucie Perrin"))
        self.assertFalse(self._search(self.referent, "7654321"))
        # the secretariat reads its territory, not the other
        found = self._search(self.secretariat, "Perin")
        self.assertEqual(found[:1], self.perrin)
        self.assertNotIn(self.perrin_south, found)

    def test_a_picker_of_another_model_uses_it(self):
        """A many2one to a dossier searched with a text (a search on
        ``beneficiary_id``) finds a typo too, in the user's scope."""
        Identifier = self.env["casework.beneficiary.identifier"].with_user(self.referent)
        found = Identifier.search([("beneficiary_id", "ilike", "Perin")])
        self.assertEqual(found.beneficiary_id, self.perrin)

    def test_french_label_of_the_search_field(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_base", "casework_identity"], ["fr_FR"],
                                                        overwrite=True)
        view = self.env.ref("casework_base.casework_beneficiary_view_search")
        arch = self.env["casework.beneficiary"].with_context(lang="fr_FR").get_views(
            [(view.id, "search")])["views"]["search"]["arch"]
        # the default field: the first of the view
        first = etree.fromstring(arch).find(".//field")
        self.assertEqual(first.get("name"), "display_name")
        self.assertEqual(first.get("string"), "Nom, numéro, date de naissance, téléphone, n° CAF ou France Travail")

    def test_duplicate_warning_before_the_birth_date(self):
        """The names are enough to warn, with a lower score; the birth date raises it."""
        form = Form(self.env["casework.beneficiary"].with_user(self.secretariat))
        form.civility = "mme"
        form.first_name = "Elodie"
        form.usage_name = "MASSON"
        self.assertEqual(form.duplicate_count, 1)
        self.assertIn(self.masson.number, form.duplicate_html)
        self.assertIn("Birth date not entered yet", form.duplicate_html)
        score_without = int(form.duplicate_html.split("<b>")[1].split("/100")[0])
        form.birth_date = date(1992, 11, 3)
        self.assertEqual(form.duplicate_count, 1)
        score_with = int(form.duplicate_html.split("<b>")[1].split("/100")[0])
        self.assertLess(score_without, score_with)
        self.assertLess(score_without, 60)

    def test_warning_before_the_birth_date_tells_nothing_outside_the_scope(self):
        """A name alone does not tell that a homonym is followed elsewhere (nor
        counts against the hourly limit); the birth date does, audited."""
        Log = self.env["auditlog.log"]
        form = Form(self.env["casework.beneficiary"].with_user(self.secretariat))
        form.civility = "mme"
        form.first_name = "Lucie"
        form.usage_name = "Perrin"
        self.assertEqual(form.duplicate_count, 0)
        self.assertFalse(form.duplicate_html)
        self.assertFalse(Log.search([("method", "=", AUDIT_TOLD), ("user_id", "=", self.secretariat.id)]))
        form.birth_date = date(1994, 4, 4)
        self.assertEqual(form.duplicate_count, 1)
        self.assertIn("another territory", form.duplicate_html)
        self.assertNotIn("Lucie", form.duplicate_html)
        self.assertTrue(Log.search([("method", "=", AUDIT_TOLD), ("user_id", "=", self.secretariat.id)]))
