from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon
from odoo.addons.casework_reports.models.casework_export import RUN_LIMIT


@tagged("post_install", "-at_install")
class TestExportTour(CaseworkCommon, HttpCase):
    """In the browser: a head of service builds an export with two
    aggregators and downloads its XLSX; over HTTP, the download is the
    user's scope and refused to a user who may not read the export."""

    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_build_and_download_tour(self):
        self.start_tour(
            "/odoo/action-casework_reports.casework_export_action", "casework_export_tour",
            login=self.manager.login, password=PASSWORD, timeout=180,
        )
        export = self.env["casework.export"].search([("name", "=", "Entrées par territoire et genre")])
        self.assertEqual(export.user_id, self.manager)
        self.assertEqual(export.countable, "enrollment")
        self.assertEqual(export.aggregator_ids.sorted("sequence").component_id.mapped("key"), ["territory", "gender"])
        log = self.env["casework.export.log"].search([("export_id", "=", export.id)])
        self.assertEqual((log.user_id, log.output_format, log.channel, log.row_count), (self.manager, "xlsx",
                                                                                          "download", 1))

    def test_download_refused_outside_the_export(self):
        export = self.env["casework.export"].with_user(self.manager).create({
            "name": "Dossiers du Nord", "countable": "dossier", "output_format": "csv",
        })
        self.authenticate(self.referent.login, PASSWORD)
        response = self.url_open(f"/casework_reports/export/{export.id}/csv")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("Total", response.text)
        self.authenticate(self.manager.login, PASSWORD)
        response = self.url_open(f"/casework_reports/export/{export.id}/csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content.decode("utf-8-sig"), ";Number\r\nTotal;2\r\n")

    def test_download_rate_limited(self):
        export = self.env["casework.export"].with_user(self.manager).create({
            "name": "Dossiers du Nord", "countable": "dossier", "output_format": "csv",
        })
        self.env["casework.export.log"].sudo().create(
            [{"user_id": self.manager.id, "export_id": export.id, "channel": "download"}] * RUN_LIMIT
        )
        self.authenticate(self.manager.login, PASSWORD)
        response = self.url_open(f"/casework_reports/export/{export.id}/csv")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many export runs", response.text)
        self.assertNotIn("Total", response.text)
        self.assertEqual(self.env["casework.export.log"].search_count([("user_id", "=", self.manager.id)]),
                         RUN_LIMIT)
