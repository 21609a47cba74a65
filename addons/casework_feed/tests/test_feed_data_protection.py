import os
import shutil
import tempfile
import time
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .test_feed_import import HEADER, FeedCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFeedDataProtection(FeedCommon):
    """Rejected lines and feed files hold identities: they are kept for a
    retention period, and a person's rejects leave with the person."""

    def record(self, key, **changes):
        record = dict(zip(HEADER[:11], self.line(key)[:11], strict=False))
        record.update(changes)
        return record

    def _rejects(self, run):
        return {reject.line_number: reject for reject in run.reject_ids}

    def test_rejects_of_a_person_erased_with_the_dossier(self):
        self.feed([self.line("55501")])
        dossier = self.dossier("55501")
        self.env["casework.beneficiary.identifier"].create({
            "beneficiary_id": dossier.id, "type_id": self.env.ref("casework_identity.identifier_type_caf").id,
            "value": "CAF7788ZQ",
        })
        run = self.feed([
            self.line("055501", referent="nobody"),                              # 2: her key, written with a 0
            self.line("", birth="12/05/1990"),                                     # 3: no key: her name and birth
            self.line("55502", first_name="Paul", civility="M", referent="nobody"),  # 4: someone else
            self.line("55503", birth="13/05/1990", referent="nobody"),             # 5: a namesake born another day
        ], date(2026, 11, 16))
        self.assertEqual(run.rejected_count, 4)
        Run = self.env["casework.feed.run"]
        Run.api_push_person("genesis_test", self.record("55501", REFERENT="personne"))
        Run.api_push_person("genesis_test", self.record("77777", PRENOM="Inconnue", REFERENT="personne",
                                                        NUM_CAF="CAF7788ZQ"))
        dossier.set_characteristic("num_caf", "4455667")
        Run.api_push_person("genesis_test", self.record("77778", PRENOM="Autre", REFERENT="personne",
                                                        NUM_CAF="4455667"))
        api_run = Run.search([("is_partial", "=", True)])
        self.assertEqual(api_run.rejected_count, 3)
        self.assertEqual(api_run.reject_ids.mapped("external_ref"), ["55501", "77777", "77778"])

        dossier.with_user(self.admin).action_archive_anonymise()

        self.assertEqual(sorted(self._rejects(run)), [4, 5], "only the others' lines are kept")
        self.assertFalse(api_run.reject_ids)
        self.assertEqual((run.rejected_count, api_run.rejected_count), (4, 3), "the counts are kept")
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM casework_feed_reject WHERE raw_line ILIKE '%55501%'")
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_rejects_and_files_purged_after_the_retention_period(self):
        settings = self.env["res.config.settings"].create({"casework_feed_retention_days": 30})
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param("casework_feed.retention_days"), "30")
        old_run = self.feed([self.line("P001", referent="nobody"), self.line("P002", referent="nobody")])
        new_run = self.feed([self.line("P003", referent="nobody")], date(2026, 11, 16))
        self.env.flush_all()
        self.env.cr.execute("UPDATE casework_feed_reject SET create_date = '2026-10-01' WHERE run_id = %s",
                            [old_run.id])
        self.env.cr.execute("UPDATE casework_feed_reject SET create_date = '2026-11-01' WHERE run_id = %s",
                            [new_run.id])
        self.env.invalidate_all()
        folder = tempfile.mkdtemp(prefix="casework_feed_")
        self.addCleanup(shutil.rmtree, folder)
        os.makedirs(os.path.join(folder, "done"))
        self.env["ir.config_parameter"].sudo().set_param("casework_feed.folder", folder)
        old_file, new_file = os.path.join(folder, "done", "old.csv"), os.path.join(folder, "done", "new.csv")
        waiting = os.path.join(folder, "waiting.csv")
        for path in (old_file, new_file, waiting):
            with open(path, "wb") as handle:
                handle.write(self.csv_bytes([self.line("P004")]))
        now = time.mktime((2026, 11, 15, 0, 0, 0, 0, 0, -1))
        os.utime(old_file, (now - 40 * 86400, now - 40 * 86400))
        os.utime(new_file, (now - 10 * 86400, now - 10 * 86400))
        os.utime(waiting, (now - 40 * 86400, now - 40 * 86400))
        with self.enter_registry_test_mode():
            self.env.ref("casework_feed.ir_cron_casework_feed_purge").method_direct_trigger()
        self.env.invalidate_all()
        self.assertFalse(old_run.reject_ids, "older than 30 days: deleted")
        self.assertEqual(len(new_run.reject_ids), 1)
        self.assertEqual(old_run.rejected_count, 2, "the run and its counts are kept")
        self.assertFalse(os.path.exists(old_file))
        self.assertTrue(os.path.exists(new_file))
        self.assertTrue(os.path.exists(waiting), "a file not imported yet stays")

    def test_file_imported_by_the_daily_job_kept_from_its_import(self):
        folder = tempfile.mkdtemp(prefix="casework_feed_")
        self.addCleanup(shutil.rmtree, folder)
        self.mapping.file_pattern = "test_*.csv"
        path = os.path.join(folder, "test_20260101.csv")
        with open(path, "wb") as handle:
            handle.write(self.csv_bytes([self.line("P010")]))
        os.utime(path, (time.time() - 400 * 86400, time.time() - 400 * 86400))
        self.env["ir.config_parameter"].sudo().set_param("casework_feed.folder", folder)
        with self.enter_registry_test_mode():
            self.env["casework.feed.run"]._cron_import_folder()
            self.env.ref("casework_feed.ir_cron_casework_feed_purge").method_direct_trigger()
        self.assertTrue(self.dossier("P010"))
        self.assertTrue(os.path.exists(os.path.join(folder, "done", "test_20260101.csv")),
                        "an old file just imported is kept for the retention period")
