import csv
import io

import openpyxl
from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.casework_reports.models.casework_export_registry import ExportTable, mask_cells
from odoo.addons.casework_reports.report.casework_export_output import render_csv, render_xlsx

from .common_export import ExportCommon


@tagged("post_install", "-at_install")
class TestMasking(TransactionCase):
    """Small figures hidden, and what would let them be recomputed."""

    def test_primary_and_secondary_in_a_row_and_a_column(self):
        # 3 is under 5: hidden. Alone in its row, 3 = 33 - 10 - 20: the
        # smallest other cell of the row (10) is hidden too; alone in its
        # column, 3 = 15 - 12: 12 is hidden too; then 10 alone in its column:
        # 15 hides with it. Every line now hides two figures or none.
        masked = mask_cells([[3, 10, 20], [12, 15, 30]], 5, row_totals=True)
        self.assertEqual(masked, {(0, 0), (0, 1), (1, 0), (1, 1)})

    def test_no_line_lets_a_hidden_figure_be_recomputed(self):
        counts = [[3, 10, 20, 7], [12, 1, 30, 9], [40, 50, 2, 60], [8, 8, 8, 8]]
        masked = mask_cells(counts, 5, row_totals=True)
        n_rows, n_cols = len(counts), len(counts[0])
        lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
        lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
        for line in lines:
            self.assertNotEqual(len([pos for pos in line if pos in masked]), 1, line)
        self.assertTrue({(0, 0), (1, 1), (2, 2)} <= masked)

    def test_a_lone_figure_hides_its_total(self):
        # the only non-empty cell of its row: the row total would give it away
        masked = mask_cells([[3, 0], [10, 20]], 5, row_totals=True)
        self.assertIn((0, 2), masked)
        self.assertIn((0, 0), masked)

    def test_one_column(self):
        masked = mask_cells([[3], [10], [20]], 5, row_totals=False)
        self.assertEqual(masked, {(0, 0), (1, 0)})
        self.assertEqual(mask_cells([[3]], 5, row_totals=False), {(0, 0), (1, 0)})

    def test_zero_is_shown(self):
        self.assertEqual(mask_cells([[0, 10], [10, 10]], 5, row_totals=True), set())

    def test_table_rows(self):
        table = ExportTable(["Territory"], "Gender", [("Nord",), ("Sud",)], ["Female", "Male"],
                            [[3, 10], [12, 15]], [[3, 10], [12, 15]]).mask(5)
        self.assertEqual(list(table.data_rows("< 5", "hidden")),
                         [["Nord", "< 5", "hidden", 13], ["Sud", "hidden", "hidden", 27]])
        self.assertEqual(table.totals_row("< 5", "Total", "hidden"), ["Total", 15, 25, 40])

    def test_secondary_cells_marked_apart(self):
        """A figure hidden so that a small one cannot be recomputed is not
        "< threshold": it is shown with its own mark."""
        table = ExportTable(["Territory"], "Gender", [("Nord",), ("Sud",)], ["Female", "Male"],
                            [[3, 32], [40, 50]], [[3, 32], [40, 50]]).mask(30)
        self.assertEqual(table.primary, {(0, 0)})
        self.assertEqual(table.masked, {(0, 0), (0, 1), (1, 0), (1, 1)})
        self.assertEqual(list(table.data_rows("< 30", "hidden")),
                         [["Nord", "< 30", "hidden", 35], ["Sud", "hidden", "hidden", 90]])
        self.assertEqual(table.totals_row("< 30", "Total", "hidden"), ["Total", 43, 82, 125])
        rows = list(csv.reader(io.StringIO(render_csv(table, "< 30", "Total", "hidden").decode("utf-8-sig")),
                               delimiter=";"))
        self.assertEqual(rows[1:3], [["Nord", "< 30", "hidden", "35"], ["Sud", "hidden", "hidden", "90"]])
        content = render_xlsx(table, "T", [], "< 30", "Total", "Data", "Export", "hidden")
        data = list(openpyxl.load_workbook(io.BytesIO(content))["Data"].iter_rows(values_only=True))
        self.assertEqual(data[2:4], [("Nord", "< 30", "hidden", 35), ("Sud", "hidden", "hidden", 90)])

    def test_hidden_total_marked_apart(self):
        # 4 alone in its row: its row total (4) is small too; 40 hides with 4 in
        # their column, 50 with 40 in theirs, then the totals that would give
        # them away: all of them are marked "hidden", not "< 30"
        table = ExportTable(["Territory"], "Gender", [("Nord",), ("Sud",)], ["Female", "Male"],
                            [[4, 0], [40, 50]], [[4, 0], [40, 50]]).mask(30)
        self.assertEqual(list(table.data_rows("< 30", "hidden")),
                         [["Nord", "< 30", 0, "< 30"], ["Sud", "hidden", "hidden", "hidden"]])
        self.assertEqual(table.totals_row("< 30", "Total", "hidden"), ["Total", "hidden", "hidden", 94])


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestExportFiles(ExportCommon):
    def _export_crossed(self, **vals):
        return self._export("enrollment", ["territory", "gender"], user=self.manager, filters=[
            ("period", {"period": "current_year"}),
        ], **vals)

    def test_xlsx_read_back(self):
        export = self._export_crossed(mask_small=True, mask_threshold=3)
        filename, mimetype, content = export.with_user(self.manager)._casework_render("xlsx")
        self.assertEqual(filename, "Export enrollment – 2026-11-15.xlsx")
        self.assertIn("spreadsheetml", mimetype)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Export", "Data"])
        header = {row[0]: row[1] for row in book["Export"].iter_rows(min_row=3, values_only=True)}
        self.assertEqual(book["Export"]["A1"].value, "Export enrollment")
        self.assertEqual(header["Counted"], "Enrolments")
        self.assertEqual(header["Run by"], self.manager.name)
        self.assertEqual(header["Filters"], "Entered in the period: from 01/01/2026 to 12/31/2026")
        self.assertEqual(header["Aggregators"], "Territory × Gender")
        self.assertIn('fewer than 3 records are shown as "< 3"', header["Masking"])
        self.assertIn('"hidden"', header["Masking"])
        self.assertEqual(header["Rows"], "1")
        rows = list(book["Data"].iter_rows(values_only=True))
        # the manager reads Nord only: Nord has 2 women, 1 man; the man (1 < 3) is hidden, and with him the
        # women of Nord (else 3 - 2), and the totals of the column of men and of the row... every line keeps 0 or 2
        self.assertEqual(rows[0][:2], (None, "Gender"))
        self.assertEqual(rows[1], ("Territory", "Female", "Male", "Total"))
        self.assertEqual(rows[2][0], "Nord")
        self.assertEqual(rows[2][2], "< 3")
        self.assertEqual(rows[3][0], "Total")
        hidden = sum(value == "< 3" for row in rows[2:] for value in row)
        self.assertGreaterEqual(hidden, 2)

    def test_xlsx_unmasked_figures(self):
        export = self._export_crossed()
        content = export.with_user(self.admin)._casework_render("xlsx")[2]
        rows = list(openpyxl.load_workbook(io.BytesIO(content))["Data"].iter_rows(values_only=True))
        self.assertEqual(rows[2:], [("Nord", 2, 1, 3), ("Sud", 1, 1, 2), ("Total", 3, 2, 5)])

    def test_csv_content(self):
        export = self._export_crossed()
        filename, mimetype, content = export.with_user(self.admin)._casework_render("csv")
        self.assertTrue(filename.endswith(".csv"))
        self.assertEqual(mimetype, "text/csv")
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows, [
            ["Territory", "Female", "Male", "Total"], ["Nord", "2", "1", "3"], ["Sud", "1", "1", "2"],
            ["Total", "3", "2", "5"],
        ])

    def test_csv_hours(self):
        export = self._export("attendance", ["offer"], user=self.admin)
        rows = list(csv.reader(io.StringIO(export._casework_render("csv")[2].decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows, [["Offer", "Hours"], [self.offer_sessions.name, "7,00"], ["Total", "7,00"]])

    def test_no_identity_in_the_files(self):
        export = self._export("dossier", ["referent", "territory"], user=self.admin)
        content = export._casework_render("csv")[2].decode("utf-8-sig")
        for dossier in (self.dossier_north, self.dossier_south, self.dossier_north_young):
            self.assertNotIn(dossier.usage_name, content.upper())
            self.assertNotIn(dossier.first_name, content)
        self.assertIn(self.referent.name, content)

    def test_scheduled_email(self):
        """The cron sends the file counted as the owner (a référent: their active file)."""
        recipient = self.env["res.partner"].create({"name": "Service statistiques", "email": "stats@example.org"})
        export = self._export("enrollment", ["territory"], user=self.referent, schedule="monthly",
                              recipient_ids=[Command.set(recipient.ids)])
        self.assertEqual(str(export.next_send_date), "2026-12-01")
        self.assertFalse(self.env["casework.export"]._cron_send_scheduled())
        export.sudo().next_send_date = "2026-11-01"
        sent = self.env["casework.export"]._cron_send_scheduled()
        self.assertEqual(sent, export)
        mail = self.env["mail.mail"].search([("recipient_ids", "in", recipient.ids)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "Export: Export enrollment")
        self.assertEqual(len(mail.attachment_ids), 1)
        rows = list(openpyxl.load_workbook(io.BytesIO(mail.attachment_ids.raw))["Data"].iter_rows(values_only=True))
        self.assertEqual(rows, [("Territory", "Number"), ("Nord", 2), ("Total", 2)])
        self.assertEqual(str(export.next_send_date), "2026-12-01")
        self.assertEqual(str(export.last_sent_date), "2026-11-15")
        log = self.env["casework.export.log"].search([("export_id", "=", export.id)])
        self.assertEqual((log.user_id, log.channel), (self.referent, "email"))
        # the attachment is the system's: neither the owner nor the group reads it
        self.assertFalse(mail.attachment_ids.with_user(self.referent).has_access("read"))
