from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon

from ..tools import name_matching

D = date(1985, 3, 12)

# (existing dossier, new identity): civility, first name, usage name, birth name, birth date
MUST_MATCH = [
    (("mme", "Marie", "Dupuis", None, D), ("mme", "marie", "DUPUIS", None, D)),
    (("mme", "Hélène", "Lefèvre", None, D), ("mme", "Helene", "Lefevre", None, D)),
    (("m", "Jean-Pierre", "Marchal", None, D), ("m", "Jean Pierre", "Marchal", None, D)),
    (("m", "Jean-Pierre", "Marchal", None, D), ("m", "Jeanpierre", "MARCHAL", None, D)),
    (("mme", "Sophie", "Martin-Durand", None, D), ("mme", "Sophie", "Martin", None, D)),
    (("mme", "Claire", "Vidal", "Rolland", D), ("mme", "Claire", "Rolland", None, D)),
    (("m", "Karim", "Benali", None, D), ("m", "Benali", "Karim", None, D)),
    (("mme", "Nathalie", "Bernard", None, D), ("mme", "Nathalie", "Bernrad", None, D)),
    (("m", "François", "Girard", None, D), ("m", "Francois", "Girrard", None, D)),
    (("m", "Mathieu", "Rousseau", None, D), ("m", "Matthieu", "Rousseau", None, D)),
    (("mme", "Aurélie", "Fontaine", None, date(1990, 4, 7)), ("mme", "Aurelie", "Fontaine", None, date(1990, 7, 4))),
    (("mme", "Élodie", "Chevalier", None, D), ("mme", "Elodie", "Chevallier", None, D)),
    (("mme", "Thi-Lan", "Nguyen", None, D), ("mme", "Thi Lan", "NGUYEN", None, D)),
    (("m", "Mohamed", "Ben Ahmed", None, D), ("m", "Mohamed", "Benahmed", None, D)),
    (("mme", "Anne-Sophie", "Le Gall", None, D), ("mme", "Anne Sophie", "Legall", None, D)),
    (("mme", "Chloé", "Da Silva", None, date(1992, 5, 9)), ("mme", "Chloe", "Dasilva", None, date(1992, 9, 5))),
    (("mme", "Zoé", "Lefebvre", None, D), ("mme", "Zoe", "Lefebre", None, D)),
    (("m", "Grégoire", "D'Arcy", None, D), ("m", "Gregoire", "Darcy", None, D)),
    (("mme", "Maëlys", "Gauthier", None, D), ("mme", "Maelys", "Gautier", None, D)),
    (("mme", "Yasmina", "Moreau", "El Idrissi", D), ("mme", "Yasmina", "El-Idrissi", None, D)),
    (("m", "Thomas", "Müller", None, D), ("m", "Thomas", "Muller", None, D)),
    (("mme", "Cécile", "Œuvray", None, D), ("mme", "Cecile", "Oeuvray", None, D)),
    (("m", "Laurent", "Dubois", None, D), ("m", "Dubois", "Lorent", None, D)),
    (("mme", "Isabelle", "Petit-Jean", None, D), ("mme", "Isabelle", "Petitjean", None, D)),
    (("mme", "Inès", "Garnier", None, D), ("mme", "Ines", "Garnier", None, date(1986, 3, 12))),
]

MUST_NOT_MATCH = [
    (("mme", "Marie", "Dupuis", None, D), ("m", "Paul", "Dupuis", None, D)),
    (("mme", "Marie", "Dupuis", None, D), ("mme", "Marie", "Dupuis", None, date(1972, 9, 25))),
    (("mme", "Léa", "Roux", None, D), ("m", "Léo", "Roux", None, D)),
    (("mme", "Léa", "Roux", None, D), ("mme", "Lia", "Roux", None, D)),
    (("m", "Jean", "Marchal", None, D), ("m", "Pierre", "Durand", None, D)),
    (("mme", "Sophie", "Martin", None, D), ("mme", "Sophie", "Marchand", None, D)),
    (("mme", "Julie", "Bernard", None, D), ("m", "Julien", "Bernard", None, D)),
    (("m", "Thomas", "Petit", None, date(1990, 1, 2)), ("m", "Thomas", "Petit", None, date(1997, 5, 6))),
    (("m", "Karim", "Benali", None, D), ("mme", "Karima", "Benali", None, D)),
    (("mme", "Anne", "Moreau", None, date(1960, 2, 3)), ("mme", "Anne", "Moreau", None, date(1988, 11, 27))),
    (("m", "Nicolas", "Lambert", None, date(1980, 5, 6)), ("m", "Nicolas", "Lambert", None, date(1980, 6, 17))),
    (("mme", "Emma", "Leroy", None, D), ("mme", "Emma", "Leroux", None, D)),
    (("m", "Hugo", "Blanc", None, D), ("m", "Hugo", "Blanche", None, D)),
    (("mme", "Manon", "Fournier", None, D), ("mme", "Marion", "Fournier", None, D)),
    (("m", "Paul", "Robert", None, date(1975, 4, 18)), ("m", "Robert", "Paul", None, date(1983, 8, 30))),
    (("m", "Jean", "Dupuis", None, D), ("mme", "Jeanne", "Dupuis", None, D)),
    (("m", "Pierre", "Lefèvre", None, date(1985, 12, 3)), ("m", "Pierre", "Lefèvre", None, date(1985, 4, 21))),
    (("mme", "Laura", "Petit", None, D), ("mme", "Clara", "Petit", None, D)),
    (("m", "Yanis", "Haddad", None, date(1999, 1, 15)), ("m", "Yanis", "Hadad", None, date(2003, 6, 28))),
    (("mme", "Emma", "Roux", None, D), ("mme", "Emma", "Rousseau", None, D)),
    (("m", "Louis", "Mercier", None, D), ("mme", "Louise", "Mercier", None, D)),
    (("m", "Adrien", "Colin", None, D), ("m", "Adrien", "Collet", None, date(1991, 7, 22))),
]


def identity(row):
    civility, first_name, usage_name, birth_name, birth_date = row
    return {
        "civility": civility, "first_name": first_name, "usage_name": usage_name,
        "birth_name": birth_name, "birth_date": birth_date,
    }


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestDuplicateDetection(CaseworkCommon):
    """The duplicate search: its table of cases, certain identifiers, what
    it reveals outside the user's scope, and the confirmation on create."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france_travail = cls.env.ref("casework_identity.identifier_type_france_travail")

    def _existing(self, row, territory=None, **extra):
        return self.env["casework.beneficiary"].create({
            **identity(row), "territory_id": (territory or self.north).id, **extra,
        })

    def test_normalised_names(self):
        expected = {
            ("Jean-Pierre", "Martin-Dupont", "MARTIN"): "jean pierre martin dupont",
            ("Cécile", "Œuvray", None): "cecile oeuvray",
            ("Chloé", "D'Arcy", "Da Silva"): "chloe d arcy da silva",
            ("Maëlys", "Müller", "Łukasz"): "maelys muller lukasz",
            ("  Zoé ", "Lefebvre--Léger", ""): "zoe lefebvre leger",
            ("Anne Sophie", "Le  Gall", "Le Gall"): "anne sophie le gall",
        }
        for names, search_name in expected.items():
            self.assertEqual(name_matching.search_name(*names), search_name)
        dossier = self._existing(("mme", "Cécile", "Œuvray-Léger", None, D))
        self.assertEqual(dossier.search_name, "cecile oeuvray leger")
        # computed in Python: the module adds no SQL function
        self.env.cr.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'casework%%'")
        self.assertEqual(self.env.cr.fetchall(), [])

    def test_table_of_pairs(self):
        self.assertGreaterEqual(len(MUST_MATCH), 20)
        self.assertGreaterEqual(len(MUST_NOT_MATCH), 20)
        Beneficiary = self.env["casework.beneficiary"].with_user(self.admin)
        for expected, table in ((True, MUST_MATCH), (False, MUST_NOT_MATCH)):
            for existing_row, new_row in table:
                with self.subTest(existing=existing_row[1:3], new=new_row[1:3], expected=expected):
                    with self.env.cr.savepoint() as savepoint:
                        existing = self._existing(existing_row)
                        found = Beneficiary._casework_find_duplicates(identity(new_row))
                        hit = [item for item in found if item["record"] == existing]
                        self.assertEqual(bool(hit), expected, found)
                        if expected:
                            self.assertTrue(hit[0]["reasons"])
                        savepoint.rollback()

    def test_reasons(self):
        existing = self._existing(("mme", "Claire", "Vidal", "Rolland", D))
        found = self.env["casework.beneficiary"]._casework_find_duplicates(
            identity(("mme", "Rolland", "Claire", None, date(1985, 12, 3))))
        self.assertEqual(found[0]["record"], existing)
        self.assertIn("Day and month swapped", found[0]["reasons"])
        self.assertIn("First and last name swapped", found[0]["reasons"])
        self.assertIn("Birth name = usage name", found[0]["reasons"])
        self.assertLess(found[0]["score"], 100)

    def test_same_identifier_is_certain(self):
        existing = self._existing(
            ("m", "Luc", "Skywalker", None, date(1997, 5, 25)),
            identifier_ids=[Command.create({"type_id": self.france_travail.id, "value": "1234560B"})],
        )
        found = self.env["casework.beneficiary"]._casework_find_duplicates({
            "civility": "m", "first_name": "Lucien", "usage_name": "Marcheciel", "birth_date": date(1996, 1, 2),
            "identifier_ids": [Command.create({"type_id": self.france_travail.id, "value": "123 456 0b"})],
        })
        self.assertEqual(found[0]["record"], existing)
        self.assertEqual(found[0]["score"], 100)
        self.assertEqual(found[0]["reasons"], ["Same identifier (France Travail, CAF...): certain match"])
        self.assertEqual(existing.france_travail_number, "1234560B")
        self.assertEqual(
            self.env["casework.beneficiary"].search([("france_travail_number", "=", "1234560 b")]), existing
        )

    def test_existing_dossier_and_archived(self):
        twin = self._existing(("mme", "Marie", "Dupont", None, date(1985, 3, 12)))
        self.assertEqual(self.dossier_north.duplicate_count, 1)
        self.assertIn("Same birth date", self.dossier_north.duplicate_html)
        self.assertTrue(self.dossier_north.has_duplicates)
        self.assertFalse(self.dossier_north_other.has_duplicates)
        twin.active = False
        self.dossier_north.invalidate_recordset()
        self.assertEqual(self.dossier_north.duplicate_count, 0, "archived dossiers are not duplicates")

    def test_scope_of_what_is_revealed(self):
        """A duplicate the user cannot read is counted, never named."""
        vals = identity(("mme", "Ines", "GARCIA", None, date(1985, 3, 12)))
        for user, readable in ((self.secretariat, False), (self.referent, False), (self.referent_south, True),
                               (self.admin, True)):
            with self.subTest(user=user.login):
                found = self.env["casework.beneficiary"].with_user(user)._casework_find_duplicates(vals)
                self.assertEqual(len(found), 1)
                self.assertEqual(found[0]["readable"], readable)
                self.assertEqual(bool(found[0]["record"]), readable)
                html = self.env["casework.beneficiary"].with_user(user)._casework_duplicates_html(found)
                self.assertEqual("Garcia" in html or self.dossier_south.number in html, readable)
                if not readable:
                    self.assertIn("another territory", html)
        # a référent does not see a colleague's dossier of the same territory either
        found = self.env["casework.beneficiary"].with_user(self.referent)._casework_find_duplicates(
            identity(("m", "Paul", "Leroy", None, date(1985, 3, 12))))
        self.assertEqual([item["readable"] for item in found], [False])

    def test_confirmation_on_create(self):
        Beneficiary = self.env["casework.beneficiary"].with_user(self.secretariat)
        form = Form(Beneficiary.with_context(casework_check_duplicates=True))
        form.civility = "mme"
        form.first_name = "Marie"
        form.usage_name = "DUPONT"
        form.birth_date = date(1985, 3, 12)
        form.territory_id = self.north
        self.assertEqual(form.duplicate_count, 1)
        self.assertIn(self.dossier_north.number, form.duplicate_html)
        with self.assertRaisesMessage(UserError, "tick “Not a duplicate: create anyway”"):
            form.save()
        form.duplicate_confirmed = True
        created = form.save()
        self.assertTrue(created.duplicate_confirmed)
        # imports and batch code are not blocked
        imported = Beneficiary.create(
            identity(("mme", "Marie", "Dupont", None, date(1985, 3, 12))) | {"territory_id": self.north.id})
        self.assertFalse(imported.duplicate_confirmed)
        # a duplicate outside the scope blocks too, without naming it
        with self.assertRaisesMessage(UserError, "another territory"):
            Beneficiary.with_context(casework_check_duplicates=True).create(
                identity(("mme", "Inès", "Garcia", None, date(1985, 3, 12))) | {"territory_id": self.north.id})

    def test_search_with_a_birth_date_closest_first(self):
        close = self._existing(("mme", "Marie", "Dupond", None, date(1985, 3, 12)))
        far = self._existing(("mme", "Marianne", "Dupontel", None, date(1970, 1, 1)))
        Beneficiary = self.env["casework.beneficiary"].with_user(self.secretariat)
        found = Beneficiary.search([("display_name", "ilike", "dupont marie 12/03/1985")])
        self.assertEqual(found.ids, [self.dossier_north.id, close.id], "the same name, then a typo")
        without_date = Beneficiary.search([("display_name", "ilike", "dupont marie")])
        self.assertEqual(without_date.ids[:2], [self.dossier_north.id, close.id])
        self.assertNotIn(far, found, "another birth date")
        self.assertIn(far, Beneficiary.search([("display_name", "ilike", "dupont mari")]), "a beginning")
        names = Beneficiary.name_search("Dupont Marie 12/03/1985")
        self.assertEqual([pair[0] for pair in names], [self.dossier_north.id, close.id])
        # accents and case; outside the scope
        self.assertFalse(Beneficiary.search([("display_name", "ilike", "INES GARCIA")]))
        self.assertEqual(
            self.env["casework.beneficiary"].with_user(self.admin).search(
                [("display_name", "ilike", "INES GARCIA")])[:1],
            self.dossier_south,
        )
