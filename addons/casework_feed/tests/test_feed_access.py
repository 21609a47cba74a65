from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .test_feed_import import FeedCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFeedAccess(FeedCommon):
    """Who runs imports and reads runs and rejects: the administrators and
    the technical feed users only; the API of the technical users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feed_user = new_test_user(
            cls.env, login="cw_feed_genesis", password=PASSWORD,
            groups="base.group_user,casework_feed.group_casework_feed",
        )

    def record(self, key="A001", **changes):
        record = dict(zip(
            ["NUM", "CIV", "PRENOM", "NOM", "NAISSANCE", "TEL", "MAIL", "VILLE", "REFERENT", "DESIGNATION",
             "ETAT_DROIT"],
            self.line(key)[:11], strict=False,
        ))
        record.update(changes)
        return record

    def test_case_roles_cannot_import_nor_read_runs_and_rejects(self):
        run = self.feed([self.line("R001"), self.line("R002", referent="nobody")])
        self.assertEqual(run.rejected_count, 1)
        for user in (self.referent, self.secretariat, self.manager, self.fse, self.finance, self.operator,
                     self.outsider):
            with self.subTest(user=user.login):
                with self.assertRaisesMessage(AccessError, ""):
                    self.mapping.with_user(user).import_file(self.csv_bytes([self.line("R003")]), "x.csv")
                with self.assertRaisesMessage(AccessError, ""):
                    self.env["casework.feed.run"].with_user(user).search([])
                with self.assertRaisesMessage(AccessError, ""):
                    run.reject_ids.with_user(user).read(["raw_line"])
                with self.assertRaisesMessage(AccessError, "Only the administrators and the technical feed users"):
                    self.env["casework.feed.run"].with_user(user).api_push_person("genesis_test", self.record("R004"))
                with self.assertRaisesMessage(AccessError, "Only the administrators and the technical feed users"):
                    self.env["casework.feed.run"].with_user(user).api_last_rejects("genesis_test")
        self.assertFalse(self.dossier("R003") or self.dossier("R004"))

    def test_administrator_imports_and_reads_rejects(self):
        with self.enter_registry_test_mode():
            run = self.mapping.with_user(self.admin).import_file(
                self.csv_bytes([self.line("R010"), self.line("R011", birth="99/99/1990")]), "admin.csv",
                date(2026, 11, 15),
            )
        run = run.with_user(self.admin)
        self.assertEqual((run.created_count, run.rejected_count, run.user_id), (1, 1, self.admin))
        self.assertIn("Invalid date", run.reject_ids.reason)
        self.assertTrue(run.rejects_csv)
        self.mapping.with_user(self.admin).write({"delimiter": ","})

    def test_feed_user_pushes_a_person_through_the_api(self):
        Run = self.env["casework.feed.run"].with_user(self.feed_user)
        result = Run.api_push_person("genesis_test", self.record("A001"))
        self.assertEqual(result["status"], "created")
        self.assertEqual([(d["external_ref"], d["rank"]) for d in result["dossiers"]], [("A001", 1)])
        dossier = self.dossier("A001")
        self.assertEqual((dossier.referent_id, dossier.state), (self.referent, "entree"))
        self.assertEqual(dossier.get_characteristic("date_actualisation"), date(2026, 11, 15))
        self.assertEqual(Run.api_push_person("genesis_test", self.record("A001"))["status"], "unchanged")
        result = Run.api_push_person("genesis_test", self.record("A001", REFERENT="cw_referent_other"))
        self.assertEqual(result["status"], "updated")
        self.assertEqual(dossier.referent_id, self.referent_other)
        result = Run.api_push_person("genesis_test", self.record("A002", REFERENT="nobody"))
        self.assertEqual(result["status"], "rejected")
        self.assertEqual(result["rejects"][0]["column"], "REFERENT")
        api_run = self.env["casework.feed.run"].search(
            [("is_partial", "=", True), ("mapping_id", "=", self.mapping.id)]
        )
        self.assertEqual(len(api_run), 1, "one API run per mapping and day")
        self.assertEqual((api_run.created_count, api_run.updated_count, api_run.unchanged_count,
                          api_run.rejected_count, api_run.reorientation_count), (1, 1, 1, 1, 1))

    def test_feed_user_reads_the_status_but_not_the_dossier(self):
        self.feed([self.line("S001", spouse=("M", "Karim", "Martin", "03/04/1988"))])
        Run = self.env["casework.feed.run"].with_user(self.feed_user)
        status = Run.api_dossier_status("S001")
        self.assertEqual([(s["rank"], s["state"], s["referent_login"], s["in_active_file"]) for s in status],
                         [(1, "entree", "cw_referent", True), (2, "entree", "cw_referent", True)])
        self.assertEqual(status[0]["feed_last_seen_date"], "2026-11-15")
        self.assertNotIn("phone", status[0])
        with self.assertRaisesMessage(AccessError, ""):
            self.env["casework.beneficiary"].with_user(self.feed_user).search([("external_ref", "=", "S001")])
        with self.assertRaisesMessage(AccessError, ""):
            self.dossier("S001").with_user(self.feed_user).read(["name"])
        with self.assertRaisesMessage(AccessError, ""):
            self.mapping.with_user(self.feed_user).write({"delimiter": ","})

    def test_feed_user_downloads_the_last_rejects(self):
        self.feed([self.line("L001"), self.line("L002", referent="nobody")])
        result = self.env["casework.feed.run"].with_user(self.feed_user).api_last_rejects("genesis_test")
        self.assertEqual(result["run"]["rejected_count"], 1)
        self.assertEqual(result["run"]["file_date"], "2026-11-15")
        self.assertEqual([(r["line"], r["column"]) for r in result["rejects"]], [(3, "REFERENT")])
        self.assertTrue(result["csv"])
