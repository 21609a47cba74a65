from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFeedUi(HttpCase):
    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_feed_tour(self):
        """Upload a feed file in the web client: run summary and rejects."""
        territory = self.env["casework.territory"].create({"name": "Flux", "code": "T-FEED"})
        new_test_user(self.env, login="cw_tour_referent", password="Casework-2026",
                      groups="base.group_user,casework_base.group_casework_referent")
        new_test_user(
            self.env, login="cw_tour_admin", password="Casework-2026",
            groups="base.group_user,casework_base.group_casework_admin",
        )
        self.env["casework.feed.mapping"].create({
            "name": "Flux tour", "code": "tour", "file_format": "csv", "delimiter": ";", "encoding": "utf-8",
            "program_id": self.env.ref("casework_base.program_rsa").id, "territory_id": territory.id,
            "line_ids": [
                Command.create({"source_column": column, "target": target})
                for column, target in [
                    ("NUM", "key"), ("CIV", "civility"), ("PRENOM", "first_name"), ("NOM", "usage_name"),
                    ("NAISSANCE", "birth_date"), ("REFERENT", "referent"), ("DESIGNATION", "designation_date"),
                ]
            ],
        })
        self.start_tour("/odoo/action-casework_feed.casework_feed_import_action", "casework_feed_tour",
                        login="cw_tour_admin", password="Casework-2026")
        run = self.env["casework.feed.run"].search([("file_name", "=", "flux_tour.csv")])
        self.assertEqual(run.state, "queued", "imported by the background job, not in the request")
        self.assertFalse(self.env["casework.beneficiary"].search([("external_ref", "=", "TOUR-001")]))
        # the job's cursor (an HttpCase is in registry test mode: it wraps the test's)
        with self.env.registry.cursor() as cr:
            self.env(cr=cr)["casework.feed.run"]._cron_import_uploads()
        run.invalidate_recordset()
        self.assertEqual((run.state, run.created_count, run.rejected_count), ("done", 1, 1), run.error)
        self.start_tour(f"/odoo/action-casework_feed.casework_feed_run_action/{run.id}", "casework_feed_run_tour",
                        login="cw_tour_admin", password="Casework-2026")
        dossier = self.env["casework.beneficiary"].search([("external_ref", "=", "TOUR-001")])
        self.assertEqual((dossier.usage_name, dossier.referent_id.login), ("Perrin", "cw_tour_referent"))
        self.assertFalse(self.env["casework.beneficiary"].search([("external_ref", "=", "TOUR-002")]))
