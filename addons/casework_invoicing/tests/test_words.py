from odoo.tests import TransactionCase, tagged

from ..tools.words import amount_to_words_fr


@tagged("post_install", "-at_install")
class TestWords(TransactionCase):
    """The total of an invoice in French words."""

    def test_amounts_in_words(self):
        cases = {
            1280.80: "mille deux cent quatre-vingts euros et quatre-vingts centimes",
            80: "quatre-vingts euros",
            200: "deux cents euros",
            201: "deux cent un euros",
            1000000: "un million d'euros",
            2000000: "deux millions d'euros",
            1000200: "un million deux cents euros",
            1: "un euro",
            0: "zéro euro",
            0.01: "un centime",
            0.8: "quatre-vingts centimes",
            21.21: "vingt et un euros et vingt et un centimes",
            71.99: "soixante et onze euros et quatre-vingt-dix-neuf centimes",
        }
        for amount, words in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(amount_to_words_fr(amount), words)

    def test_float_noise_and_other_currencies(self):
        self.assertEqual(amount_to_words_fr(0.1 + 0.2), "trente centimes")
        self.assertEqual(amount_to_words_fr(12.5, "USD"), "douze dollars et cinquante cents")
        with self.assertRaisesRegex(ValueError, "cannot be negative"):
            amount_to_words_fr(-1)
