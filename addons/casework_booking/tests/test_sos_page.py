import html
import re
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..controllers.sos import MAX_REQUESTS_PER_ADDRESS
from .common import SosCommon

SLOT_RE = re.compile(r'name="creneau"[^>]*value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
CODE_URL_RE = re.compile(r"/sos/espace-numerique/code/([A-Za-z0-9_-]+)")


@tagged("post_install", "-at_install")
class TestSosPage(SosCommon, HttpCase):
    """The public pages over HTTP as an anonymous visitor, in French (the
    browser and the server run on the real clock)."""

    test_cursor_lock_timeout = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_french()

    def _form(self, **values):
        page = self.url_open("/sos/espace-numerique")
        self.assertEqual(page.status_code, 200)
        data = {
            "csrf_token": CSRF_RE.search(page.text)[1], "creneau": SLOT_RE.findall(page.text)[0],
            "theme": str(self.online.id), "prenom": "Zoé", "telephone": "06 11 22 33 44", "courriel": "",
        }
        data.update(values)
        return data

    def test_pages_of_unknown_or_private_structures(self):
        self.assertEqual(self.url_open("/sos/nowhere").status_code, 404)
        self.structure.casework_sos_public = False
        response = self.url_open("/sos/espace-numerique")
        self.assertEqual(response.status_code, 404)
        self.assertIn("Cette page n'existe pas", response.text)
        self.structure.casework_sos_public = True
        self.assertEqual(self.url_open(f"/sos/{self.structure.id}").status_code, 200)

    def test_book_over_http(self):
        page = self.url_open("/sos/espace-numerique")
        self.assertIn('lang="fr"', page.text)
        self.assertIn("Prendre rendez-vous avec un médiateur numérique", page.text)
        self.assertIn("Démarches en ligne", page.text)
        data = self._form()
        # without the CSRF token: refused, nothing created
        refused = self.url_open("/sos/espace-numerique/reserver", data=dict(data, csrf_token=""))
        self.assertNotEqual(refused.status_code, 200)
        self.assertFalse(self.Request.sudo().search([]))
        with patch.object(type(self.Request), "_casework_new_code", return_value="135790"):
            code_page = self.url_open("/sos/espace-numerique/reserver", data=data)
        self.assertIn("Saisissez votre code", code_page.text)
        self.assertIn("06 •• •• •• 44", code_page.text)
        self.assertIn("135790", self.twilio.messages[-1]["Body"])
        token = CODE_URL_RE.search(code_page.url)[1]
        request = self.Request.sudo().search([])
        self.assertEqual(request.state, "pending")
        wrong = self.url_open(f"/sos/espace-numerique/code/{token}", data={"code": "000000", "csrf_token":
                                                                           data["csrf_token"]})
        self.assertIn("Code incorrect", wrong.text)
        booked = self.url_open(f"/sos/espace-numerique/code/{token}", data={"code": "135790", "csrf_token":
                                                                            data["csrf_token"]})
        self.assertIn("Votre rendez-vous est réservé", booked.text)
        self.assertIn("Espace numérique de Privas", booked.text)
        self.env.invalidate_all()
        self.assertEqual(request.state, "booked")
        # a wrong token shows nothing of the request
        other = self.url_open("/sos/espace-numerique/code/not-a-token")
        self.assertEqual(other.status_code, 404)
        self.assertNotIn("Zoé", other.text)

    def test_bad_input_is_told_in_french(self):
        cases = [
            ({"telephone": "12"}, "numéro de portable n'est pas valable"),
            ({"telephone": "", "courriel": ""}, "numéro de portable ou une adresse e-mail"),
            ({"creneau": "202001010900-1"}, "Ce créneau est passé"),
            ({"creneau": "bad"}, "plus disponible"),
        ]
        for values, message in cases:
            with self.subTest(message=message):
                response = self.url_open("/sos/espace-numerique/reserver", data=self._form(**values))
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, html.unescape(response.text))
        self.assertFalse(self.Request.sudo().search([]))
        self.assertFalse(self.twilio.messages)

    def test_rate_limit_per_address(self):
        data = self._form(telephone="12")
        for _index in range(MAX_REQUESTS_PER_ADDRESS):
            self.assertEqual(self.url_open("/sos/espace-numerique/reserver", data=data).status_code, 200)
        response = self.url_open("/sos/espace-numerique/reserver", data=self._form())
        self.assertEqual(response.status_code, 429)
        self.assertIn("Trop de tentatives", response.text)
        self.assertFalse(self.Request.sudo().search([]))

    def test_orientation_kit(self):
        page = self.url_open("/sos/espace-numerique/kit")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Mon kit d'orientation", page.text)
        self.assertIn("Point numérique CAF", page.text)
        self.assertIn("https://www.caf.fr", page.text)

    def test_sos_tour_on_a_phone(self):
        self.browser_size = "375x667"
        with patch.object(type(self.Request), "_casework_new_code", return_value="246810"):
            self.start_tour("/sos/espace-numerique", "casework_booking_sos_tour", timeout=180)
        request = self.Request.sudo().search([])
        self.assertEqual((request.state, request.first_name, request.phone), ("booked", "Zoé", "+33611223344"))
        self.assertEqual(request.event_id.user_id, request.user_id)
