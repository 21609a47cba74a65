from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .test_feed_import import HEADER, FeedCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFeedKeys(FeedCommon):
    """External keys compare as the administrative system means them, and
    a line given twice is one line."""

    def record(self, key, **changes):
        record = dict(zip(HEADER[:11], self.line(key)[:11], strict=False))
        record.update(changes)
        return record

    def test_identical_lines_are_one_line(self):
        lines = [self.line("D001"), self.line("D002", first_name="Paul", civility="M"), self.line("D001")]
        run = self.feed(lines)
        self.assertEqual(run.state, "done", run.error)
        self.assertEqual((run.created_count, run.rejected_count, run.duplicate_count), (2, 0, 1))
        self.assertEqual(run.line_count, 3)
        self.assertEqual(self.dossier("D001").first_name, "Lucie", "the person is imported")
        self.assertFalse(run.reject_ids)
        # the same file again: the copy is still one line, nothing changes
        again = self.feed(lines, date(2026, 11, 16))
        self.assertEqual((again.created_count, again.unchanged_count, again.rejected_count, again.duplicate_count),
                         (0, 2, 0, 1))

    def test_same_key_with_different_contents_stays_rejected(self):
        run = self.feed([self.line("D010"), self.line("D010", first_name="Lucienne"), self.line("D010")])
        self.assertEqual((run.created_count, run.rejected_count, run.duplicate_count), (0, 2, 1))
        self.assertEqual(run.reject_ids.mapped("line_number"), [2, 3])
        for reject in run.reject_ids:
            self.assertIn("Duplicated key D010 (rank 1) in the file, on lines 2, 3", reject.reason)
        self.assertFalse(self.dossier("D010"))

    def test_leading_zeros_are_the_same_person(self):
        run = self.feed([self.line("0123456")])
        self.assertEqual(run.created_count, 1)
        dossier = self.dossier("123456")
        self.assertTrue(dossier, "the key is stored as the number it writes")
        run = self.feed([self.line("123456", referent="cw_referent_other")], date(2026, 11, 16))
        self.assertEqual((run.created_count, run.updated_count, run.reorientation_count), (0, 1, 1))
        run = self.feed([self.line("00123456", referent="cw_referent_other")], date(2026, 11, 17))
        self.assertEqual((run.created_count, run.unchanged_count), (0, 1))
        self.assertEqual(self.env["casework.beneficiary"].search_count(
            [("external_ref", "in", ["123456", "0123456", "00123456"])]), 1)
        dossier.invalidate_recordset()
        self.assertEqual(self.parcours(dossier).user_id, self.referent | self.referent_other)

    def test_leading_zeros_within_one_file(self):
        # the same line written with and without the zero: one line
        run = self.feed([self.line("0777"), self.line("777")])
        self.assertEqual((run.created_count, run.rejected_count, run.duplicate_count), (1, 0, 1))
        # the same key with other contents: ambiguous, both rejected
        run = self.feed([self.line("0888"), self.line("888", first_name="Lucienne")])
        self.assertEqual((run.created_count, run.rejected_count), (0, 2))
        self.assertFalse(self.dossier("888") or self.dossier("0888"))

    def test_exact_keys_when_the_mapping_says_so(self):
        self.mapping.key_normalisation = "exact"
        run = self.feed([self.line(" 0999 "), self.line("999", first_name="Paul", civility="M")])
        self.assertEqual((run.created_count, run.rejected_count), (2, 0))
        self.assertEqual(self.dossier("0999").first_name, "Lucie")
        self.assertEqual(self.dossier("999").first_name, "Paul")

    def test_api_compares_keys_as_the_files(self):
        Run = self.env["casework.feed.run"]
        self.feed([self.line("0042")])
        dossier = self.dossier("42")
        result = Run.api_push_person("genesis_test", self.record("42"))
        self.assertEqual(result["status"], "unchanged")
        self.assertEqual(result["dossiers"], [{"external_ref": "42", "rank": 1, "number": dossier.number}])
        result = Run.api_push_person("genesis_test", self.record("000042", REFERENT="cw_referent_other"))
        self.assertEqual(result["status"], "updated")
        self.assertEqual(self.env["casework.beneficiary"].search_count([("external_ref", "like", "42")]), 1)
        for written in ("42", "0042", " 00042 "):
            status = Run.api_dossier_status(written)
            self.assertEqual([(s["number"], s["referent_login"]) for s in status],
                             [(dossier.number, "cw_referent_other")], written)
        result = Run.api_push_person("genesis_test", self.record("0043"))
        self.assertEqual(result["status"], "created")
        self.assertEqual(result["dossiers"][0]["external_ref"], "43")

    def test_api_rejects_keep_their_accents(self):
        self.mapping.encoding = "cp1252"
        self.mapping.line_ids.create({"mapping_id": self.mapping.id, "source_column": "ADRESSE", "target": "street"})
        result = self.env["casework.feed.run"].api_push_person(
            "genesis_test", self.record("A100", REFERENT="personne", ADRESSE="3 allée des Érables", PRENOM="Gaëlle")
        )
        self.assertEqual(result["status"], "rejected")
        run = self.env["casework.feed.run"].search([("is_partial", "=", True), ("mapping_id", "=", self.mapping.id)])
        raw = run.reject_ids.raw_line
        self.assertIn("3 allée des Érables", raw)
        self.assertIn("Gaëlle", raw)
        self.assertNotIn("Ã", raw)
