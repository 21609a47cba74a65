from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .test_feed_import import HEADER, FeedCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFeedIdentity(FeedCommon):
    """The feed and the identity: a justified identity keeps its locked
    fields, and every change the feed makes is traced, naming the run."""

    def traces(self, dossier):
        return dossier.message_ids.filtered(lambda m: "Identity changed by the daily feed" in str(m.body))

    def tracked(self, message):
        return {t.field_id.name: (t.old_value_char or t.old_value_datetime, t.new_value_char or t.new_value_datetime)
                for t in message.tracking_value_ids}

    def test_justified_identity_kept_with_a_warning(self):
        self.feed([self.line("J001")])
        dossier = self.dossier("J001")
        dossier.with_user(self.secretariat).action_justify_identity()
        run = self.feed([self.line("J001", first_name="Lucienne", usage_name="Durand", birth="13/05/1990")],
                        date(2026, 11, 16))
        self.assertEqual(run.state, "done", run.error)
        dossier.invalidate_recordset()
        self.assertEqual((dossier.first_name, dossier.birth_date), ("Lucie", date(1990, 5, 12)), "locked: kept")
        self.assertEqual(dossier.usage_name, "Durand", "the usage name is not locked")
        self.assertEqual((run.updated_count, run.rejected_count, run.warning_count), (1, 0, 1))
        warning = run.reject_ids
        self.assertEqual((warning.severity, warning.line_number, warning.column), ("warning", 2, "PRENOM"))
        self.assertIn(f"The identity of dossier {dossier.number} is justified: First Name, Birth Date kept",
                      warning.reason)
        # the secretariat of the territory sees it on the dossier
        notes = dossier.with_user(self.secretariat).message_ids.filtered(
            lambda m: "describes this person otherwise" in str(m.body))
        self.assertEqual(len(notes), 1)
        self.assertIn("Lucienne", str(notes.body))
        self.assertIn("13/05/1990", str(notes.body))
        # the usage name's change is traced
        self.assertEqual(self.tracked(self.traces(dossier)), {"usage_name": ("Martin", "Durand")})
        # the next night, the same difference: a warning line, no second note
        run = self.feed([self.line("J001", first_name="Lucienne", usage_name="Durand", birth="13/05/1990")],
                        date(2026, 11, 17))
        self.assertEqual((run.unchanged_count, run.warning_count), (1, 1))
        notes = dossier.message_ids.filtered(lambda m: "describes this person otherwise" in str(m.body))
        self.assertEqual(len(notes), 1)
        self.assertEqual(dossier.first_name, "Lucie")

    def test_justified_identity_kept_through_the_api(self):
        self.feed([self.line("J002")])
        dossier = self.dossier("J002")
        dossier.with_user(self.secretariat).action_justify_identity()
        record = dict(zip(HEADER[:11], self.line("J002", civility="M", first_name="Luc")[:11], strict=False))
        result = self.env["casework.feed.run"].api_push_person("genesis_test", record)
        self.assertEqual(result["status"], "unchanged")
        self.assertEqual(result["rejects"], [])
        self.assertEqual(result["warnings"][0]["column"], "CIV")
        self.assertIn("Civility, First Name kept", result["warnings"][0]["reason"])
        dossier.invalidate_recordset()
        self.assertEqual((dossier.civility, dossier.first_name), ("mme", "Lucie"))
        api_run = self.env["casework.feed.run"].search([("is_partial", "=", True)])
        self.assertEqual((api_run.rejected_count, api_run.warning_count), (0, 1))

    def test_identity_change_traced_by_a_file_run(self):
        self.feed([self.line("T001")])
        dossier = self.dossier("T001")
        run = self.feed([self.line("T001", first_name="Lucienne", usage_name="Durand", birth="13/05/1990")],
                        date(2026, 11, 16))
        self.assertEqual(run.updated_count, 1)
        dossier.invalidate_recordset()
        self.assertEqual((dossier.first_name, dossier.usage_name), ("Lucienne", "Durand"))
        trace = self.traces(dossier)
        self.assertEqual(len(trace), 1, "one message per changed dossier")
        self.assertIn(run.display_name, str(trace.body))
        tracked = self.tracked(trace)
        self.assertEqual(tracked["first_name"], ("Lucie", "Lucienne"))
        self.assertEqual(tracked["usage_name"], ("Martin", "Durand"))
        self.assertEqual(set(tracked), {"first_name", "usage_name", "birth_date"})
        # a referent of the dossier reads the trace; nothing traced when nothing changes
        self.assertTrue(trace.with_user(self.referent).read(["body"]))
        self.feed([self.line("T001", first_name="Lucienne", usage_name="Durand", birth="13/05/1990")],
                  date(2026, 11, 17))
        self.assertEqual(len(self.traces(dossier)), 1)

    def test_identity_change_traced_through_the_api(self):
        self.feed([self.line("T002")])
        dossier = self.dossier("T002")
        record = dict(zip(HEADER[:11], self.line("T002", usage_name="Durand")[:11], strict=False))
        result = self.env["casework.feed.run"].api_push_person("genesis_test", record)
        self.assertEqual(result["status"], "updated")
        trace = self.traces(dossier)
        self.assertEqual(len(trace), 1)
        self.assertIn("API", str(trace.body))
        self.assertEqual(self.tracked(trace), {"usage_name": ("Martin", "Durand")})
