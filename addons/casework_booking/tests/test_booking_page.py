import re
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tools.dates import casework_today

from ..controllers.main import MAX_ACTIONS, MAX_BAD_TOKENS
from .common import BookingCommon

SLOT_RE = re.compile(r'name="creneau"[^>]*value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestBookingPage(BookingCommon, HttpCase):
    """The public page, over HTTP as an anonymous visitor (the browser and
    the server run on the real clock: the window is the week after next)."""

    test_cursor_lock_timeout = 60

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = casework_today(cls.env)
        cls.monday = today + timedelta(days=7 - today.weekday() + 7)
        # the pages are French by default
        cls._load_french()
        # the rate limit's rows of other tests do not count
        cls.env["casework.booking.attempt"].sudo().search([]).unlink()

    def _invite_next_week(self, **vals):
        return self._invite(date_from=self.monday, date_to=self.monday + timedelta(days=4), **vals)

    def test_wrong_link(self):
        response = self.url_open("/rdv/not-a-token")
        self.assertEqual(response.status_code, 404)
        self.assertIn("Ce lien n'est pas valable", response.text)
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
        invitation, token = self._invite_next_week()
        invitation.with_user(self.referent).action_revoke()
        response = self.url_open(f"/rdv/{token}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Marie", response.text)

    def test_book_move_and_cancel_over_http(self):
        invitation, token = self._invite_next_week()
        page = self.url_open(f"/rdv/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Bonjour Marie", page.text)
        for other in ("Dupont", "DUPONT", "12 rue des Lilas", "06 12 34 56 78", "marie.dupont"):
            self.assertNotIn(other, page.text, "nothing of the dossier but the first name")
        slots = SLOT_RE.findall(page.text)
        self.assertTrue(slots)
        confirm = self.url_open(f"/rdv/{token}/confirmer?creneau={slots[0]}")
        self.assertIn("Confirmez votre rendez-vous", confirm.text)
        csrf = CSRF_RE.search(confirm.text)[1]
        # without the CSRF token: refused, nothing booked
        refused = self.url_open(f"/rdv/{token}/reserver", data={"creneau": slots[0]})
        self.assertNotEqual(refused.status_code, 200)
        self.assertEqual(invitation.state, "sent")
        booked = self.url_open(f"/rdv/{token}/reserver", data={"creneau": slots[0], "csrf_token": csrf})
        self.assertIn("Votre rendez-vous est confirmé", booked.text)
        self.assertIn("Maison départementale de Privas", booked.text)
        self.env.invalidate_all()
        self.assertEqual(invitation.state, "booked")
        event = invitation.event_id.sudo()
        self.assertEqual(event.casework_beneficiary_id, self.dossier_north)
        self.assertTrue(event.casework_sms_reminder)
        ics = self.url_open(f"/rdv/{token}/rendez-vous.ics")
        self.assertEqual(ics.headers["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn(f"DTSTART:{event.start:%Y%m%dT%H%M%S}Z", ics.text)
        # the same slot again from another invitation: taken
        _other, other_token = self._invite_next_week()
        again = self.url_open(f"/rdv/{other_token}/reserver", data={"creneau": slots[0], "csrf_token": csrf})
        self.assertIn("Ce créneau vient d", again.text)
        self.assertIn("réservé par quelqu", again.text)
        # move to another slot
        move = self.url_open(f"/rdv/{token}/deplacer")
        new_slot = SLOT_RE.findall(move.text)[-1]
        self.url_open(f"/rdv/{token}/reserver", data={"creneau": new_slot, "csrf_token": csrf})
        self.env.invalidate_all()
        self.assertEqual(f"{event.start:%Y%m%d%H%M}", new_slot.split("-")[0])
        self.assertEqual(invitation.event_id, event)
        # cancel
        ask = self.url_open(f"/rdv/{token}/annuler")
        self.assertIn("Annuler votre rendez-vous ?", ask.text)
        done = self.url_open(f"/rdv/{token}/annuler", data={"csrf_token": csrf})
        self.assertIn("Votre rendez-vous est annulé", done.text)
        self.env.invalidate_all()
        self.assertEqual((invitation.state, event.casework_outcome), ("cancelled", "excused"))
        self.assertEqual(self.url_open(f"/rdv/{token}").status_code, 404)

    def test_rate_limit_of_wrong_links(self):
        """Wrong links count against the address; a valid link always opens
        (behind a NAT or a proxy, one address is many people); bookings,
        moves and cancellations count against their invitation."""
        invitation, token = self._invite_next_week()
        for index in range(MAX_BAD_TOKENS):
            self.assertEqual(self.url_open(f"/rdv/wrong-{index}").status_code, 404)
        response = self.url_open("/rdv/wrong-again")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Trop de tentatives", response.text)
        self.assertNotIn("Marie", response.text)
        page = self.url_open(f"/rdv/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Bonjour Marie", page.text)
        slots = SLOT_RE.findall(page.text)
        csrf = CSRF_RE.search(self.url_open(f"/rdv/{token}/confirmer?creneau={slots[0]}").text)[1]
        for _index in range(MAX_ACTIONS):
            refused = self.url_open(f"/rdv/{token}/reserver", data={"creneau": "x", "csrf_token": csrf})
            self.assertIn("plus disponible", refused.text)
        response = self.url_open(f"/rdv/{token}/reserver", data={"creneau": slots[0], "csrf_token": csrf})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(invitation.state, "sent")
        # another invitation, from the same address: booked
        other, other_token = self._invite_next_week()
        booked = self.url_open(f"/rdv/{other_token}/reserver", data={"creneau": slots[0], "csrf_token": csrf})
        self.assertIn("Votre rendez-vous est confirmé", booked.text)
        self.env.invalidate_all()
        self.assertEqual(other.state, "booked")

    def test_booking_tour_on_a_phone(self):
        self.browser_size = "375x667"
        _invitation, token = self._invite_next_week()
        self.start_tour(f"/rdv/{token}", "casework_booking_tour", timeout=180)
        event = _invitation.event_id.sudo()
        self.assertEqual(event.casework_beneficiary_id, self.dossier_north)
        self.assertEqual(event.casework_outcome, "planned")
        self.assertEqual(event.user_id, self.referent)
