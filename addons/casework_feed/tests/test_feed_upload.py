import base64
import hashlib
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .test_feed_import import FeedCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFeedUpload(FeedCommon):
    """A file uploaded in the web client is imported by a background job, not
    in the request: the run shows its state and progress, the user who
    uploaded it is notified at the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feed_user = new_test_user(
            cls.env, login="cw_feed_upload", password=PASSWORD,
            groups="base.group_user,casework_feed.group_casework_feed",
        )

    def upload(self, user, lines):
        wizard = self.env["casework.feed.import"].with_user(user).create({
            "mapping_id": self.mapping.id, "file": base64.b64encode(self.csv_bytes(lines)),
            "file_name": "upload.csv", "file_date": date(2026, 11, 15),
        })
        action = wizard.action_import()
        return self.env["casework.feed.run"].browse(action["res_id"])

    def run_job(self):
        # the job's own cursor (registry test mode: it wraps the test's)
        with self.enter_registry_test_mode(), self.env.registry.cursor() as cr:
            self.env(cr=cr)["casework.feed.run"]._cron_import_uploads()
        self.env.invalidate_all()

    def test_the_only_mapping_is_proposed(self):
        Import = self.env["casework.feed.import"].with_user(self.feed_user)
        mappings = self.env["casework.feed.mapping"].search([])
        self.assertEqual(Import.default_get(["mapping_id"]).get("mapping_id"),
                         mappings.id if len(mappings) == 1 else False)
        mappings[1:].active = False
        self.assertEqual(Import.default_get(["mapping_id"])["mapping_id"], mappings[0].id)

    def test_upload_queued_then_imported_by_the_job(self):
        cron = self.env.ref("casework_feed.ir_cron_casework_feed_upload")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        run = self.upload(self.feed_user, [self.line("U001"), self.line("U002", referent="nobody"),
                                           self.line("U003", first_name="Paul", civility="M")])
        self.assertEqual((run.state, run.progress, run.user_id), ("queued", 0.0, self.feed_user))
        self.assertTrue(run.upload_file)
        self.assertFalse(self.dossier("U001"), "nothing imported in the request")
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1,
                         "the job is asked to run")
        self.assertEqual(run.with_user(self.feed_user).state, "queued", "the uploader follows the run")
        self.env["bus.bus"].search([]).unlink()
        self.run_job()
        self.assertEqual(run.state, "done", run.error)
        self.assertEqual((run.line_count, run.done_count, run.progress), (3, 3, 100.0))
        self.assertEqual((run.created_count, run.rejected_count), (2, 1))
        self.assertFalse(run.upload_file, "the file is deleted once imported")
        self.assertTrue(self.dossier("U001") and self.dossier("U003"))
        notification = self.env["bus.bus"].search([("message", "like", "upload.csv imported")])
        self.assertEqual(len(notification), 1, "the uploader is notified")
        self.assertIn(f'"res.partner",{self.feed_user.partner_id.id}]', notification.channel)
        self.assertIn("upload.csv imported: 2 created, 0 updated, 1 rejected lines.", notification.message)
        # a second call of the job finds nothing to do
        self.run_job()
        self.assertEqual(run.created_count, 2)

    def test_failed_upload_uploaded_again_is_resumed(self):
        lines = [self.line("U020"), self.line("U021", first_name="Paul", civility="M")]
        run = self.upload(self.feed_user, lines)
        # as a crash leaves it: failed after its first line
        run.sudo().write({"state": "failed", "checksum": hashlib.sha256(self.csv_bytes(lines)).hexdigest(),
                          "last_line": 2, "done_count": 1, "line_count": 2, "upload_file": False})
        again = self.upload(self.admin, lines)
        self.assertEqual(again, run, "the failed run is queued again")
        self.assertEqual((run.state, run.user_id), ("queued", self.admin))
        self.run_job()
        self.assertEqual((run.state, run.done_count, run.created_count), ("done", 2, 1), run.error)
        self.assertFalse(self.dossier("U020"), "resumed after its last committed line")
        self.assertTrue(self.dossier("U021"))

    def test_progress_of_a_run_in_progress(self):
        run = self.upload(self.feed_user, [self.line("U010")])
        run.sudo().write({"state": "running", "line_count": 8, "done_count": 2})
        self.assertEqual(run.progress, 25.0)

    def test_upload_refused_without_the_feed_right(self):
        wizard = self.env["casework.feed.import"].with_user(self.referent)
        with self.assertRaises(AccessError):
            wizard.create({"mapping_id": self.mapping.id, "file": base64.b64encode(b"x"), "file_name": "x.csv"})
        self.assertFalse(self.env["casework.feed.run"].search([("file_name", "=", "x.csv")]))
