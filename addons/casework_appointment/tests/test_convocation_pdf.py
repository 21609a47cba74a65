import io
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .test_appointment import AppointmentCommon


def pdf_pages(content):
    """(text, number of images) of each page of a PDF (bytes), blanks collapsed."""
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    pages = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        images = sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
        pages.append((" ".join(page.extract_text().split()), images))
    return pages


@freeze_time("2026-11-30 08:00:00")
@tagged("post_install", "-at_install")
class TestConvocationPdf(AppointmentCommon, HttpCase):
    """The convocation letters rendered for real by wkhtmltopdf (an HTTP
    test case: it loads the report's assets from the test server): the
    letterhead with or without the logo, the place and date of writing,
    the civility-agreed wording, "Page x / y" on each letter."""

    test_cursor_lock_timeout = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        france = cls.env.ref("base.fr")
        cls.env.company.write({
            "name": "Département de l'Ardèche – Direction de l'insertion", "street": "2 bis quai de l'Ardèche",
            "zip": "07000", "city": "Privas", "country_id": france.id, "phone": "+33475000000",
        })
        cls.referent.casework_structure_id = cls.env["casework.structure"].create({
            "name": "DTAS Nord – Insertion", "territory_id": cls.north.id,
            "partner_id": cls.env["res.partner"].create({
                "name": "DTAS Nord", "street": "14 avenue de l'Europe", "zip": "07100", "city": "Annonay",
                "country_id": france.id, "phone": "+33475000100"}).id,
        })
        cls.dossier_north.write({"zip": "07100", "city": "Annonay"})
        cls.dossier_north_other.civility = "m"

    def _pdf(self, report, events, user=None):
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() == "install":
            self.skipTest("wkhtmltopdf is not installed: the letters cannot be rendered as PDF")
        Report = self.env["ir.actions.report"].with_user(user or self.referent).with_context(
            force_report_rendering=True)
        content, report_format = Report._render_qweb_pdf(report, events.ids)
        self.assertEqual(report_format, "pdf")
        return pdf_pages(content)

    def test_letter_with_logo(self):
        self.assertTrue(self.env.company.logo)
        event = self._book(start=datetime(2026, 12, 1, 9, 0))
        [(text, images)] = self._pdf("casework_appointment.calendar_event_report_convocation", event)
        for fragment in ("Département de l'Ardèche – Direction de l'insertion", "DTAS Nord – Insertion",
                         "14 avenue de l'Europe", "07100 Annonay", "Tél. 04 75 00 01 00",
                         "Madame DUPONT Marie", "Annonay, le 30 novembre 2026",
                         f"Dossier n° {self.dossier_north.number}",
                         "vous êtes convoquée à un rendez-vous", "le mardi 1er décembre 2026 à 10 h 00",
                         "Maison départementale de Privas", "Veuillez agréer, Madame, nos salutations distinguées.",
                         "Page 1 / 1", f"Convocation – dossier n° {self.dossier_north.number}"):
            self.assertIn(fragment, text)
        self.assertNotIn("Annonay 07100", text)
        self.assertGreaterEqual(images, 1, "the organisation's logo")

    def test_letter_without_logo(self):
        event = self._book(dossier=self.dossier_north_other, user=self.referent_other)
        [(text, images)] = self._pdf("casework_appointment.calendar_event_report_convocation_no_logo", event,
                                     self.referent_other)
        for fragment in ("Département de l'Ardèche – Direction de l'insertion", "Privas, le 30 novembre 2026",
                         "Monsieur LEROY Paul", "vous êtes convoqué à un rendez-vous", "Page 1 / 1",
                         "Veuillez agréer, Monsieur, nos salutations distinguées."):
            self.assertIn(fragment, text)
        self.assertNotIn("convoquée", text)
        self.assertEqual(images, 0, "no logo")

    def test_batch_numbers_each_letter(self):
        events = self._book() | self._book(dossier=self.dossier_north_other, start=datetime(2026, 12, 2, 13, 30),
                                           user=self.referent_other)
        pages = self._pdf("casework_appointment.calendar_event_report_convocation", events,
                          self.secretariat)
        self.assertEqual(len(pages), 2)
        self.assertIn("DUPONT Marie", pages[0][0])
        self.assertIn("LEROY Paul", pages[1][0])
        for text, _images in pages:
            self.assertIn("Page 1 / 1", text)

    def test_out_of_scope_refused(self):
        event = self._book()
        with self.assertRaises(AccessError):
            self._pdf("casework_appointment.calendar_event_report_convocation", event, self.referent_south)
