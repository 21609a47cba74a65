import random
from datetime import date

import phonenumbers
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.casework_base.tools import phone

from .test_feed_import import FeedCommon

# (as written, E.164 stored)
VALID = [
    # metropolitan, every usual writing
    ("06 98 76 54 32", "+33698765432"),
    ("0698765432", "+33698765432"),
    ("06.98.76.54.32", "+33698765432"),
    ("06-98-76-54-32", "+33698765432"),
    ("04 75 64 12 34", "+33475641234"),
    ("09 70 12 34 56", "+33970123456"),
    ("+33 6 98 76 54 32", "+33698765432"),
    ("+33698765432", "+33698765432"),
    ("+33 (0)6 98 76 54 32", "+33698765432"),
    ("0033 6 98 76 54 32", "+33698765432"),
    ("0033698765432", "+33698765432"),
    # overseas, written the French way: their own country code
    ("06 92 12 34 56", "+262692123456"),  # Réunion, mobile
    ("0693 12 34 56", "+262693123456"),
    ("0262 12 34 56", "+262262123456"),  # Réunion, fixed
    ("06 39 01 23 45", "+262639012345"),  # Mayotte, mobile
    ("0269 61 23 45", "+262269612345"),  # Mayotte, fixed
    ("06 90 12 34 56", "+590690123456"),  # Guadeloupe, mobile
    ("0590 27 12 34", "+590590271234"),  # Guadeloupe, fixed
    ("0590 87 12 34", "+590590871234"),  # Saint-Barthélemy
    ("06 96 12 34 56", "+596696123456"),  # Martinique, mobile
    ("0596 60 12 34", "+596596601234"),  # Martinique, fixed
    ("06 94 12 34 56", "+594694123456"),  # Guyane, mobile
    ("0594 29 12 34", "+594594291234"),  # Guyane, fixed
    ("05 08 41 23 45", "+508412345"),  # Saint-Pierre-et-Miquelon
    # overseas numbers given with their own code, or with the metropolitan one by mistake
    ("+262 692 12 34 56", "+262692123456"),
    ("+33 6 92 12 34 56", "+262692123456"),
    ("0033 6 90 12 34 56", "+590690123456"),
    # abroad
    ("+44 20 7946 0958", "+442079460958"),
    ("+32 470 12 34 56", "+32470123456"),
]
INVALID = ["", "12", "06 12", "06 12 34 56 7", "06 12 34 56 78 9", "0700000000", "+33 1", "+33 6 12", "0033 1",
           "+44 12", "not a number", "06 98 76 54 3x", "+262 12"]


@tagged("post_install", "-at_install")
class TestPhoneRule(TransactionCase):
    """The one phone rule (tools/phone.py) on a table of inputs."""

    def test_valid_numbers_in_e164(self):
        for written, expected in VALID:
            with self.subTest(written=written):
                self.assertEqual(phone.to_e164(written), expected)
                parsed = phonenumbers.parse(expected)
                self.assertTrue(phonenumbers.is_valid_number(parsed), "phonenumbers agrees")

    def test_invalid_numbers_refused(self):
        for written in INVALID:
            with self.subTest(written=written), self.assertRaises(phone.InvalidPhone):
                phone.to_e164(written)

    def test_mobile_numbers_for_sms(self):
        """What an SMS can reach: a mobile number, in E.164; nothing else."""
        for written, expected in (("06 12 34 56 78", "+33612345678"), ("+33 7 81 22 33 44", "+33781223344"),
                                  ("+262 692 12 34 56", "+262692123456"), ("01 23 45 67 89", None),
                                  ("", None), (False, None), ("not a number", None), ("06 12", None)):
            with self.subTest(written=written):
                self.assertEqual(phone.mobile_e164(written), expected)

    def test_national_numbers_decided_as_phonenumbers(self):
        """The compiled patterns of the national numbers ("0" + nine
        digits) decide as phonenumbers.is_valid_number on the number of the
        country code the prefix gives: every metropolitan prefix of three
        digits and every overseas prefix, with random endings."""
        rng = random.Random(33)
        checked = 0
        overseas = {prefix: code for prefix, code in phone.OVERSEAS_PREFIXES.items()}
        prefixes = [f"0{prefix}" for prefix in range(100, 1000)]
        prefixes += [prefix[:3] for prefix in overseas for _repeat in range(3)]
        for prefix in prefixes:
            for _index in range(6):
                national = prefix + "".join(str(rng.randint(0, 9)) for _digit in range(10 - len(prefix)))
                code = overseas.get(national[:4], 33)
                number = phonenumbers.PhoneNumber(country_code=code, national_number=int(national[1:]))
                expected = f"+{code}{national[1:]}" if phonenumbers.is_valid_number(number) else None
                try:
                    found = phone.to_e164(national)
                except phone.InvalidPhone:
                    found = None
                if national.startswith(phone.SPM_PREFIX):
                    continue  # Saint-Pierre-et-Miquelon: six digits, tested above
                self.assertEqual(found, expected, national)
                checked += 1
        self.assertGreater(checked, 5400)


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestPhoneEverywhere(FeedCommon):
    """The form, the feed's file runs and its API store the same number."""

    def test_form_feed_and_api_agree(self):
        Run = self.env["casework.feed.run"]
        for index, (written, expected) in enumerate(VALID):
            with self.subTest(written=written):
                dossier = self.env["casework.beneficiary"].create({
                    "civility": "mme", "first_name": f"Forme{index}", "usage_name": "Martin",
                    "birth_date": date(1990, 1, 1), "territory_id": self.north.id, "phone": written,
                })
                self.assertEqual(dossier.phone, expected, "form")
        lines = [self.line(f"PH{index:02d}", first_name=f"Fichier{index}", phone=written)
                 for index, (written, _expected) in enumerate(VALID)]
        run = self.feed(lines)
        self.assertEqual((run.created_count, run.rejected_count), (len(VALID), 0), run.reject_ids.mapped("reason"))
        for index, (written, expected) in enumerate(VALID):
            self.assertEqual(self.dossier(f"PH{index:02d}").phone, expected, f"file run: {written}")
            self.assertEqual(self.dossier(f"PH{index:02d}").partner_id.phone_sanitized, expected)
        for index, (written, expected) in enumerate(VALID):
            record = dict(zip(["NUM", "CIV", "PRENOM", "NOM", "NAISSANCE", "TEL", "MAIL", "VILLE", "REFERENT",
                               "DESIGNATION", "ETAT_DROIT"],
                              self.line(f"PA{index:02d}", first_name=f"Api{index}", phone=written)[:11], strict=False))
            result = Run.api_push_person("genesis_test", record)
            self.assertEqual(result["status"], "created", result)
            self.assertEqual(self.dossier(f"PA{index:02d}").phone, expected, f"API: {written}")

    def test_invalid_numbers_refused_everywhere(self):
        for written in INVALID[1:]:
            with self.subTest(written=written):
                with self.assertRaisesMessage(ValidationError, "is not a valid phone number"):
                    self.dossier_north.phone = written
        lines = [self.line(f"PI{index:02d}", phone=written) for index, written in enumerate(INVALID[1:])]
        run = self.feed(lines)
        self.assertEqual((run.created_count, run.rejected_count), (0, len(INVALID) - 1))
        for reject in run.reject_ids:
            self.assertEqual(reject.column, "TEL")
            self.assertIn("is not a valid phone number (for example 06 12 34 56 78", reject.reason)
        result = self.env["casework.feed.run"].api_push_person("genesis_test", {
            "NUM": "PI99", "CIV": "MME", "PRENOM": "Lucie", "NOM": "Martin", "NAISSANCE": "12/05/1990",
            "TEL": "+33 1", "REFERENT": "cw_referent",
        })
        self.assertEqual(result["status"], "rejected")
        self.assertEqual(result["rejects"][0]["column"], "TEL")
        self.assertIn("“+33 1” is not a valid phone number", result["rejects"][0]["reason"])

    def test_error_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["casework_base"], ["fr_FR"], overwrite=True)
        run = self.feed([self.line("PF01", phone="+33 1")], lang="fr_FR")
        self.assertEqual(run.reject_ids.reason,
                         "« +33 1 » n'est pas un numéro de téléphone valide (par exemple 06 12 34 56 78 ou "
                         "+33 6 12 34 56 78).")
