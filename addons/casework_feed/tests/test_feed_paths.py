from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, tagged

from ..tools import feed_rules, person_values
from .test_feed_import import HEADER, FeedCommon


@tagged("post_install", "-at_install")
class TestPersonValues(BaseCase):
    """The one preparation of a person's values and the feed's rules: pure
    Python, no database."""

    def test_birth_date_bounds(self):
        today = date(2026, 11, 15)
        self.assertTrue(person_values.birth_date_possible(date(1906, 1, 1), today))
        self.assertFalse(person_values.birth_date_possible(date(1905, 12, 31), today))
        self.assertTrue(person_values.birth_date_possible(today, today))
        self.assertFalse(person_values.birth_date_possible(date(2026, 11, 16), today))
        with self.assertRaises(person_values.InvalidValue) as caught:
            person_values.check_birth_date(date(1901, 5, 1), today)
        self.assertEqual(caught.exception.field, "birth_date")

    def test_creation_values(self):
        person = {"first_name": "Zoé", "usage_name": "Lefèvre", "contact": {"phone": "06 12 34 56 78",
                                                                            "email": "Zoe@Example.org"}}
        values = person_values.creation_values(
            person, lambda first, usage: f"{usage.upper()} {first}", lambda first, usage, birth: f"{first} {usage}")
        self.assertEqual(values, {"name": "LEFÈVRE Zoé", "search_name": "Zoé Lefèvre",
                                  "email_normalized": "zoe@example.org"})
        self.assertEqual(person["contact"]["phone"], "+33612345678")
        person = {"contact": {"phone": "12"}}
        with self.assertRaises(person_values.InvalidValue) as caught:
            person_values.creation_values(person, lambda *a: "", lambda *a: "")
        self.assertEqual((caught.exception.field, caught.exception.value), ("phone", "12"))

    def test_reorientation_and_return(self):
        file_date = date(2026, 11, 16)
        row = (7, "K1", 1, "mme", "Lucie", "MARTIN", False, date(1990, 5, 12), False)
        person = {"referent": 3, "designation_date": date(2026, 11, 16), "characteristics": {}, "first_name": "Lucie"}
        # another referent: a réorientation from the designation date
        plan = feed_rules.plan_update(person, row, (7, 70, 2, date(2026, 11, 2), False), (7, 80, date(2026, 11, 2),
                                      False), {}, file_date, 1, 99)
        self.assertTrue(plan["reorientation"] and plan["changed"])
        self.assertEqual(plan["new_assignment"]["date_start"], date(2026, 11, 16))
        self.assertEqual(plan["new_values"], [{"beneficiary_id": 7, "type_id": 99, "date": file_date,
                                               "value_date": file_date}])
        # the same referent, exit entered by hand: undone (a return)
        plan = feed_rules.plan_update(person, row, (7, 70, 3, date(2026, 11, 2), date(2026, 11, 10)),
                                      (7, 80, date(2026, 11, 2), date(2026, 11, 10)),
                                      {99: {"id": 5, "value_date": date(2026, 11, 15)}}, file_date, 1, 99)
        self.assertEqual((plan["reopen_assignment"], plan["reopen_enrollment"], plan["returned"]), (70, 80, True))
        self.assertEqual(plan["refresh_update_id"], 5)
        self.assertFalse(plan["reorientation"])
        # a justified identity keeps its locked fields
        justified = row[:8] + (True,)
        plan = feed_rules.plan_update(dict(person, first_name="Lucy", usage_name="DURAND"), justified,
                                      (7, 70, 3, date(2026, 11, 2), False), (7, 80, date(2026, 11, 2), False),
                                      {99: {"id": 5, "value_date": file_date}}, file_date, 1, 99)
        self.assertEqual((plan["identity"], plan["locked"]), ({"usage_name": "DURAND"}, {"first_name": "Lucy"}))

    def test_batch_size(self):
        self.assertEqual(feed_rules.batch_size(100000, 5000), 5000)
        self.assertEqual(feed_rules.batch_size(10000, 5000), 2000)
        self.assertEqual(feed_rules.batch_size(30, 5000), 500)
        self.assertEqual(feed_rules.batch_size(30, 2), 2)


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFeedPaths(FeedCommon):
    """A file run writes new dossiers with COPY, an API push through the ORM:
    the same lines have the same outcome either way (one preparation,
    ``tools/person_values.py``), and the bounds agree with the dossier form."""

    BAD = {
        "old": {"birth": "31/12/1905"},       # before the form's bound (today's year - 120)
        "future": {"birth": "16/11/2026"},    # after today
        "phone": {"phone": "06 12"},          # not a phone number
        "phone_intl": {"phone": "+33 1"},
        "no_date": {"birth": "31/02/1990"},   # not a date
    }
    GOOD = {
        "oldest": {"birth": "01/01/1906"},    # the form's bound itself
        "overseas": {"phone": "0692 12 34 56"},
    }

    def outcomes_of_file(self, prefix):
        cases = {**self.BAD, **self.GOOD}
        lines = [self.line(f"{prefix}{name}", first_name=name.capitalize(), **values) for name, values in cases.items()]
        run = self.feed(lines)
        self.assertEqual(run.state, "done", run.error)
        rejects = {r.external_ref: (r.column, r.reason) for r in run.reject_ids}
        return {name: rejects.get(f"{prefix}{name}") or self.stored(f"{prefix}{name}") for name in cases}

    def outcomes_of_api(self, prefix):
        outcomes = {}
        for name, values in {**self.BAD, **self.GOOD}.items():
            line = self.line(f"{prefix}{name}", first_name=name.capitalize(), **values)
            record = dict(zip(HEADER, line, strict=True))
            result = self.env["casework.feed.run"].api_push_person("genesis_test", record)
            if result["status"] == "rejected":
                outcomes[name] = (result["rejects"][0]["column"], result["rejects"][0]["reason"])
            else:
                outcomes[name] = self.stored(f"{prefix}{name}")
        return outcomes

    def stored(self, key):
        dossier = self.dossier(key)
        return (dossier.birth_date, dossier.phone, dossier.partner_id.phone_sanitized, dossier.name,
                dossier.search_name)

    def test_same_lines_same_outcomes_on_both_paths(self):
        by_file = self.outcomes_of_file("PF")
        by_api = self.outcomes_of_api("PA")
        self.assertEqual(by_file, by_api)
        for name in self.BAD:
            self.assertIsInstance(by_file[name][0], str, f"{name} rejected")
        self.assertEqual(by_file["old"][0], "NAISSANCE")
        self.assertIn("is not possible", by_file["old"][1])
        self.assertEqual(by_file["phone"][0], "TEL")
        self.assertEqual(by_file["oldest"][0], date(1906, 1, 1))
        self.assertEqual(by_file["overseas"][1], "+262692123456")

    def test_bounds_agree_with_the_dossier_form(self):
        today = date(2026, 11, 15)
        for birth_date in (date(1905, 12, 31), date(1906, 1, 1), today, date(2026, 11, 16)):
            with self.subTest(birth_date=birth_date):
                possible = person_values.birth_date_possible(birth_date, today)
                try:
                    with self.env.cr.savepoint():
                        self.env["casework.beneficiary"].create({
                            "civility": "mme", "first_name": "Borne", "usage_name": "Date", "birth_date": birth_date,
                            "territory_id": self.north.id,
                        })
                    accepted = True
                except ValidationError:
                    accepted = False
                self.assertEqual(accepted, possible)
