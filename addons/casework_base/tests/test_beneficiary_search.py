from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestBeneficiarySearch(CaseworkCommon):
    """The one search of a dossier, as the kernel offers it: number, names in
    any order, birth date; closest first; within the user's scope. The same
    text gives the same dossiers in the search view (``display_name``), in a
    picker (``name_search``) and in the list the web client reads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.masson = cls._create_dossier(
            "Masson", "Élodie", cls.north, cls.referent, birth_date=date(1992, 11, 3), birth_name="Sanchez")
        cls.perrin = cls._create_dossier("Perrin", "Jean", cls.north, cls.referent, civility="m",
                                         birth_date=date(1990, 5, 17))
        cls.perrine = cls._create_dossier("Dubois", "Perrine", cls.north, cls.referent,
                                          birth_date=date(1991, 6, 18))
        # homonyms of another territory, out of the north référent's scope
        cls.perrin_south = cls._create_dossier("Perrin", "Lucie", cls.south, cls.referent_south,
                                               birth_date=date(1992, 11, 3))

    def _first(self, user, text):
        """The first dossier of the search view, of a picker and of the web
        client's list for ``text``, checked to be the same."""
        Beneficiary = self.env["casework.beneficiary"].with_user(user)
        found = Beneficiary.search([("display_name", "ilike", text)])
        picked = Beneficiary.name_search(text, limit=8)
        listed = Beneficiary.web_search_read([("display_name", "ilike", text)], {"display_name": {}}, limit=80)
        self.assertEqual([pair[0] for pair in picked], found.ids[:8], text)
        self.assertEqual([row["id"] for row in listed["records"]], found.ids[:80], text)
        return found

    def test_dossier_number_whole_or_part(self):
        found = self._first(self.referent, self.perrin.number)
        self.assertEqual(found[:1], self.perrin)
        self.assertEqual(self._first(self.referent, self.perrin.number.lower())[:1], self.perrin)
        digits = self.perrin.number.split("-")[-1]
        self.assertIn(self.perrin, self._first(self.referent, digits))

    def test_beginning_of_a_name_in_either_order(self):
        self.assertEqual(self._first(self.referent, "Mass")[:1], self.masson)
        self.assertEqual(self._first(self.referent, "Élodie Masson")[:1], self.masson)
        self.assertEqual(self._first(self.referent, "Masson Élodie")[:1], self.masson)
        self.assertEqual(self._first(self.referent, "sanchez")[:1], self.masson, "the birth name")
        self.assertFalse(self._first(self.referent, "Élodie Dupont"), "every word is a name of the person")

    def test_birth_date_in_french_or_iso(self):
        for text in ("03/11/1992", "3/11/1992", "1992-11-03", "03.11.1992"):
            with self.subTest(text=text):
                self.assertEqual(self._first(self.referent, text), self.masson)
        self.assertEqual(self._first(self.referent, "Masson 03/11/1992"), self.masson)
        self.assertFalse(self._first(self.referent, "Masson 04/11/1992"))

    def test_closest_first(self):
        # the exact name, then a name it begins
        self.assertEqual(self._first(self.referent, "Perrin").ids[:2], [self.perrin.id, self.perrine.id])
        self.assertEqual(set(self._first(self.referent, "perr").ids[:2]), {self.perrine.id, self.perrin.id})

    def test_only_the_dossiers_in_scope(self):
        self.assertNotIn(self.perrin_south, self._first(self.referent, "Perrin"))
        self.assertFalse(self._first(self.referent, self.perrin_south.number))
        self.assertFalse(self._first(self.referent, "Lucie Perrin"))
        self.assertFalse(self._first(self.referent_south, self.perrin.number))
        self.assertEqual(self._first(self.referent_south, "Perrin"), self.perrin_south)
        self.assertEqual(self._first(self.secretariat, "Perrin").ids[:2], [self.perrin.id, self.perrine.id])
        self.assertNotIn(self.perrin_south, self._first(self.secretariat, "Perrin"))
        self.assertIn(self.perrin_south, self._first(self.admin, "Perrin"))
        for user in (self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["casework.beneficiary"].with_user(user).name_search("Perrin")

    def test_another_order_is_kept(self):
        """A list sorted by a column keeps its order: the rank only replaces the default one."""
        Beneficiary = self.env["casework.beneficiary"].with_user(self.referent)
        found = Beneficiary.search([("display_name", "ilike", "Perr")], order="first_name")
        self.assertEqual(found.mapped("first_name"), sorted(found.mapped("first_name")))

    def test_other_operators_unchanged(self):
        Beneficiary = self.env["casework.beneficiary"].with_user(self.referent)
        self.assertNotIn(self.perrin, Beneficiary.search([("display_name", "not ilike", "Perrin")]))
        self.assertIn(self.masson, Beneficiary.search([("display_name", "not ilike", "Perrin")]))
        self.assertTrue(Beneficiary.name_search(""))
