import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import consteq, email_normalize
from odoo.tools.misc import hmac as odoo_hmac

from odoo.addons.casework_base.models.casework_case_mixin import SCOPE_MODES, check_system_fields
from odoo.addons.casework_base.tools import phone as phone_tools

from .casework_booking_invitation import BookingRefused

_logger = logging.getLogger(__name__)

STATES = [
    ("pending", "Awaiting the code"),
    ("booked", "Booked"),
    ("held", "Held"),
    ("absent", "Absent"),
    ("closed", "Closed"),
    ("dossier", "Turned into a dossier"),
]
# the states of a booking that counts (the code was confirmed)
CONFIRMED_STATES = ("booked", "held", "absent", "closed", "dossier")
TOKEN_SCOPE = "casework_booking.contact_request"
CODE_VALIDITY = timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 5
# codes sent to one phone number or e-mail address per hour
MAX_CODES_PER_CONTACT = 3
DEFAULT_WEEKLY_LIMIT = 2
DEFAULT_RETENTION_MONTHS = 3
# a request whose code was never confirmed is erased after a day
PENDING_RETENTION = timedelta(days=1)
MAX_FIRST_NAME = 60


class CaseworkContactRequest(models.Model):
    """A meeting an inhabitant without a dossier booked with a digital
    mediator from a structure's public page ("SOS numérique").

    The request holds the person's first name, phone and/or e-mail and the
    help topic; the meeting is a ``calendar.event`` of the mediator attached
    to the request (``res_model``/``res_id``), titled "SOS numérique –
    <topic>" with no personal data, no attendee but the mediator. It is
    created *pending* by the public page, and counts only once the person
    typed the 6-digit code sent by SMS or e-mail (kept as an HMAC only, 10
    minutes, 5 tries): then the slot is checked free again under the
    mediators' calendar lock and the meeting is created (*booked*). After
    the meeting the mediator marks it *held* or *absent*, *closes* it or
    turns it into a dossier (:meth:`action_turn_into_dossier`).

    Access, one scope (``casework_scope``, two global rules): the mediator
    of the request; the secretariat and heads of service of the structure's
    territory; the administrators. Nobody else — other référents, FSE,
    finance, operators, portal and public users. The event, its attendees,
    the messages, followers and activities attached to the request or to
    its event follow that scope (``casework.document.scope``). Users never
    create nor write requests directly: the public page and the actions
    below do, after their checks. Requests not turned into a dossier are
    erased with everything about them by the daily job
    (:meth:`_cron_casework_erase`).
    """

    _name = "casework.contact.request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Contact request (SOS numérique)"
    _order = "date_start desc, id desc"
    _rec_name = "first_name"
    # a request turned into a dossier: its contact details are erased with the dossier's anonymisation
    _casework_anonymise_fields = ("first_name", "phone", "email")

    first_name = fields.Char(required=True, readonly=True)
    phone = fields.Char(readonly=True, help="Mobile phone in E.164, as typed by the person.")
    email = fields.Char(string="E-mail", readonly=True)
    topic_id = fields.Many2one("casework.booking.topic", readonly=True, ondelete="restrict")
    structure_id = fields.Many2one(
        "casework.structure", required=True, readonly=True, ondelete="restrict", index=True,
    )
    territory_id = fields.Many2one(
        "casework.territory", related="structure_id.territory_id", store=True, index=True, string="Territory",
    )
    user_id = fields.Many2one(
        "res.users", string="Mediator", required=True, readonly=True, ondelete="restrict", index=True,
    )
    event_id = fields.Many2one("calendar.event", string="Meeting", readonly=True, copy=False, ondelete="set null")
    date_start = fields.Datetime("Start", required=True, readonly=True)
    date_stop = fields.Datetime("End", required=True, readonly=True)
    state = fields.Selection(STATES, string="Status", default="pending", required=True, readonly=True, index=True)
    beneficiary_id = fields.Many2one(
        "casework.beneficiary", string="Dossier", readonly=True, copy=False, ondelete="set null",
    )
    booked_date = fields.Datetime(string="Booked on", readonly=True, copy=False)
    closed_date = fields.Datetime(string="Closed on", readonly=True, copy=False)
    last_date = fields.Datetime(
        string="Last date", compute="_compute_last_date", store=True, index=True,
        help="The latest of its code, meeting and closing: the erasure delay runs from it.",
    )
    code_date = fields.Datetime(string="Code sent on", readonly=True, copy=False)
    code_attempts = fields.Integer(string="Wrong codes", readonly=True, copy=False)
    # the secrets: only their HMAC, never readable by users
    code_salt = fields.Char(readonly=True, copy=False, groups="base.group_system")
    code_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")
    token_hash = fields.Char(readonly=True, copy=False, index="btree_not_null", groups="base.group_system")
    casework_scope = fields.Selection(
        SCOPE_MODES, string="My access", compute="_compute_casework_scope", search="_search_casework_scope",
        help="The current user's access to this contact request.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("code_date", "date_stop", "booked_date", "closed_date")
    def _compute_last_date(self):
        for request in self:
            dates = [d for d in (request.code_date, request.date_stop, request.booked_date, request.closed_date) if d]
            request.last_date = max(dates) if dates else fields.Datetime.now()

    @api.depends("topic_id", "date_start")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "%(name)s, %(topic)s", name=request.first_name or "", topic=request.topic_id.name or "",
            )

    @api.depends_context("uid")
    @api.depends("user_id", "territory_id")
    def _compute_casework_scope(self):
        ids = [rid for rid in self._origin.ids if isinstance(rid, int)]
        scopes = dict.fromkeys(ids, False)
        if ids:
            # sudo: ids only, filtered by the current user's scope domain (sudo keeps the uid)
            Request = self.sudo().with_context(active_test=False)
            for request_id in Request._search(Domain("id", "in", ids) & self._casework_scope_domain()).get_result_ids():
                scopes[request_id] = "write"
        for request in self:
            request.casework_scope = scopes.get(request._origin.id, False)

    def _search_casework_scope(self, operator, value):
        if operator != "in":
            return NotImplemented
        if not set(value) & {"read", "write"}:
            return Domain.FALSE
        return self._casework_scope_domain()

    @api.model
    def _casework_scope_domain(self):
        """Domain of the contact requests the current user reads and changes:
        the administrators every one; the secretariat and heads of service
        those of their territories' structures; a mediator their own. Nobody
        else (other référents, FSE, finance, operators). Sub-queries only:
        it is the domain of the model's global rules.

        :return: a :class:`Domain`
        """
        user = self.env.user
        if user.has_group("casework_base.group_casework_admin"):
            return Domain.TRUE
        parts = []
        if user.has_group("casework_base.group_casework_referent"):
            parts.append(Domain("user_id", "=", user.id))
        if user.has_group("casework_base.group_casework_secretariat"):
            # sudo: the current user's own territories (ids)
            territory_ids = user.sudo().casework_territory_ids.ids
            if territory_ids:
                parts.append(Domain("territory_id", "in", territory_ids))
        return Domain.OR(parts) if parts else Domain.FALSE

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Contact requests are made by the inhabitants from the public page."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            # out of scope first, then the fields the system keeps (every field of a request)
            self.check_access("write")
            check_system_fields(self, vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions (the mediator, the secretariat, the administrators)
    # ------------------------------------------------------------------

    def _casework_set_state(self, state, allowed):
        self.check_access("write")
        for request in self:
            if request.state not in allowed:
                raise UserError(self.env._(
                    "This contact request is “%(state)s”: it cannot be changed that way.",
                    state=dict(self._fields["state"]._description_selection(self.env))[request.state],
                ))
        vals = {"state": state}
        if state in ("closed", "dossier"):
            vals["closed_date"] = fields.Datetime.now()
        # system fields, written after the scope check above
        self.sudo().write(vals)
        return True

    def action_mark_held(self):
        """The meeting took place. :raise UserError: a request not booked."""
        return self._casework_set_state("held", ("booked", "absent"))

    def action_mark_absent(self):
        """The person did not come; their meeting leaves the calendar.
        :raise UserError: a request not booked."""
        self._casework_set_state("absent", ("booked", "held"))
        # the meeting of requests the user may change (checked above)
        self.sudo().event_id.write({"active": False})
        return True

    def action_close(self):
        """Nothing more to do: the request will be erased after the delay.
        :raise UserError: a request awaiting its code, or already closed."""
        return self._casework_set_state("closed", ("booked", "held", "absent"))

    def action_turn_into_dossier(self):
        """Open the form of a new dossier prefilled with the first name,
        phone and e-mail of ``self`` (one request) in its structure's
        territory; the dossier form's duplicate check applies. Saving it
        links the request to the dossier (``casework.beneficiary.create``).

        :return: an ``ir.actions.act_window`` dict
        :raise UserError: a request awaiting its code or already a dossier
        """
        self.ensure_one()
        self.check_access("write")
        if self.state not in ("booked", "held", "absent", "closed"):
            raise UserError(self.env._("Only a confirmed contact request can be turned into a dossier."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New dossier"),
            "res_model": "casework.beneficiary",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_first_name": self.first_name,
                "default_phone": self.phone,
                "default_email": self.email,
                "default_territory_id": self.territory_id.id,
                "casework_check_duplicates": True,
                "casework_contact_request_id": self.id,
            },
        }

    def action_open_event(self):
        self.ensure_one()
        return self.event_id.get_formview_action()

    def action_open_dossier(self):
        self.ensure_one()
        return self.beneficiary_id.get_formview_action()

    def _casework_link_dossier(self, dossier):
        """Link ``self`` (one request the user may change, still open) to the
        ``dossier`` they just created from it.

        :raise AccessError: the user may not change the request
        """
        self.ensure_one()
        self.check_access("write")
        if self.state not in ("booked", "held", "absent", "closed"):
            return False
        dossier.check_access("read")
        # system fields, after the scope checks above
        self.sudo().write({"state": "dossier", "beneficiary_id": dossier.id, "closed_date": fields.Datetime.now()})
        return True

    # ------------------------------------------------------------------
    # The public page (controllers/sos.py), in superuser mode
    # ------------------------------------------------------------------

    @api.model
    def _casework_weekly_limit(self):
        value = self.env["ir.config_parameter"].sudo().get_param("casework_booking.sos_weekly_limit")
        try:
            return int(value) if value else DEFAULT_WEEKLY_LIMIT
        except ValueError:
            return DEFAULT_WEEKLY_LIMIT

    @api.model
    def _casework_weekly_count(self, phone=None, email=None):
        """Confirmed bookings of this phone number or e-mail address over the
        last seven days (a rolling week).

        :return: (count for the phone, count for the e-mail)
        """
        since = fields.Datetime.now() - timedelta(days=7)
        # the job of the public page: counts only
        Request = self.sudo().with_context(active_test=False)
        base = [("state", "in", CONFIRMED_STATES), ("booked_date", ">=", since)]
        by_phone = Request.search_count(base + [("phone", "=", phone)]) if phone else 0
        by_email = Request.search_count(base + [("email", "=", email)]) if email else 0
        return by_phone, by_email

    @api.model
    def _casework_check_weekly_limit(self, phone, email):
        """:raise BookingRefused: ("weekly") when the phone or the e-mail
        has its ``casework_booking.sos_weekly_limit`` bookings this week."""
        limit = self._casework_weekly_limit()
        if limit > 0 and max(self._casework_weekly_count(phone, email)) >= limit:
            raise BookingRefused(self.env._("Too many bookings this week for this phone or e-mail."), "weekly")

    @api.model
    def _casework_contact_key(self, value):
        return f"sos-contact:{value}"

    @api.model
    def _casework_sos_prepare(self, structure, topic_id, slot_key, first_name, phone, email):
        """Check what the person typed on ``structure``'s page.

        :param structure: ``casework.structure`` (superuser, public booking on)
        :param topic_id: id of a topic the structure offers
        :param slot_key: (start, user id) of the chosen slot, naive UTC
        :param first_name: str
        :param phone: str as typed, or empty
        :param email: str as typed, or empty
        :return: dict of the request's values (phone in E.164, e-mail normalised)
        :raise BookingRefused: reasons "first_name", "contact", "phone",
            "email", "topic", "past", "unavailable"

        The weekly limit per phone and e-mail is not checked here but when the
        code is confirmed (:meth:`_casework_confirm`): refused before the code,
        it would tell anyone who types a person's phone or e-mail that this
        person booked this week. Only the holder of the code learns it.
        """
        first_name = " ".join((first_name or "").split())
        if not first_name or len(first_name) > MAX_FIRST_NAME:
            raise BookingRefused(self.env._("Give your first name."), "first_name")
        phone, email = (phone or "").strip(), (email or "").strip()
        if not phone and not email:
            raise BookingRefused(self.env._("Give a mobile phone number or an e-mail address."), "contact")
        number = False
        if phone:
            number = phone_tools.mobile_e164(phone) if len(phone) <= 32 else None
            if not number:
                raise BookingRefused(self.env._("This is not a valid mobile phone number."), "phone")
        normalized = False
        if email:
            normalized = email_normalize(email) if len(email) <= 254 else False
            if not normalized:
                raise BookingRefused(self.env._("This is not a valid e-mail address."), "email")
        topic = structure._casework_sos_topics().filtered(lambda t: t.id == topic_id)
        if not topic:
            raise BookingRefused(self.env._("Choose a topic."), "topic")
        start, user_id = slot_key
        if not start:
            raise BookingRefused(self.env._("Choose a slot."), "unavailable")
        if start <= fields.Datetime.now():
            raise BookingRefused(self.env._("This slot is past."), "past")
        slot = next((s for s in structure._casework_sos_free_slots() if s[0] == start and s[2].id == user_id), None)
        if not slot:
            raise BookingRefused(self.env._("This slot is no longer available."), "unavailable")
        return {
            "structure_id": structure.id, "topic_id": topic.id, "user_id": slot[2].id,
            "date_start": slot[0], "date_stop": slot[1],
            "first_name": first_name, "phone": number or False, "email": normalized or False,
        }

    @api.model
    def _casework_sos_create(self, vals, lang):
        """Create the pending request of ``vals`` (see
        :meth:`_casework_sos_prepare`) and send its code by SMS (when a
        phone was given) or e-mail, in ``lang``.

        :return: (request, token of its page)
        :raise BookingRefused: "codes" (too many codes to that contact this
            hour), "send" (the code could not be sent)
        """
        Attempt = self.env["casework.booking.attempt"]
        for value in (vals.get("phone"), vals.get("email")):
            if value and Attempt._casework_count(self._casework_contact_key(value), "sos_code", 60) \
                    >= MAX_CODES_PER_CONTACT:
                raise BookingRefused(self.env._("Too many codes sent to this contact."), "codes")
        # created by the system for the anonymous page, after the checks of _casework_sos_prepare
        request = self.sudo().create(dict(vals, code_salt=secrets.token_hex(16)))
        token = secrets.token_urlsafe(24)
        code = request._casework_new_code()
        request.write({
            "code_hash": request._casework_code_digest(code),
            "token_hash": self._casework_token_digest(token),
            "code_date": fields.Datetime.now(),
        })
        for value in (vals.get("phone"), vals.get("email")):
            if value:
                Attempt._casework_record(self._casework_contact_key(value), "sos_code")
        request._casework_send_code(code, lang)
        return request, token

    @api.model
    def _casework_token_digest(self, token):
        # the database secret keys the HMAC (read by Odoo's helper as superuser)
        return odoo_hmac(self.env(su=True), TOKEN_SCOPE, token or "")

    def _casework_new_code(self):
        """A random 6-digit code (str), never stored."""
        return f"{secrets.randbelow(10 ** 6):06d}"

    def _casework_code_digest(self, code):
        """HMAC-SHA256 of ``code`` keyed with the database secret, salted
        with this request's id and salt."""
        self.ensure_one()
        # sudo: the database secret and the salt, used here and never returned
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        message = f"{self.id}:{self.sudo().code_salt}:{code}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    @api.model
    def _casework_from_token(self, token):
        """The request the page's ``token`` opens (pending or booked, its
        meeting ahead or of today), or an empty recordset.

        :return: ``casework.contact.request`` in superuser mode (the token is
            the anonymous caller's only right)
        """
        if not token or len(token) > 64:
            return self.browse()
        digest = self._casework_token_digest(token)
        # the token is the right to this one request: looked up in superuser mode
        request = self.sudo().search([("token_hash", "=", digest)], limit=1)
        if not request or not consteq(request.token_hash or "", digest):
            return self.browse()
        if request.state == "pending" or (request.state == "booked" and request.date_stop > fields.Datetime.now()):
            return request
        return self.browse()

    def _casework_send_code(self, code, lang):
        """Send ``code`` to the person of ``self`` (one pending request): by
        SMS through Odoo's SMS queue and provider (Twilio, as the appointment
        reminders) when a phone was given, else by e-mail. Neither is kept
        (the code is in its text).

        :raise BookingRefused: "send", when the provider refused it
        """
        self.ensure_one()
        request = self.sudo()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        env = self.with_context(lang=lang if lang in installed else self.env.lang).env
        structure = request.structure_id.name
        if request.phone:
            body = env._(
                "SOS numérique (%(structure)s): your code is %(code)s. Valid 10 minutes.",
                structure=structure, code=code,
            )
            # Odoo's SMS queue (a system model); the text holds the code: deleted right after sending
            sms = self.env["sms.sms"].sudo().create({"number": request.phone, "body": body})
            sms.send(unlink_failed=False, unlink_sent=True, raise_exception=False)
            state = sms.exists() and sms.state
            failure = sms.exists() and sms.failure_type
            sms.exists().unlink()
            if state and state not in ("pending", "sent"):
                _logger.info("Code of contact request %s not sent by SMS: %s", self.id, failure)
                raise BookingRefused(env._("The SMS could not be sent."), "send")
            return
        body = env._(
            "Your code to confirm your meeting with a digital mediator (%(structure)s) is %(code)s. "
            "It is valid 10 minutes. If you did not ask for it, ignore this message.",
            structure=structure, code=code,
        )
        company = request.user_id.company_id or self.env.company
        # Odoo's mail queue (a system model), attached to no record, deleted once sent or failed
        mail = self.env["mail.mail"].sudo().create({
            "subject": env._("Your code for SOS numérique"),
            "body_html": f"<p>{body}</p>",
            "email_to": request.email,
            "email_from": company.email_formatted or self.env.user.email_formatted,
            "auto_delete": True,
        })
        mail.send(raise_exception=False)
        # sent and deleted (auto_delete), or still queued (sent then deleted by the queue), or failed
        failed = mail.exists().filtered(lambda m: m.state in ("exception", "cancel"))
        if failed:
            failure = failed.failure_reason or failed.state
            failed.unlink()
            _logger.info("Code of contact request %s not sent by e-mail: %s", self.id, failure)
            raise BookingRefused(env._("The e-mail could not be sent."), "send")

    def _casework_check_code(self, code):
        """Compare the ``code`` the person typed with ``self``'s (one pending
        request). A wrong code counts; the fifth, or an expired code, erases
        the request (the person starts again).

        :return: None when right, else the refusal's reason: "wrong" (tries
            left), "expired", "attempts"
        """
        self.ensure_one()
        request = self.sudo()
        if request.state != "pending":
            return "expired"
        if not request.code_date or fields.Datetime.now() > request.code_date + CODE_VALIDITY:
            request._casework_erase()
            return "expired"
        digest = request._casework_code_digest(" ".join((code or "").split()).replace(" ", ""))
        if not consteq(digest, request.code_hash or ""):
            attempts = request.code_attempts + 1
            if attempts >= MAX_CODE_ATTEMPTS:
                request._casework_erase()
                return "attempts"
            request.write({"code_attempts": attempts})
            return "wrong"
        return None

    def _casework_confirm(self):
        """The code is right: book ``self`` (one pending request) — lock the
        mediator's calendar (:meth:`res.users._casework_booking_lock`: two
        confirmations of the same slot, the second waits then is run again
        on fresh data), check the slot is still free and the weekly limit,
        then create the meeting in the mediator's calendar.

        :return: the meeting (``calendar.event``)
        :raise BookingRefused: "taken", "past", "weekly"
        """
        self.ensure_one()
        request = self.sudo()
        if request.date_start <= fields.Datetime.now():
            raise BookingRefused(self.env._("This slot is past."), "past")
        mediator = request.user_id
        mediator._casework_booking_lock()
        step = int(self.env["ir.config_parameter"].sudo().get_param("casework_booking.slot_step", 30))
        if mediator not in request.structure_id.casework_sos_mediator_ids or \
                not mediator._casework_booking_slot_is_free(request.date_start, request.date_stop, step=step):
            raise BookingRefused(self.env._("This slot has just been taken."), "taken")
        self._casework_check_weekly_limit(request.phone, request.email)
        topic = request.topic_id.with_context(lang=mediator.lang or self.env.lang)
        name = self.env._("SOS numérique – %(topic)s", topic=topic.name or "")
        # the mediator's meeting, created by the system in their name after the checks above
        Event = self.env(user=mediator.id, su=True)["calendar.event"].with_context(
            no_mail_to_attendees=True, mail_create_nolog=True, mail_create_nosubscribe=True,
            mail_notrack=True, tracking_disable=True,
        )
        event = Event.create({
            "name": name,
            "user_id": mediator.id,
            "partner_ids": [Command.set(mediator.partner_id.ids)],
            "start": request.date_start,
            "stop": request.date_stop,
            "duration": (request.date_stop - request.date_start).total_seconds() / 3600.0,
            "privacy": "private",
            "show_as": "busy",
            "location": request.structure_id._casework_sos_place() or False,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": request.id,
        })
        request.write({
            "state": "booked", "event_id": event.id, "booked_date": fields.Datetime.now(),
            "code_hash": False, "code_attempts": 0,
        })
        return event

    # ------------------------------------------------------------------
    # Erasure
    # ------------------------------------------------------------------

    @api.model
    def _casework_retention_months(self):
        value = self.env["ir.config_parameter"].sudo().get_param("casework_booking.sos_retention_months")
        try:
            return int(value) if value else DEFAULT_RETENTION_MONTHS
        except ValueError:
            return DEFAULT_RETENTION_MONTHS

    @api.model
    def _cron_casework_erase(self):
        """Daily job: erase the contact requests not turned into a dossier
        whose last date (:attr:`last_date`) is older than
        ``casework_booking.sos_retention_months`` months (default 3), and the
        requests whose code was never confirmed after a day, with everything
        about them (:meth:`_casework_erase`).

        :return: number of requests erased
        """
        now = fields.Datetime.now()
        # the job: every request
        Request = self.sudo().with_context(active_test=False)
        limit = now - relativedelta(months=self._casework_retention_months())
        old = Request.search([("state", "!=", "dossier"), ("last_date", "<", limit)])
        pending = Request.search([
            ("state", "=", "pending"), "|", ("code_date", "=", False), ("code_date", "<", now - PENDING_RETENTION),
        ])
        requests = old | pending
        requests._casework_erase()
        return len(requests)

    def _casework_erase(self):
        """Erase ``self`` and everything about them, nothing left: their
        meetings (attendees, alarms' triggers), the messages, notifications,
        mails, trackings, followers and activities of the requests and of the
        meetings, the SMS and mails still queued to their phone or e-mail,
        and the rate-limit rows of their phone and e-mail. System job."""
        if not self:
            return
        # the job: the requests and what is attached to them
        requests = self.sudo().with_context(active_test=False)
        events = requests.event_id | self.env["calendar.event"].sudo().with_context(active_test=False).search([
            ("res_model", "=", self._name), ("res_id", "in", requests.ids),
        ])
        documents = [(self._name, requests.ids), ("calendar.event", events.ids)]
        Message = self.env["mail.message"].sudo()
        for model, ids in documents:
            if not ids:
                continue
            self.env["mail.activity"].sudo().search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
            self.env["mail.followers"].sudo().search([("res_model", "=", model), ("res_id", "in", ids)]).unlink()
            messages = Message.search([("model", "=", model), ("res_id", "in", ids)])
            self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
            messages.unlink()
        phones = [p for p in requests.mapped("phone") if p]
        emails = [e for e in requests.mapped("email") if e]
        if phones:
            self.env["sms.sms"].sudo().search([("number", "in", phones)]).unlink()
        for email in emails:
            self.env["mail.mail"].sudo().search([("email_to", "ilike", email)]).unlink()
        Attempt = self.env["casework.booking.attempt"].sudo()
        keys = [Attempt._casework_key(self._casework_contact_key(value)) for value in phones + emails]
        if keys:
            Attempt.search([("key", "in", keys)]).unlink()
        events.with_context(no_mail_to_attendees=True).unlink()
        requests.unlink()
