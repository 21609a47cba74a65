import io

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .test_dossier_completeness import CompletenessCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCurriculumVitaePdf(CompletenessCommon, HttpCase):
    """The CV rendered for real by wkhtmltopdf (an HTTP test case: it loads
    the report's assets from the test server): the person's address in the
    French order, the phone as written in France, "Page x / y", and no
    letterhead of the organisation (the CV is the person's)."""

    test_cursor_lock_timeout = 60

    def test_cv_pdf(self):
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() == "install":
            self.skipTest("wkhtmltopdf is not installed: the CV cannot be rendered as PDF")
        self.env.company.name = "Département de l'Ardèche"
        dossier = self.dossier_north
        dossier.write(self._complete_vals())
        Report = self.env["ir.actions.report"].with_user(self.referent).with_context(force_report_rendering=True)
        content, report_format = Report._render_qweb_pdf("casework_dossier.casework_beneficiary_cv_report", dossier.ids)
        self.assertEqual(report_format, "pdf")
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        text = " ".join(pages)
        for fragment in ("Marie DUPONT", "12 rue des Lilas", "07000 Privas", "06 12 34 56 78", "CAP Petite enfance",
                         "Assistante administrative", f"Page 1 / {len(pages)}"):
            self.assertIn(fragment, text)
        self.assertNotIn("+33612345678", text)
        self.assertNotIn("Département de l'Ardèche", text, "the person's document, not a letter of the organisation")
