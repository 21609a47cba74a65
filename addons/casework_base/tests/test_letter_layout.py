import io
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import BaseCase, tagged
from odoo.tools.pdf import PdfFileReader

from ..tools import letters, phone
from .common import CaseworkCommon


def pdf_pages_text(content):
    """The text of each page of a PDF (bytes), blanks collapsed."""
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@tagged("post_install", "-at_install")
class TestLetterWords(BaseCase):
    """What the letters print as French letters do: dates in words, place and
    date, civility-agreed words, phones in pairs of digits."""

    def test_french_dates(self):
        self.assertEqual(letters.french_date(date(2026, 11, 30)), "30 novembre 2026")
        self.assertEqual(letters.french_date(date(2026, 12, 1)), "1er décembre 2026")
        self.assertEqual(letters.french_date(date(2026, 8, 15)), "15 août 2026")
        self.assertEqual(letters.french_date(datetime(2026, 11, 30, 10, 0), weekday=True), "lundi 30 novembre 2026")
        self.assertEqual(letters.french_date(False), "")
        self.assertEqual(letters.french_time(datetime(2026, 11, 30, 9, 5)), "9 h 05")
        self.assertEqual(letters.place_and_date("Annonay", date(2026, 11, 30)), "Annonay, le 30 novembre 2026")
        self.assertEqual(letters.place_and_date("", date(2026, 11, 30)), "Le 30 novembre 2026")

    def test_civility(self):
        self.assertEqual(letters.agreed("mme", "convoqué"), "convoquée")
        self.assertEqual(letters.agreed("m", "convoqué"), "convoqué")
        self.assertEqual(letters.agreed(False, "convoqué"), "convoqué·e")
        self.assertEqual(letters.agreed("mme", "accompagnateur", "accompagnatrice"), "accompagnatrice")
        self.assertEqual(letters.civility_title("mme"), "Madame")
        self.assertEqual(letters.civility_title("m"), "Monsieur")
        self.assertEqual(letters.civility_title(None), "Madame, Monsieur")

    def test_phone_as_written_in_france(self):
        self.assertEqual(phone.to_national("+33621817648"), "06 21 81 76 48")
        self.assertEqual(phone.to_national("+33475000000"), "04 75 00 00 00")
        self.assertEqual(phone.to_national("+262692123456"), "06 92 12 34 56")
        self.assertEqual(phone.to_national("+508412345"), "05 08 41 23 45")
        self.assertEqual(phone.to_national("+442079460958"), "+442079460958", "other countries as stored")
        self.assertEqual(phone.to_national(False), "")
        # the stored form of every French writing reads back the same
        self.assertEqual(phone.to_national(phone.to_e164("06.21.81.76.48")), "06 21 81 76 48")


@freeze_time("2026-11-30 09:00:00")
@tagged("post_install", "-at_install")
class TestLetterAddresses(CaseworkCommon):
    """Addresses in France by default, printed in the French order; the
    letterhead of a structure; the pages numbered after rendering."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france = cls.env.ref("base.fr")

    def test_france_by_default(self):
        # the dossier's person, given no country
        self.assertEqual(self.dossier_north.country_id, self.france)
        dossier = self._create_dossier("Perrin", "Élodie", self.north, self.referent, zip="07100", city="Annonay")
        self.assertEqual(dossier.partner_id._display_address(without_company=True).split("\n")[2], "07100 Annonay")
        # a partner of the structures (created by name from the structure's form)
        partner_id, _name = self.env["res.partner"].name_create("DTAS Nord – Insertion")
        self.assertEqual(self.env["res.partner"].browse(partner_id).country_id, self.france)
        # a country given stays
        belgium = self.env.ref("base.be")
        self.assertEqual(self.env["res.partner"].create({"name": "Bruxelles", "country_id": belgium.id}).country_id,
                         belgium)
        defaults = self.env["casework.beneficiary"].with_user(self.referent).default_get(["country_id"])
        self.assertEqual(defaults["country_id"], self.france.id)

    def test_address_lines(self):
        partner = self.env["res.partner"].create({
            "name": "Annonay", "street": "14 avenue de l'Europe", "zip": "07100", "city": "Annonay",
            "country_id": False,
        })
        # Odoo's own address of a partner without country: "Annonay 07100"
        self.assertRegex(partner._display_address(), r"Annonay\s+07100")
        # the letters: the French order even so, no country line within France
        self.assertEqual(partner._casework_address_lines(), ["14 avenue de l'Europe", "07100 Annonay"])
        partner.country_id = self.france
        self.assertEqual(partner._display_address(without_company=True).split("\n")[:3],
                         ["14 avenue de l'Europe", "", "07100 Annonay"])
        self.assertEqual(partner._casework_address_lines(), ["14 avenue de l'Europe", "07100 Annonay"])
        partner.country_id = self.env.ref("base.be")
        self.assertEqual(partner._casework_address_lines()[-1], "Belgium", "abroad: the country")

    def test_letterhead(self):
        company = self.env.company
        company.write({"name": "Département de l'Ardèche", "street": "2 quai de l'Ardèche", "zip": "07000",
                       "city": "Privas", "country_id": self.france.id, "phone": "+33475000000"})
        structure = self.env["casework.structure"].create({
            "name": "DTAS Nord – Insertion", "territory_id": self.north.id,
            "partner_id": self.env["res.partner"].create({
                "name": "DTAS Nord", "street": "14 avenue de l'Europe", "zip": "07100", "city": "Annonay",
                "phone": "+33475000100", "country_id": self.france.id}).id,
        })
        self.referent.casework_structure_id = structure
        head = company.with_user(self.referent)._casework_letterhead(self.referent)
        self.assertEqual(head["place_date"], "Annonay, le 30 novembre 2026")
        self.assertEqual(head["address_lines"], ["14 avenue de l'Europe", "07100 Annonay"])
        self.assertEqual((head["service"], head["phone"]), ("DTAS Nord – Insertion", "04 75 00 01 00"))
        # a writer without structure: the company's address
        head = company._casework_letterhead(self.referent_other)
        self.assertEqual(head["place_date"], "Privas, le 30 novembre 2026")
        self.assertEqual((head["service"], head["phone"]), ("", "04 75 00 00 00"))
        self.assertEqual(head["name"], "Département de l'Ardèche")

    def test_pages_numbered(self):
        """The footer drawn on each page of a rendered letter."""
        from reportlab.pdfgen import canvas  # noqa: PLC0415 (as odoo.tools.pdf does, on use)

        packet = io.BytesIO()
        can = canvas.Canvas(packet)
        for text in ("Première page", "Seconde page"):
            can.drawString(100, 700, text)
            can.showPage()
        can.save()
        stamped = self.env["ir.actions.report"]._casework_stamp_pages(
            packet, "Département de l'Ardèche", "Convocation – dossier n° D2026-000001")
        pages = pdf_pages_text(stamped.getvalue())
        self.assertEqual(len(pages), 2)
        self.assertIn("Page 1 / 2", pages[0])
        self.assertIn("Page 2 / 2", pages[1])
        self.assertIn("Convocation – dossier n° D2026-000001", pages[1])
        self.assertIn("Département de l'Ardèche", pages[0])
