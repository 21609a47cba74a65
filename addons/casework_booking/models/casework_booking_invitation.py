import logging
import secrets
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import consteq
from odoo.tools.misc import hmac

from odoo.addons.casework_appointment.models.calendar_event import SMS_REMINDER_DELAY
from odoo.addons.casework_base.models.casework_case_mixin import check_system_fields
from odoo.addons.casework_base.tools import phone
from odoo.addons.casework_base.tools.dates import casework_today, casework_tz

from .res_users import DEFAULT_SLOT_STEP

_logger = logging.getLogger(__name__)

STATES = [
    ("sent", "Awaiting a booking"),
    ("booked", "Booked"),
    ("cancelled", "Cancelled by the person"),
    ("revoked", "Revoked"),
    ("expired", "Expired"),
]
# the HMAC scope of the tokens: a token of an invitation is good for nothing else
TOKEN_SCOPE = "casework_booking.invitation"
DEFAULT_WINDOW_DAYS = 15


class BookingRefused(UserError):
    """A refusal of the public page: ``reason`` tells the page which French
    message to show ("taken", "unavailable", "deadline", "closed")."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


class CaseworkBookingInvitation(models.Model):
    """An invitation sent to a person to book an appointment themself.

    A counsellor invites the person of a dossier to pick a slot: appointment
    type, theme, duration, the counsellors whose free slots are offered
    (themself, colleagues who share their calendar and may read the dossier),
    the location, and a window of days. The person receives a link by SMS
    and/or e-mail; the link carries a random token, of which only an HMAC
    (keyed by the database secret, scoped to invitations) is stored. The token
    opens the public page (``controllers/main.py``) until the end of the
    window; once a slot is booked it serves only to see, move or cancel that
    appointment (until ``casework_booking.change_deadline_hours`` before it);
    revoking the invitation, or sending the link again, kills the old token.

    The invitation names a person: a case record (``casework.case.mixin``),
    read and changed within its dossier's scope. Its state, token, dates and
    appointment are system fields: only the methods below change them.
    """

    _name = "casework.booking.invitation"
    _inherit = ["casework.case.mixin"]
    _description = "Invitation to book an appointment"
    _order = "create_date desc, id desc"

    user_id = fields.Many2one(
        # not a system field: create() makes it the current user, write() refuses it
        "res.users", string="Sent by", required=True, default=lambda self: self.env.user,
        ondelete="restrict", index=True,
        help="The counsellor who sent the invitation: the appointment is booked in their name.",
    )
    appointment_type_id = fields.Many2one(
        "casework.appointment.type", string="Appointment type", required=True, ondelete="restrict",
    )
    theme_id = fields.Many2one("casework.appointment.theme", ondelete="restrict")
    duration = fields.Float(required=True, default=1.0, help="In hours.")
    counsellor_ids = fields.Many2many(
        "res.users", "casework_booking_invitation_counsellor_rel", "invitation_id", "user_id",
        string="With", required=True,
        help="The counsellors whose free slots are offered: yourself, or colleagues who share their calendar with "
        "you and follow the dossier.",
    )
    location_id = fields.Many2one("casework.appointment.location", ondelete="restrict")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="Until", required=True)
    send_sms = fields.Boolean(string="By SMS", default=True)
    send_email = fields.Boolean(string="By e-mail")

    state = fields.Selection(STATES, string="Status", default="sent", required=True, readonly=True, index=True)
    token_hash = fields.Char(readonly=True, copy=False, index="btree_not_null", groups="base.group_system")
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    sms_state = fields.Selection(
        [("sent", "Sent"), ("failed", "Failed")], string="SMS", readonly=True, copy=False,
    )
    sms_error = fields.Char(string="SMS error", readonly=True, copy=False)
    email_state = fields.Selection(
        [("sent", "Sent"), ("failed", "Failed")], string="E-mail", readonly=True, copy=False,
    )
    email_error = fields.Char(string="E-mail error", readonly=True, copy=False)
    reminder_date = fields.Datetime(string="Reminder sent on", readonly=True, copy=False)
    booked_date = fields.Datetime(string="Booked on", readonly=True, copy=False)
    event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True, copy=False, ondelete="set null")
    appointment_start = fields.Datetime(string="Appointment date", compute="_compute_appointment")
    appointment_outcome = fields.Char(string="Outcome", compute="_compute_appointment")


    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("appointment_type_id", "date_from", "date_to")
    def _compute_display_name(self):
        for invitation in self:
            invitation.display_name = self.env._(
                "%(type)s, %(start)s – %(end)s",
                type=invitation.appointment_type_id.name or "",
                start=invitation.date_from and invitation.date_from.strftime("%d/%m/%Y") or "",
                end=invitation.date_to and invitation.date_to.strftime("%d/%m/%Y") or "",
            )

    @api.depends("event_id")
    @api.depends_context("uid")
    def _compute_appointment(self):
        outcomes = dict(self.env["calendar.event"]._fields["casework_outcome"]._description_selection(self.env))
        for invitation in self:
            # the appointment of a readable invitation belongs to its dossier: readable too
            event = invitation.event_id.sudo().with_context(active_test=False)
            invitation.appointment_start = event.start
            invitation.appointment_outcome = outcomes.get(event.casework_outcome, False)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("date_from", "date_to", "duration")
    def _check_window(self):
        for invitation in self:
            if invitation.date_to < invitation.date_from:
                raise ValidationError(self.env._("The window of an invitation ends after it starts."))
            if invitation.duration <= 0:
                raise ValidationError(self.env._("The duration of an appointment must be positive."))

    @api.constrains("counsellor_ids")
    def _check_counsellor_ids(self):
        for invitation in self:
            if not invitation.counsellor_ids:
                raise ValidationError(self.env._("Choose at least one counsellor whose slots are offered."))

    def _casework_check_counsellors(self):
        """Each counsellor of ``self`` shares their calendar with the current
        user and may read the dossier (the title of the appointment names the
        person). Checked in ``create`` as the user (Odoo runs ``@api.constrains``
        in superuser mode)."""
        Event = self.env["calendar.event"]
        for invitation in self:
            for counsellor in invitation.counsellor_ids:
                Event._casework_check_calendar_shared(counsellor)
            Event._casework_check_participants_of(
                invitation.beneficiary_id, invitation.counsellor_ids, self.env["res.partner"]
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # the sender is the current user (the appointment is booked in their name), whatever
                # the values or the context's defaults say
                if vals.get("user_id", self.env.uid) != self.env.uid:
                    raise AccessError(self.env._("An invitation is sent in your own name."))
                vals["user_id"] = self.env.uid
        invitations = super().create(vals_list)
        if not self.env.su:
            invitations._casework_check_counsellors()
        return invitations

    def write(self, vals):
        if not self.env.su:
            # out of scope, a system field or another dossier: refused for access first
            self.check_access("write")
            check_system_fields(self, vals)
            for dossier in self.sudo().beneficiary_id:
                self._casework_check_same_dossier(vals, dossier.id)
        if not self.env.su and set(vals) - {"send_sms", "send_email"}:
            raise UserError(self.env._(
                "An invitation that was sent cannot be changed: revoke it and send a new one."
            ))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Send (or send again) the link of each invitation of ``self`` to its
        person, by SMS and/or e-mail. A new token is drawn each time: the
        previous link stops working.

        :raise UserError: an invitation no longer waiting for a booking, or
            neither SMS nor e-mail chosen
        """
        self.check_access("write")
        for invitation in self:
            if invitation.state != "sent":
                raise UserError(self.env._("Only an invitation awaiting a booking can be sent again."))
            if not invitation.send_sms and not invitation.send_email:
                raise UserError(self.env._("Choose how to send the invitation: by SMS, by e-mail or both."))
            if invitation.date_to < casework_today(self.env):
                raise UserError(self.env._("The window of this invitation is over: send a new invitation."))
            token = invitation._casework_new_token()
            invitation._casework_deliver(token)
        return True

    def action_revoke(self):
        """Revoke the invitations of ``self``: their links stop working. A
        booked appointment stays (cancel it from the calendar)."""
        self.check_access("write")
        # state and token are system fields: written after the scope check above
        self.sudo().write({"state": "revoked", "token_hash": False})
        return True

    def action_open_appointment(self):
        self.ensure_one()
        return self.event_id.get_formview_action()

    # ------------------------------------------------------------------
    # Tokens
    # ------------------------------------------------------------------

    @api.model
    def _casework_token_digest(self, token):
        # the database secret keys the HMAC (read by Odoo's helper as superuser)
        return hmac(self.env(su=True), TOKEN_SCOPE, token or "")

    def _casework_new_token(self):
        """Draw a new random token for ``self`` (one invitation), store its
        HMAC only, and return it (to put in the link, never stored)."""
        self.ensure_one()
        token = secrets.token_urlsafe(24)
        # a system field, written after the caller's access check
        self.sudo().token_hash = self._casework_token_digest(token)
        return token

    @api.model
    def _casework_from_token(self, token):
        """The invitation the link's ``token`` opens, or an empty recordset.

        Looked up by its HMAC and compared again in constant time. An
        invitation revoked, cancelled or past its window (and not booked) opens
        nothing; a booked one opens while its appointment is ahead.

        :return: ``casework.booking.invitation`` in superuser mode (the public
            page's caller is anonymous; the token is their only right), or empty
        """
        if not token or len(token) > 64:
            return self.browse()
        digest = self._casework_token_digest(token)
        # the token is the right to this one invitation: looked up in superuser mode
        invitation = self.sudo().search([("token_hash", "=", digest)], limit=1)
        if not invitation or not consteq(invitation.token_hash or "", digest):
            return self.browse()
        invitation._casework_expire()
        if invitation.state == "sent":
            return invitation
        if invitation.state == "booked":
            event = invitation.event_id.with_context(active_test=False)
            if event.active and event.casework_outcome == "planned" and event.stop > fields.Datetime.now():
                return invitation
        return self.browse()

    def _casework_expire(self):
        """Invitations of ``self`` past their window and never booked expire."""
        today = casework_today(self.env)
        expired = self.filtered(lambda i: i.state == "sent" and i.date_to < today)
        if expired:
            # system fields, kept by the system
            expired.sudo().write({"state": "expired", "token_hash": False})

    @api.model
    def _cron_casework_expire(self):
        """Daily job: expire the invitations whose window is over, and send the
        reminders due (:meth:`_casework_send_reminders`)."""
        # the job: every invitation
        invitations = self.sudo().search([("state", "=", "sent"), ("date_to", "<", casework_today(self.env))])
        invitations._casework_expire()
        self._casework_send_reminders()

    # ------------------------------------------------------------------
    # Delivery
    # ------------------------------------------------------------------

    def _casework_url(self, token):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        return f"{base}/rdv/{token}"

    def _casework_sms_number(self):
        """The dossier's mobile number in E.164, or False (as the reminders)."""
        self.ensure_one()
        # the dossier's number, for its SMS: never returned
        return phone.mobile_e164(self.sudo().beneficiary_id.phone) or False

    def _casework_deliver(self, token, reminder=False):
        """Send the link with ``token`` to the person of ``self`` (one
        invitation): SMS through Odoo's SMS queue and provider (Twilio, as the
        appointment reminders), e-mail through the mail queue. Records the
        result on the invitation."""
        self.ensure_one()
        # the invitation's fields and its dossier's contact, for the message: the caller checked the scope
        invitation = self.sudo()
        url = self._casework_url(token)
        vals = {"sent_date": fields.Datetime.now()} if not reminder else {"reminder_date": fields.Datetime.now()}
        if invitation.send_sms:
            vals.update(invitation._casework_send_sms(url, reminder))
        if invitation.send_email:
            vals.update(invitation._casework_send_email(url, reminder))
        invitation.write(vals)

    def _casework_send_sms(self, url, reminder=False):
        number = self._casework_sms_number()
        if not number:
            return {"sms_state": "failed", "sms_error": self.env._("The dossier has no valid mobile phone number.")}
        xmlid = "casework_booking.sms_template_invitation_reminder" if reminder else \
            "casework_booking.sms_template_invitation"
        template = self.env.ref(xmlid)
        body = template.with_context(lang=self._casework_person_lang(), casework_booking_url=url)._render_field(
            "body", self.ids, compute_lang=True
        )[self.id]
        # Odoo's SMS queue (a system model), sent at once
        sms = self.env["sms.sms"].sudo().create({
            "number": number, "body": body, "partner_id": self.beneficiary_id.partner_id.id,
        })
        sms.send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        if sms.exists() and sms.state in ("error", "outgoing", "canceled"):
            failure = dict(sms._fields["failure_type"]._description_selection(self.env)).get(sms.failure_type)
            error = failure or self.env._("Not sent.")
            # the link is in the body: a failed SMS is not kept
            sms.unlink()
            return {"sms_state": "failed", "sms_error": error}
        if sms.exists():
            # kept for the delivery report: without the link, which opens the booking
            sms.body = sms.body.replace(url, "[lien]")
        return {"sms_state": "sent", "sms_error": False}

    def _casework_send_email(self, url, reminder=False):
        """Send the link ``url`` by e-mail to the person of ``self`` (one
        invitation), at once, in the person's language.

        The link opens the booking: the mail is attached to no record (no
        message on the invitation, which the dossier's scope reads), has no
        author, and is kept nowhere: deleted once sent, deleted too when the
        sending fails (the invitation records the failure).

        :return: the invitation's ``email_state`` and ``email_error`` values
        """
        email = self.beneficiary_id.email
        if not email:
            return {"email_state": "failed", "email_error": self.env._("The dossier has no e-mail address.")}
        template = self.env.ref("casework_booking.mail_template_invitation").with_context(
            lang=self._casework_person_lang(), casework_booking_url=url, casework_booking_reminder=reminder,
        )
        mail = template.send_mail_batch(self.ids, force_send=True, email_values={
            "email_to": email, "recipient_ids": [], "auto_delete": True,
            "model": False, "res_id": False, "author_id": False,
        })
        if not mail.exists():
            return {"email_state": "sent", "email_error": False}
        sent = mail.state == "sent"
        failure = dict(mail._fields["failure_type"]._description_selection(self.env)).get(mail.failure_type)
        # the link is in the body: a mail left behind (failed) is not kept
        mail.unlink()
        if sent:
            return {"email_state": "sent", "email_error": False}
        return {"email_state": "failed", "email_error": failure or self.env._("Not sent.")}

    def _casework_person_lang(self):
        """The language of the texts for the person of ``self`` (one
        invitation): their dossier's partner's when installed, else the
        company's, else French.

        :return: a language code, e.g. ``"fr_FR"``
        """
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        # sudo: the language of the dossier's partner and of the sender's company, for the texts sent
        invitation = self.sudo()
        for lang in (invitation.beneficiary_id.partner_id.lang, invitation.user_id.company_id.partner_id.lang):
            if lang in installed:
                return lang
        return "fr_FR"

    def _casework_staff_lang(self):
        """The language of the notes for the counsellors of ``self`` (one
        invitation): the sender's, else the person's (see
        :meth:`_casework_person_lang`). The public page runs as the public
        user, whose language is not theirs.

        :return: a language code
        """
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        # sudo: the sender's language
        lang = self.sudo().user_id.lang
        return lang if lang in installed else self._casework_person_lang()

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------

    @api.model
    def _casework_send_reminders(self):
        """An invitation still unused ``casework_booking.reminder_days`` days
        after it was sent is sent once more (with a new link), and its sender
        gets an activity "Invitation without answer" on the dossier."""
        # a setting, not a person's data
        days = int(self.env["ir.config_parameter"].sudo().get_param("casework_booking.reminder_days", 3) or 0)
        if days <= 0:
            return
        limit = fields.Datetime.now() - timedelta(days=days)
        # the job: every invitation due
        due = self.sudo().search([
            ("state", "=", "sent"), ("reminder_date", "=", False), ("sent_date", "<=", limit),
            ("date_to", ">=", casework_today(self.env)),
        ])
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for invitation in due:
            token = invitation._casework_new_token()
            invitation._casework_deliver(token, reminder=True)
            staff = invitation.with_context(lang=invitation._casework_staff_lang())
            staff.beneficiary_id.activity_schedule(
                activity_type_id=activity_type.id,
                summary=staff.env._("Invitation without answer"),
                note=staff.env._("The person has not booked a slot yet: an SMS or e-mail reminder was sent."),
                user_id=invitation.user_id.id,
            )

    # ------------------------------------------------------------------
    # Statistics
    # ------------------------------------------------------------------

    @api.model
    def _casework_booking_statistics(self, date_from=None, date_to=None, user_ids=None):
        """Figures of the invitations and of the appointments the current
        user may read (casework_reports and the dashboards call it).

        :param date_from: date, invitations sent and appointments starting from that day (included)
        :param date_to: date, until that day (included)
        :param user_ids: list of user ids: invitations sent by them, appointments of them (collaborator)
        :return: dict with ``sent``, ``booked``, ``held`` (invitations: sent,
            booked, whose appointment was held), ``booking_rate`` (booked / sent),
            ``invited`` and ``convoked`` (appointments booked from an invitation
            or by a counsellor, whose outcome is known: held, excused or
            unexcused absence), ``invited_no_show`` and ``convoked_no_show``
            (unexcused absences among them), and the rates
            ``invited_no_show_rate`` and ``convoked_no_show_rate`` (0.0 to 1.0,
            None without appointments)
        """
        tz = casework_tz(self.env)

        def bound(day, end=False):
            value = tz.localize(datetime.combine(day + timedelta(days=1 if end else 0), time.min))
            return value.astimezone(pytz.utc).replace(tzinfo=None)

        domain = [("sent_date", "!=", False)]
        event_domain = [("casework_beneficiary_id", "!=", False), ("casework_outcome", "!=", False)]
        if date_from:
            domain.append(("sent_date", ">=", bound(date_from)))
            event_domain.append(("start", ">=", bound(date_from)))
        if date_to:
            domain.append(("sent_date", "<", bound(date_to, end=True)))
            event_domain.append(("start", "<", bound(date_to, end=True)))
        if user_ids:
            domain.append(("user_id", "in", list(user_ids)))
            event_domain.append(("user_id", "in", list(user_ids)))
        invitations = self.search(domain)
        booked = invitations.filtered("event_id")
        # every appointment the user may read; the absences are archived
        Event = self.env["calendar.event"].with_context(active_test=False)
        invited_ids = set(self.search([("event_id", "!=", False)]).event_id.ids)
        known = ("held", "excused", "unexcused")
        counts = {"invited": 0, "convoked": 0, "invited_no_show": 0, "convoked_no_show": 0}
        for event in Event.search_fetch(event_domain, ["casework_outcome"]):
            if event.casework_outcome not in known:
                continue
            kind = "invited" if event.id in invited_ids else "convoked"
            counts[kind] += 1
            if event.casework_outcome == "unexcused":
                counts[f"{kind}_no_show"] += 1
        held = booked.filtered(lambda i: i.event_id.with_context(active_test=False).casework_outcome == "held")
        return {
            "sent": len(invitations),
            "booked": len(booked),
            "held": len(held),
            "booking_rate": len(booked) / len(invitations) if invitations else None,
            **counts,
            "invited_no_show_rate": counts["invited_no_show"] / counts["invited"] if counts["invited"] else None,
            "convoked_no_show_rate": counts["convoked_no_show"] / counts["convoked"] if counts["convoked"] else None,
        }

    # ------------------------------------------------------------------
    # Slots and booking (the public page, after the token check)
    # ------------------------------------------------------------------

    def _casework_window(self):
        """The window of ``self`` (one invitation) in naive UTC datetimes:
        its first day at 00:00 to the day after its last, in the Casework time
        zone, and not before the minimum notice from now."""
        self.ensure_one()
        tz = casework_tz(self.env)
        start = tz.localize(datetime.combine(self.date_from, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        stop = tz.localize(datetime.combine(self.date_to + timedelta(days=1), time.min))
        stop = stop.astimezone(pytz.utc).replace(tzinfo=None)
        notice = float(self.env["ir.config_parameter"].sudo().get_param("casework_booking.min_notice_hours", 2))
        return max(start, fields.Datetime.now() + timedelta(hours=notice)), stop

    def _casework_slot_step(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("casework_booking.slot_step", DEFAULT_SLOT_STEP))

    def _casework_free_slots(self):
        """The free slots offered by ``self`` (one invitation): one per start
        time, with the first free counsellor (the sender first).

        :return: list of (start, stop, user), naive UTC
        """
        self.ensure_one()
        start, stop = self._casework_window()
        if start >= stop:
            return []
        counsellors = self._casework_counsellors()
        slots = counsellors._casework_booking_free_slots(
            start, stop, self.duration, step=self._casework_slot_step()
        )
        seen, result = set(), []
        for slot in slots:
            if slot[0] not in seen:
                seen.add(slot[0])
                result.append(slot)
        return result

    def _casework_counsellors(self):
        """The counsellors offered, the sender first when among them."""
        counsellors = self.counsellor_ids
        if self.user_id in counsellors:
            counsellors = self.user_id | (counsellors - self.user_id)
        return counsellors

    def _casework_can_change(self):
        """Whether the person may still move or cancel the booked appointment."""
        self.ensure_one()
        hours = float(self.env["ir.config_parameter"].sudo().get_param("casework_booking.change_deadline_hours", 24))
        event = self.event_id
        return bool(
            self.state == "booked" and event and event.casework_outcome == "planned"
            and event.start - timedelta(hours=hours) > fields.Datetime.now()
        )

    def _casework_book(self, start, user_id):
        """Book the slot starting at ``start`` with the counsellor ``user_id``
        for ``self`` (one invitation, opened by its token), or move the
        appointment already booked there.

        The appointment is created in the name of the counsellor who sent the
        invitation, exactly as they would create it (their rights, the
        appointment's rules: collaborator sharing their calendar, overlaps):
        type, theme, location, outcome planned, the SMS reminder on when
        possible (a valid mobile number, more than 48 hours ahead). The
        calendars of the counsellors are locked first (see
        :meth:`res.users._casework_booking_lock`), then the slot is checked
        free again.

        :param start: naive UTC datetime
        :param user_id: id of one of the invitation's counsellors
        :return: the appointment (``calendar.event``)
        :raise UserError: the slot is not (or no longer) free, the invitation
            no longer allows it; a French message for the person
        """
        self.ensure_one()
        counsellor = self.counsellor_ids.filtered(lambda u: u.id == user_id)
        moving = self.state == "booked"
        if not counsellor or self.state not in ("sent", "booked") or (moving and not self._casework_can_change()):
            raise BookingRefused(self.env._("This slot cannot be booked with this invitation."), "unavailable")
        stop = start + timedelta(hours=self.duration)
        window_start, window_stop = self._casework_window()
        if start < window_start or stop > window_stop:
            raise BookingRefused(
                self.env._("This slot is no longer available: please choose another one."), "unavailable"
            )
        counsellor._casework_booking_lock()
        # the person's own appointment does not conflict with its new slot
        ignore = self.event_id if moving else self.env["calendar.event"]
        if not counsellor._casework_booking_slot_is_free(start, stop, step=self._casework_slot_step(), ignore=ignore):
            raise BookingRefused(self.env._("This slot has just been taken: please choose another one."), "taken")
        # booked in the name of the sender, with their rights and the appointment's checks
        sender_env = self.env(user=self.user_id.id, su=False)
        Event = sender_env["calendar.event"]
        try:
            if moving:
                event = Event.browse(self.event_id.id)
                event.write({"start": start, "stop": stop, "user_id": counsellor.id})
                self._casework_notify(event, moved=True)
            else:
                vals = self._casework_event_vals(start, stop, counsellor)
                # the sender's checks of a booking: dossier writable, collaborator sharing their
                # calendar, participants reading the dossier
                Event._casework_check_booking([Event._casework_prepare_appointment_vals(dict(vals))])
                # created in superuser mode in the sender's name, their rights checked just above:
                # Odoo checks the attendees' partners as the request's user (the public user);
                # the appointment's own rules (overlap, SMS reminder) still apply
                event = self.env(user=self.user_id.id, su=True)["calendar.event"].create(vals)
                self.sudo().write({"state": "booked", "event_id": event.id, "booked_date": fields.Datetime.now()})
                self._casework_notify(event)
        except (AccessError, ValidationError, UserError) as error:
            _logger.info("Invitation %s: the booking was refused: %s", self.id, error)
            raise BookingRefused(self.env._(
                "This appointment cannot be booked online any more: please contact your counsellor."
            ), "closed") from error
        return event

    def _casework_event_vals(self, start, stop, counsellor):
        vals = {
            "casework_beneficiary_id": self.beneficiary_id.id,
            "casework_appointment_type_id": self.appointment_type_id.id,
            "casework_theme_id": self.theme_id.id,
            "casework_location_id": self.location_id.id,
            "casework_outcome": "planned",
            "user_id": counsellor.id,
            "partner_ids": [fields.Command.link(counsellor.partner_id.id)],
            "start": start,
            "stop": stop,
            "duration": self.duration,
        }
        if self._casework_sms_number() and start - SMS_REMINDER_DELAY > fields.Datetime.now():
            vals["casework_sms_reminder"] = True
        return vals

    def _casework_notify(self, event, moved=False):
        """Tell the sender and the counsellor, in the dossier's chatter (in
        the sender's language, see :meth:`_casework_staff_lang`)."""
        staff_env = self.with_context(lang=self._casework_staff_lang()).env
        when = self._casework_format_slot(event.start)
        if moved:
            body = staff_env._("The person moved their appointment to %(when)s (online booking).", when=when)
        else:
            body = staff_env._("The person booked an appointment on %(when)s (online booking).", when=when)
        partners = (self.user_id | event.user_id).partner_id
        # posted in the sender's name on the dossier they may change (checked by the booking); in
        # superuser mode as Odoo checks the notified partners as the request's user (the public user)
        event.casework_beneficiary_id.with_env(staff_env(user=self.user_id.id, su=True)).message_post(
            body=body, partner_ids=partners.ids, message_type="comment", subtype_xmlid="mail.mt_note",
        )

    def _casework_cancel(self):
        """The person cancels their appointment (until the deadline): the
        appointment becomes an excused absence (out of the calendars, no
        reminder), the invitation is closed and the counsellors told."""
        self.ensure_one()
        if not self._casework_can_change():
            raise BookingRefused(self.env._(
                "This appointment can no longer be cancelled online: please call your counsellor."
            ), "deadline")
        event = self.env(user=self.user_id.id, su=False)["calendar.event"].browse(self.event_id.id)
        try:
            event.write({"casework_outcome": "excused"})
        except AccessError as error:
            raise BookingRefused(self.env._(
                "This appointment cannot be cancelled online any more: please contact your counsellor."
            ), "closed") from error
        # system fields, after the token check of the caller
        self.sudo().write({"state": "cancelled", "token_hash": False})
        staff_env = self.with_context(lang=self._casework_staff_lang()).env
        when = self._casework_format_slot(event.start)
        # in the sender's name, who may change the dossier (the outcome was written as them above);
        # superuser mode as Odoo checks the notified partners as the request's user (the public user)
        event.casework_beneficiary_id.with_env(staff_env(user=self.user_id.id, su=True)).message_post(
            body=staff_env._("The person cancelled their appointment of %(when)s (online booking).", when=when),
            partner_ids=(self.user_id | event.user_id).partner_id.ids, message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _casework_format_slot(self, start):
        local = pytz.utc.localize(start).astimezone(casework_tz(self.env))
        return local.strftime("%d/%m/%Y %H:%M")

    def _casework_ics(self):
        """The booked appointment as an iCalendar file (bytes): date, place,
        counsellor; no name of the person. In the person's language."""
        self.ensure_one()
        event = self.event_id

        def stamp(value):
            return value.strftime("%Y%m%dT%H%M%SZ")

        def escape(text):
            return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

        summary = self.with_context(lang=self._casework_person_lang()).env._(
            "Appointment with %(name)s", name=event.user_id.name,
        )
        lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Casework//Booking//FR", "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            f"UID:casework-booking-{self.id}-{event.id}@casework",
            f"DTSTAMP:{stamp(fields.Datetime.now())}",
            f"DTSTART:{stamp(event.start)}",
            f"DTEND:{stamp(event.stop)}",
            f"SUMMARY:{escape(summary)}",
            f"LOCATION:{escape(self.location_id.display_name or '')}",
            "END:VEVENT", "END:VCALENDAR", "",
        ]
        return "\r\n".join(lines).encode()
