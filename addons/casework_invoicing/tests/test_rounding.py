import random

from odoo.tests import TransactionCase, tagged

from ..tools.rounding import largest_remainder, split_lines


@tagged("post_install", "-at_install")
class TestRounding(TransactionCase):
    """Splitting between co-funders to the cent (pure functions)."""

    def test_largest_remainder(self):
        self.assertEqual(largest_remainder(1, [3334, 3333, 3333]), [1, 0, 0])
        self.assertEqual(largest_remainder(2, [3334, 3333, 3333]), [1, 1, 0])
        self.assertEqual(largest_remainder(10000, [3334, 3333, 3333]), [3334, 3333, 3333])
        self.assertEqual(largest_remainder(100, [1, 1, 1]), [34, 33, 33])
        self.assertEqual(largest_remainder(1, [1, 1]), [1, 0])
        self.assertEqual(largest_remainder(0, [6000, 4000]), [0, 0])
        self.assertEqual(largest_remainder(12345, [1]), [12345])
        with self.assertRaisesRegex(ValueError, "cannot all be zero"):
            largest_remainder(100, [0, 0])

    def test_three_thirds_do_not_drift(self):
        """3 × 33.33 %: line after line of 12.67 €, the odd cent does not
        always go to the same funder; each invoice is its share of the total."""
        split = split_lines([1267] * 300, [3334, 3333, 3333])
        self.assertTrue(all(sum(line) == 1267 for line in split))
        totals = [sum(line[f] for line in split) for f in range(3)]
        self.assertEqual(sum(totals), 1267 * 300)
        self.assertEqual(totals, largest_remainder(1267 * 300, [3334, 3333, 3333]))
        self.assertEqual(totals, [126726, 126687, 126687])

    def test_one_cent_lines(self):
        split = split_lines([1, 1, 1], [5000, 5000])
        self.assertEqual([sum(line) for line in split], [1, 1, 1])
        self.assertEqual(sorted(sum(line[f] for line in split) for f in range(2)), [1, 2])

    def test_random_splits_are_exact(self):
        rng = random.Random(14)
        for _run in range(300):
            weights = [rng.randint(0, 10000) for _funder in range(rng.randint(1, 5))]
            if not sum(weights):
                continue
            amounts = [rng.randint(0, 50000) for _line in range(rng.randint(0, 40))]
            split = split_lines(amounts, weights)
            self.assertEqual([sum(line) for line in split], amounts)
            self.assertEqual(
                [sum(line[f] for line in split) for f in range(len(weights))],
                largest_remainder(sum(amounts), weights),
            )
            for line, amount in zip(split, amounts, strict=True):
                for part, weight in zip(line, weights, strict=True):
                    exact = amount * weight / sum(weights)
                    self.assertLess(abs(part - exact), 1)
