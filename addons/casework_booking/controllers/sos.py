"""The public booking of a digital mediator ("SOS numérique"), no login.

Everything here runs as the public user. The pages read the public
settings of a structure offering public booking (its topics, mediators'
free slots, orientation kit: configuration, in superuser mode). The person
gives a first name, a mobile phone or an e-mail and a topic: a *pending*
contact request is created and a 6-digit code sent; only the code confirms
the booking (``casework.contact.request._casework_confirm``). The code page
is opened by a random token of that request (only its HMAC is stored);
nothing of another request is ever shown.

Abuse: booking forms count against the client's address
(``casework.booking.attempt``, :data:`MAX_REQUESTS_PER_ADDRESS` an hour),
codes against the phone or e-mail they are sent to, wrong codes against
their request (5, then it is erased), wrong tokens against the address;
confirmed bookings against the phone and the e-mail per rolling week.
Refusals undo whatever they began (a savepoint): nothing half-created.
"""

import re
from datetime import datetime

from odoo import fields, http
from odoo.http import request

from ..models.casework_booking_invitation import BookingRefused
from ..models.casework_contact_request import MAX_CODE_ATTEMPTS
from .main import MAX_BAD_TOKENS, WINDOW_MINUTES, CaseworkBookingPages

SLOT_RE = re.compile(r"^(\d{12})-(\d{1,9})$")
# booking forms sent per address per hour, then 429
MAX_REQUESTS_PER_ADDRESS = 5
REQUEST_WINDOW_MINUTES = 60


class CaseworkSosController(CaseworkBookingPages):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _sos_messages(self):
        """The page's message of each refusal's reason, in the page's language."""
        env = request.env
        return {
            "first_name": env._("Please give your first name."),
            "contact": env._("Please give a mobile phone number or an e-mail address, to receive your code."),
            "phone": env._("This mobile phone number is not valid (for example 06 12 34 56 78)."),
            "email": env._("This e-mail address is not valid (for example prenom@exemple.fr)."),
            "topic": env._("Please choose what you need help with."),
            "unavailable": env._("This slot is no longer available. Please choose another one."),
            "past": env._("This slot is past. Please choose another one."),
            "taken": env._("This slot has just been booked by someone else. Please choose another one."),
            "weekly": env._("You already booked the most meetings allowed this week with this phone number or e-mail. "
                            "Please call the structure."),
            "codes": env._("Too many codes were sent to this phone number or e-mail in the last hour. Please try again "
                           "later."),
            "send": env._(
                "We could not send the code. Please check your phone number or e-mail, or try the other one."
            ),
            "expired": env._("Your code has expired (a code is valid 10 minutes). Please book again."),
            "attempts": env._("Too many wrong codes. Please book again."),
        }

    def _sos_structure(self, key):
        return request.env["casework.structure"]._casework_sos_find(key)

    def _sos_parse_slot(self, key):
        match = SLOT_RE.match(key or "")
        if not match:
            return None, None
        try:
            return datetime.strptime(match[1], "%Y%m%d%H%M"), int(match[2])
        except ValueError:
            return None, None

    def _sos_common(self, structure):
        # the structure's public settings (superuser recordset of _casework_sos_find)
        address = structure.partner_id
        return {
            "structure": structure,
            "structure_key": structure._casework_sos_key(),
            "structure_name": structure.name,
            "intro": structure.casework_sos_intro or "",
            "place": structure._casework_sos_place(),
            "structure_phone": address.phone or "" if address else "",
            "title": request.env._("SOS numérique"),
        }

    def _sos_page(self, structure, day=None, error=None, values=None, status=200):
        slots = structure._casework_sos_free_slots()
        days = {}
        for slot in slots:
            days.setdefault(self._local(slot[0]).date(), []).append(slot)
        chosen = fields.Date.to_date(day) if day and re.match(r"^\d{4}-\d{2}-\d{2}$", day) else None
        if chosen not in days:
            chosen = min(days) if days else None
        form = dict(values or {})
        topics = structure._casework_sos_topics()
        render = dict(
            self._sos_common(structure),
            topics=[{"id": t.id, "name": t.name, "html_id": f"topic-{t.id}",
                     "checked": str(t.id) == str(form.get("theme") or "")} for t in topics],
            days=[{"key": d.isoformat(), "label": self._day_label(d), "current": d == chosen}
                  for d in sorted(days)],
            day_key=chosen and chosen.isoformat(),
            day_label=chosen and self._day_label(chosen),
            slots=[{"key": self._slot_key(s), "label": f"{self._time_label(s[0])} – {self._time_label(s[1])}",
                    "id": f"slot-{index}", "checked": self._slot_key(s) == form.get("creneau")}
                   for index, s in enumerate(days.get(chosen, []))],
            error=error,
            first_name=form.get("prenom", ""),
            phone=form.get("telephone", ""),
            email=form.get("courriel", ""),
        )
        return self._render("casework_booking.sos_page", render, status=status)

    def _sos_request(self, structure, token):
        """The contact request of ``structure`` opened by ``token``, or a
        response (wrong token page, or 429 after too many wrong tokens)."""
        found = request.env["casework.contact.request"]._casework_from_token(token)
        if found and found.structure_id == structure:
            return found, None
        Attempt = request.env["casework.booking.attempt"]
        address = self._address()
        if Attempt._casework_count(address, "token", WINDOW_MINUTES) >= MAX_BAD_TOKENS:
            return None, self._render("casework_booking.page_too_many", status=429)
        Attempt._casework_record(address, "token")
        return None, self._render("casework_booking.sos_invalid", self._sos_common(structure), status=404)

    def _sos_request_values(self, contact):
        # the request the token opened: the person's own first name, slot, topic and mediator
        start = self._local(contact.date_start)
        return {
            "first_name": contact.first_name,
            "slot_day": self._day_label(start.date()),
            "slot_time": f"{self._time_label(contact.date_start)} – {self._time_label(contact.date_stop)}",
            "topic_name": contact.topic_id.name,
            "mediator_name": contact.user_id.name,
            "sent_to": self._mask(contact.phone, contact.email),
            "by_sms": bool(contact.phone),
        }

    def _mask(self, phone, email):
        """``+33612345678`` → ``06 •• •• •• 78``; ``marie@example.org`` → ``m•••@example.org``."""
        if phone:
            national = "0" + phone[3:] if phone.startswith("+33") and len(phone) == 12 else phone
            return f"{national[:2]} •• •• •• {national[-2:]}" if len(national) == 10 else "•••" + phone[-2:]
        if email and "@" in email:
            local, domain = email.split("@", 1)
            return f"{local[:1]}•••@{domain}"
        return ""

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------

    @http.route("/sos/<string:key>", type="http", auth="public", methods=["GET"], sitemap=False)
    def sos_page(self, key, jour=None, **kwargs):
        """The structure's page: topics, free slots, the booking form."""
        self._set_page_lang()
        structure = self._sos_structure(key)
        if not structure:
            return self._render("casework_booking.sos_unknown", status=404)
        return self._sos_page(structure, day=jour)

    @http.route("/sos/<string:key>/kit", type="http", auth="public", methods=["GET"], sitemap=False)
    def sos_kit(self, key, **kwargs):
        """The structure's orientation kit, by topic."""
        self._set_page_lang()
        structure = self._sos_structure(key)
        if not structure:
            return self._render("casework_booking.sos_unknown", status=404)
        groups = {}
        # the structure's public resources (configuration)
        for resource in structure.casework_sos_resource_ids.filtered("active"):
            groups.setdefault(resource.topic_id, []).append(resource)
        ordered = sorted(groups.items(), key=lambda item: (not item[0], item[0].sequence, item[0].name or ""))
        values = dict(
            self._sos_common(structure),
            groups=[{"name": topic.name if topic else request.env._("Other resources"),
                     "resources": [{
                         "name": r.name, "description": r.description or "", "address": r.address or "",
                         "opening_hours": r.opening_hours or "", "phone": r.phone or "",
                         "phone_href": "tel:" + re.sub(r"[^0-9+]", "", r.phone or ""),
                         "website": r.website or "",
                         "website_href": r.website if (r.website or "").startswith(("http://", "https://"))
                         else f"https://{r.website}" if r.website else "",
                     } for r in resources]} for topic, resources in ordered],
        )
        return self._render("casework_booking.sos_kit", values)

    @http.route("/sos/<string:key>/reserver", type="http", auth="public", methods=["POST"], sitemap=False)
    def sos_book(self, key, theme=None, creneau=None, prenom=None, telephone=None, courriel=None, **kwargs):
        """Check the form, create the pending request and send its code."""
        self._set_page_lang()
        structure = self._sos_structure(key)
        if not structure:
            return self._render("casework_booking.sos_unknown", status=404)
        Attempt = request.env["casework.booking.attempt"]
        address = self._address()
        if Attempt._casework_count(address, "sos_request", REQUEST_WINDOW_MINUTES) >= MAX_REQUESTS_PER_ADDRESS:
            return self._render("casework_booking.page_too_many", status=429)
        # counted whatever comes next (kept when the booking is refused)
        Attempt._casework_record(address, "sos_request")
        values = {"theme": theme, "creneau": creneau, "prenom": prenom, "telephone": telephone,
                  "courriel": courriel}
        start, user_id = self._sos_parse_slot(creneau)
        try:
            topic_id = int(theme or 0)
        except ValueError:
            topic_id = 0
        Request = request.env["casework.contact.request"]
        try:
            with request.env.cr.savepoint():
                vals = Request._casework_sos_prepare(structure, topic_id, (start, user_id), prenom, telephone,
                                                     courriel)
                __, token = Request._casework_sos_create(vals, request.env.lang)
        except BookingRefused as refusal:
            request.env.invalidate_all()
            day = start and self._local(start).date().isoformat()
            return self._sos_page(structure, day=day, error=self._sos_messages()[refusal.reason], values=values)
        return request.redirect(f"/sos/{structure._casework_sos_key()}/code/{token}")

    @http.route("/sos/<string:key>/code/<string:token>", type="http", auth="public", methods=["GET", "POST"],
                sitemap=False)
    def sos_code(self, key, token, code=None, **kwargs):
        """Type the code (GET, POST), or see the booked meeting."""
        self._set_page_lang()
        structure = self._sos_structure(key)
        if not structure:
            return self._render("casework_booking.sos_unknown", status=404)
        contact, response = self._sos_request(structure, token)
        if response:
            return response
        values = dict(self._sos_common(structure), token=token, **self._sos_request_values(contact))
        if contact.state == "booked":
            values["just_booked"] = bool(kwargs.get("ok"))
            return self._render("casework_booking.sos_booked", values)
        if request.httprequest.method != "POST":
            return self._render("casework_booking.sos_code", values)
        messages = self._sos_messages()
        # the request the token opened: its code checked (a wrong one counts, kept)
        refusal = contact._casework_check_code(code)
        if refusal == "wrong":
            left = MAX_CODE_ATTEMPTS - contact.code_attempts
            values["error"] = request.env._("Wrong code: %(left)s attempt(s) left.", left=left)
            return self._render("casework_booking.sos_code", values)
        if refusal:
            return self._sos_page(structure, error=messages[refusal])
        try:
            with request.env.cr.savepoint():
                # the request the token opened, booked after its code was checked
                contact._casework_confirm()
        except BookingRefused as refusal_error:
            request.env.invalidate_all()
            # the request is dropped: the person books again
            contact._casework_erase()
            return self._sos_page(structure, error=messages[refusal_error.reason])
        return request.redirect(f"/sos/{structure._casework_sos_key()}/code/{token}?ok=1")

