"""The public booking page of an invitation (no login).

Everything here runs as the public user. The only right of the caller is
the token of the link: every read or write of Casework data happens after
``casework.booking.invitation._casework_from_token`` found the one
invitation it opens, on that invitation only (superuser mode, each time
with a comment). The page shows the person's first name, the free slots,
the counsellor's name and the place: nothing else of the dossier.

Abuse: a wrong token counts against the client's address
(``casework.booking.attempt``): past a limit, wrong tokens get 429. A valid
token is never refused for its address (behind a NAT or a reverse proxy, one
address is many people; the token is 192 random bits). The state-changing
requests (book, move, cancel) count against their invitation: past a limit,
429. State changes are POST forms with Odoo's CSRF token. Behind a reverse
proxy, Odoo runs with ``proxy_mode`` so that the address is the client's.
"""

import re
from datetime import datetime

import babel.dates
import pytz

from odoo import fields, http
from odoo.http import request

from odoo.addons.casework_base.tools.dates import casework_tz

from ..models.casework_booking_invitation import BookingRefused

SLOT_RE = re.compile(r"^(\d{12})-(\d{1,9})$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# wrong tokens per address per 10 minutes, then 429
MAX_BAD_TOKENS = 20
# bookings, moves and cancellations per invitation per 10 minutes
MAX_ACTIONS = 10
WINDOW_MINUTES = 10

HEADERS = [
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex, nofollow"),
]


class CaseworkBookingPages(http.Controller):
    """What the public booking pages share (no route): their language,
    rendering, the client's address, dates as the person reads them."""

    def _page_lang(self):
        """The language of the public pages: French when installed (the
        pages are French by default), else the company's, else the
        database's default."""
        installed = {code for code, _name in request.env["res.lang"].get_installed()}
        if "fr_FR" in installed:
            return "fr_FR"
        # the company's language: a setting
        company_lang = request.env.company.sudo().partner_id.lang
        return company_lang if company_lang in installed else (request.env.lang or "en_US")

    def _set_page_lang(self):
        request.update_context(lang=self._page_lang())

    def _address(self):
        return request.httprequest.remote_addr or "unknown"

    def _render(self, template, values=None, status=200):
        lang = request.env.lang or "fr_FR"
        values = dict({"title": request.env._("Online booking")}, **(values or {}), html_lang=lang.split("_")[0])
        response = request.render(template, values, status=status)
        response.headers.extend(HEADERS)
        return response

    def _local(self, value):
        return pytz.utc.localize(value).astimezone(casework_tz(request.env))

    def _day_label(self, day):
        locale = (request.env.lang or "fr_FR")
        return babel.dates.format_date(day, "EEEE d MMMM", locale=locale).capitalize()

    def _time_label(self, value):
        return self._local(value).strftime("%H:%M")

    def _slot_key(self, slot):
        return f"{slot[0]:%Y%m%d%H%M}-{slot[2].id}"


class CaseworkBookingController(CaseworkBookingPages):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _refusals(self):
        """The page's message of each refusal's reason, in the page's language."""
        env = request.env
        return {
            "taken": env._("This slot has just been booked by someone else. Please choose another one."),
            "unavailable": env._("This slot is no longer available. Please choose another one."),
            "deadline": env._("This appointment is too close to be changed online. Please call your counsellor."),
            "closed": env._("This appointment can no longer be booked online. Please contact your counsellor."),
        }

    def _refused_page(self, status=404):
        return self._render("casework_booking.page_invalid", status=status)

    def _open(self, token):
        """The invitation of ``token`` (superuser recordset) or a response:
        the page for a wrong, expired or used link, or 429 when the address
        tried too many wrong links. A valid token always opens its
        invitation, whatever its address tried."""
        invitation = request.env["casework.booking.invitation"]._casework_from_token(token)
        if invitation:
            return invitation, None
        Attempt = request.env["casework.booking.attempt"]
        address = self._address()
        if Attempt._casework_count(address, "token", WINDOW_MINUTES) >= MAX_BAD_TOKENS:
            return None, self._render("casework_booking.page_too_many", status=429)
        Attempt._casework_record(address, "token")
        return None, self._refused_page()

    def _action_allowed(self, invitation):
        """Whether one more booking, move or cancellation of ``invitation``
        (opened by its token) is allowed: counted per invitation, not per
        address."""
        Attempt = request.env["casework.booking.attempt"]
        key = f"invitation:{invitation.id}"
        if Attempt._casework_count(key, "action", WINDOW_MINUTES) >= MAX_ACTIONS:
            return False
        Attempt._casework_record(key, "action")
        return True

    def _parse_slot(self, key):
        match = SLOT_RE.match(key or "")
        if not match:
            return None, None
        try:
            start = datetime.strptime(match[1], "%Y%m%d%H%M")
        except ValueError:
            return None, None
        return start, int(match[2])

    def _appointment_values(self, invitation):
        # the booked appointment of the invitation the token opened: its date, counsellor and place
        event = invitation.event_id.with_context(active_test=False)
        start = self._local(event.start)
        return {
            "appointment_day": self._day_label(start.date()),
            "appointment_time": start.strftime("%H:%M"),
            "appointment_end": self._local(event.stop).strftime("%H:%M"),
            "counsellor_name": event.user_id.name,
            "place": invitation.location_id.display_name or "",
            "can_change": invitation._casework_can_change(),
        }

    def _common_values(self, invitation, token):
        # the first name of the person the invitation (opened by its token) is for: nothing else of the dossier
        return {
            "token": token,
            "first_name": invitation.beneficiary_id.first_name,
            "type_name": invitation.appointment_type_id.name,
            "duration_label": self._duration_label(invitation.duration),
            "place": invitation.location_id.display_name or "",
            "date_to_label": self._day_label(invitation.date_to),
        }

    def _duration_label(self, hours):
        minutes = round(hours * 60)
        if minutes % 60 == 0:
            return f"{minutes // 60} h"
        return f"{minutes // 60} h {minutes % 60:02d}" if minutes >= 60 else f"{minutes} min"

    def _slots_page(self, invitation, token, day=None, error=None, moving=False):
        slots = invitation._casework_free_slots()
        days = {}
        for slot in slots:
            days.setdefault(self._local(slot[0]).date(), []).append(slot)
        chosen = None
        if day and DAY_RE.match(day):
            chosen = fields.Date.to_date(day)
        if chosen not in days:
            chosen = min(days) if days else None
        values = dict(
            self._common_values(invitation, token),
            days=[{"key": d.isoformat(), "label": self._day_label(d), "current": d == chosen,
                   "count": len(days[d])} for d in sorted(days)],
            day_label=chosen and self._day_label(chosen),
            slots=[{"key": self._slot_key(slot), "label": f"{self._time_label(slot[0])} – {self._time_label(slot[1])}",
                    "id": f"slot-{index}"} for index, slot in enumerate(days.get(chosen, []))],
            error=error,
            moving=moving,
        )
        if moving:
            values.update(self._appointment_values(invitation))
        return self._render("casework_booking.page_slots", values)

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------

    @http.route("/rdv/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
    def booking_page(self, token, jour=None, **kwargs):
        """The invitation's page: the free slots, or the booked appointment."""
        self._set_page_lang()
        invitation, response = self._open(token)
        if response:
            return response
        if invitation.state == "booked":
            values = dict(self._common_values(invitation, token), **self._appointment_values(invitation))
            values["just_booked"] = bool(kwargs.get("ok"))
            return self._render("casework_booking.page_booked", values)
        return self._slots_page(invitation, token, day=jour)

    @http.route("/rdv/<string:token>/deplacer", type="http", auth="public", methods=["GET"], sitemap=False)
    def booking_move(self, token, jour=None, **kwargs):
        """The free slots to move the booked appointment to."""
        self._set_page_lang()
        invitation, response = self._open(token)
        if response:
            return response
        if invitation.state != "booked" or not invitation._casework_can_change():
            return request.redirect(f"/rdv/{token}")
        return self._slots_page(invitation, token, day=jour, moving=True)

    @http.route("/rdv/<string:token>/confirmer", type="http", auth="public", methods=["GET"], sitemap=False)
    def booking_confirm(self, token, creneau=None, **kwargs):
        """The chosen slot, to confirm (nothing is booked yet)."""
        self._set_page_lang()
        invitation, response = self._open(token)
        if response:
            return response
        start, user_id = self._parse_slot(creneau)
        slot = next(
            (s for s in invitation._casework_free_slots() if s[0] == start and s[2].id == user_id), None
        ) if start else None
        moving = invitation.state == "booked"
        if not slot:
            return self._slots_page(invitation, token, error=self._refusals()["unavailable"], moving=moving)
        local = self._local(slot[0])
        values = dict(
            self._common_values(invitation, token),
            slot_key=self._slot_key(slot),
            slot_day=self._day_label(local.date()),
            slot_time=f"{self._time_label(slot[0])} – {self._time_label(slot[1])}",
            counsellor_name=slot[2].name,
            moving=moving,
        )
        return self._render("casework_booking.page_confirm", values)

    @http.route("/rdv/<string:token>/reserver", type="http", auth="public", methods=["POST"], sitemap=False)
    def booking_book(self, token, creneau=None, **kwargs):
        """Book (or move to) the chosen slot."""
        self._set_page_lang()
        invitation, response = self._open(token)
        if response:
            return response
        if not self._action_allowed(invitation):
            return self._render("casework_booking.page_too_many", status=429)
        moving = invitation.state == "booked"
        start, user_id = self._parse_slot(creneau)
        if not start:
            return self._slots_page(invitation, token, error=self._refusals()["unavailable"], moving=moving)
        try:
            # a refusal undoes whatever the booking began
            with request.env.cr.savepoint():
                # the invitation the token opened, booked in its sender's name (see _casework_book)
                invitation._casework_book(start, user_id)
        except BookingRefused as refusal:
            request.env.invalidate_all()
            return self._slots_page(invitation, token, error=self._refusals()[refusal.reason], moving=moving)
        return request.redirect(f"/rdv/{token}?ok=1")

    @http.route("/rdv/<string:token>/annuler", type="http", auth="public", methods=["GET", "POST"], sitemap=False)
    def booking_cancel(self, token, **kwargs):
        """Ask (GET), then cancel (POST) the booked appointment."""
        self._set_page_lang()
        invitation, response = self._open(token)
        if response:
            return response
        if invitation.state != "booked":
            return request.redirect(f"/rdv/{token}")
        values = dict(self._common_values(invitation, token), **self._appointment_values(invitation))
        if request.httprequest.method != "POST":
            return self._render("casework_booking.page_cancel", values)
        if not self._action_allowed(invitation):
            return self._render("casework_booking.page_too_many", status=429)
        try:
            with request.env.cr.savepoint():
                # the appointment of the invitation the token opened
                invitation._casework_cancel()
        except BookingRefused as refusal:
            request.env.invalidate_all()
            values.update(error=self._refusals()[refusal.reason], can_change=False)
            return self._render("casework_booking.page_booked", values)
        return self._render("casework_booking.page_cancelled", values)

    @http.route("/rdv/<string:token>/rendez-vous.ics", type="http", auth="public", methods=["GET"], sitemap=False)
    def booking_ics(self, token, **kwargs):
        """The booked appointment as a calendar file."""
        self._set_page_lang()
        invitation, response = self._open(token)
        if response:
            return response
        if invitation.state != "booked":
            return request.redirect(f"/rdv/{token}")
        headers = [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", 'attachment; filename="rendez-vous.ics"'),
            *HEADERS,
        ]
        # the appointment of the invitation the token opened: date, place, counsellor
        return request.make_response(invitation._casework_ics(), headers=headers)

