import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from odoo.addons.casework_base.models.casework_case_mixin import users_with_access
from odoo.addons.casework_base.tools import phone

_logger = logging.getLogger(__name__)

OUTCOMES = [
    ("planned", "Planned"),
    ("held", "Held"),
    ("excused", "Excused absence"),
    ("unexcused", "Unexcused absence"),
    ("cancelled", "Cancelled by the referent"),
]
# outcomes that take the appointment out of the calendars (synced ones included)
OUTCOMES_OFF_CALENDAR = ("excused", "unexcused", "cancelled")
SMS_REMINDER_DELAY = timedelta(hours=48)


class CalendarEvent(models.Model):
    """An appointment (entretien) is a calendar event tied to a dossier.

    Events without a dossier keep Odoo's behaviour untouched. An appointment
    also points to its dossier through ``res_model``/``res_id`` (the generic
    reference other modules rely on), has the beneficiary's partner among its
    attendees, a type, a theme, a location, a collaborator (the organizer,
    ``user_id``) and an outcome. Setting an absence or a cancellation archives
    the event, which removes it from the calendars synced with Google or
    Outlook; setting it back to planned or held restores it.

    Who may read it: whoever reads the dossier (record rules); who may change
    it: whoever may write the dossier. It stays with the dossier it was
    booked for (:meth:`_casework_check_stays_in_dossier`); its synthesis may
    be narrowed to a circle (``calendar_event_synthesis.py``). Its title
    names the person and Odoo copies it (meeting activity, attendees,
    invitations, alarms): its collaborator and every colleague attending it
    must be users who may read the dossier (see the kernel's
    ``calendar_event.py`` for what the calendar shows and sends).
    """

    _inherit = "calendar.event"
    # erased by the anonymisation of the dossier (see casework.beneficiary._casework_anonymise)
    _casework_anonymise_fields = ("casework_synthesis_body", "casework_sms_error")

    casework_appointment_type_id = fields.Many2one(
        "casework.appointment.type", string="Appointment type", ondelete="restrict", tracking=True
    )
    casework_is_physical = fields.Boolean(related="casework_appointment_type_id.is_physical", string="Physical meeting")
    casework_theme_id = fields.Many2one(
        "casework.appointment.theme", string="Theme", ondelete="restrict", tracking=True
    )
    casework_location_id = fields.Many2one(
        "casework.appointment.location", string="Appointment location", ondelete="restrict", tracking=True
    )
    # casework_offers adds the step (casework.step) the appointment relates to.
    casework_outcome = fields.Selection(
        OUTCOMES, string="Outcome", tracking=True, index="btree_not_null",
        help="Réalisation: planned when booked; once the slot is past, whether it was held or missed. "
        "An absence or a cancellation takes the appointment out of the calendars.",
    )
    # the synthesis and its circle: calendar_event_synthesis.py
    casework_collective_key = fields.Char(
        string="Collective session", index="btree_not_null", copy=False, readonly=True,
        help="Shared by the appointments of one collective session: they do not conflict with each other.",
    )
    casework_force_overlap = fields.Boolean(
        string="Overlap allowed", copy=False, groups="casework_base.group_casework_manager",
        help="A head of service may book this appointment over another one of the collaborator.",
    )
    casework_sms_reminder = fields.Boolean(
        string="SMS reminder", copy=False, tracking=True,
        help="Sends the person an SMS reminder 48 hours before the appointment. Only for an appointment more "
        "than 48 hours ahead, on a dossier with a valid mobile number.",
    )
    casework_sms_state = fields.Selection(
        [
            ("to_send", "To send"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("delivered", "Delivered"),
            ("undelivered", "Not delivered"),
        ],
        string="SMS reminder status", copy=False, readonly=True, index="btree_not_null",
    )
    casework_sms_error = fields.Char(string="SMS reminder error", copy=False, readonly=True)
    casework_sms_attempts = fields.Integer(string="SMS reminder attempts", copy=False, readonly=True)
    casework_sms_uuid = fields.Char(string="SMS reminder UUID", copy=False, readonly=True, index="btree_not_null")
    casework_sms_date = fields.Datetime(string="SMS reminder sent on", copy=False, readonly=True)
    # what the calendar's popover and Odoo's meeting form need to know (no name)
    casework_is_appointment = fields.Boolean(
        string="Casework appointment", compute="_compute_casework_is_appointment",
        help="The event is an appointment of a dossier: it opens in the Casework form.",
    )

    @api.depends("casework_beneficiary_id")
    def _compute_casework_is_appointment(self):
        for event in self:
            event.casework_is_appointment = bool(event.casework_beneficiary_id)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("casework_beneficiary_id", "casework_appointment_type_id")
    def _check_casework_appointment_type(self):
        for event in self:
            if event.casework_beneficiary_id and not event.casework_appointment_type_id:
                raise ValidationError(self.env._("An appointment with a dossier needs its appointment type."))

    @api.onchange("casework_beneficiary_id", "casework_appointment_type_id", "casework_theme_id")
    def _onchange_casework_appointment_name(self):
        """Title the appointment after the person, its type and theme (the
        title synced calendars show), unless a title of another kind was typed."""
        for event in self.filtered("casework_beneficiary_id"):
            partner_name = event.casework_beneficiary_id.name
            if not event.name or event.name.startswith(partner_name):
                event.name = event._casework_default_name(
                    partner_name, event.casework_appointment_type_id, event.casework_theme_id
                )

    @api.onchange("casework_appointment_type_id")
    def _onchange_casework_appointment_type_id(self):
        if self.casework_appointment_type_id.duration and not self.allday:
            self.duration = self.casework_appointment_type_id.duration

    @api.onchange("casework_location_id")
    def _onchange_casework_location_id(self):
        # one place field on an appointment: Odoo's (synced calendars, invitations) follows the Casework one
        if self.casework_location_id or self.casework_beneficiary_id:
            self.location = self.casework_location_id.display_name or False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        is_appointment = [bool(vals.get("casework_beneficiary_id")) for vals in vals_list]
        if any(is_appointment) and not all(is_appointment):
            # appointments and other events: each kind created as such, in the given order
            pairs = list(zip(vals_list, is_appointment, strict=True))
            appointments = iter(self.create([vals for vals, flag in pairs if flag]))
            others = iter(self.create([vals for vals, flag in pairs if not flag]))
            return self.browse([next(appointments if flag else others).id for flag in is_appointment])
        force = self._casework_overlap_forced(vals_list)
        for vals in vals_list:
            if vals.get("casework_beneficiary_id"):
                self._casework_prepare_appointment_vals(vals)
        if not self.env.su:
            # before anything is created (the meeting activity, the invitations)
            self._casework_check_booking(vals_list)
        # Odoo writes the organiser's e-mail and the attendees' phones into a new event's
        # description: not into an appointment's (the collaborator's notes; the phone stays in the dossier)
        quiet = self.with_context(skip_contact_description=True) if any(is_appointment) else self
        events = super(CalendarEvent, quiet).create(vals_list).with_env(self.env)
        self._casework_invalidate_dossier_lists()
        appointments = events.filtered("casework_beneficiary_id")
        if appointments:
            appointments._casework_check_write_access()
            appointments._casework_check_collaborator()
            appointments._casework_check_participants()
            if not force:
                appointments.filtered("active")._casework_check_overlap()
            appointments.filtered("casework_sms_reminder")._casework_check_sms_reminder()
            appointments._casework_update_last_meeting_date()
            # booked with its outcome (entered afterwards, imported): its meeting activity is done already
            appointments._casework_close_meeting_activities()
        return events

    # one check per kind of field written, in the order they must run
    def write(self, vals):  # noqa: C901
        if not self.env.su:
            self.filtered("casework_beneficiary_id")._casework_check_write_access()
            self._casework_check_stays_in_dossier(vals)
            self._casework_check_synthesis_change(vals)
        vals = dict(vals)
        if vals.get("casework_beneficiary_id"):
            self._casework_prepare_appointment_vals(vals, on_write=True)
        if not self.env.su:
            self._casework_check_booking_change(vals)
        if "casework_outcome" in vals and "active" not in vals:
            vals["active"] = vals["casework_outcome"] not in OUTCOMES_OFF_CALENDAR
        if "casework_location_id" in vals and "location" not in vals:
            location = self.env["casework.appointment.location"].browse(vals["casework_location_id"])
            vals["location"] = location.display_name or False
        force = self._casework_overlap_forced([vals])
        dossiers_before = self.casework_beneficiary_id
        moved = {"start", "stop", "duration", "user_id", "casework_beneficiary_id", "active", "allday"} & set(vals)
        resend = self.filtered(
            lambda e: e.casework_sms_reminder and e.casework_sms_state in ("sent", "delivered", "undelivered")
        ) if "start" in vals else self.browse()
        # moved after its reminder failed (the provider down for every try): tried again for the new slot
        retry = self.filtered(
            lambda e: e.casework_sms_reminder and e.casework_sms_state == "failed"
        ) if "start" in vals else self.browse()
        result = super().write(vals)
        self._casework_invalidate_dossier_lists()
        if not self.env.su and {"res_model_id", "res_model", "res_id"} & set(vals):
            # hung on another record: the user must still read the event (and so that record)
            self.check_access("read")
        appointments = self.filtered("casework_beneficiary_id")
        if appointments:
            if "casework_beneficiary_id" in vals:
                appointments._casework_check_write_access()
            if "user_id" in vals:
                appointments._casework_check_collaborator()
            if {"user_id", "partner_ids", "casework_beneficiary_id"} & set(vals):
                appointments._casework_check_participants()
            if moved and not force:
                appointments.filtered("active")._casework_check_overlap()
            if vals.get("casework_sms_reminder"):
                appointments._casework_check_sms_reminder()
            elif "casework_sms_reminder" in vals:
                appointments.filtered(lambda e: e.casework_sms_state in ("to_send", "failed")).write(
                    {"casework_sms_state": False, "casework_sms_error": False}
                )
            # moved after its reminder went out: a new reminder for the new slot
            resend = resend.filtered(lambda e: e.start - SMS_REMINDER_DELAY > fields.Datetime.now())
            resend |= retry.filtered(lambda e: e.start > fields.Datetime.now())
            if resend:
                resend.write({"casework_sms_state": "to_send", "casework_sms_attempts": 0, "casework_sms_error": False})
            if "casework_outcome" in vals:
                appointments._casework_close_meeting_activities()
        dated = {"casework_outcome", "start", "casework_appointment_type_id", "casework_beneficiary_id", "active"}
        if dated & set(vals):
            (dossiers_before | self.casework_beneficiary_id)._casework_refresh_last_meeting_date()
        return result

    def unlink(self):
        dossiers = self.casework_beneficiary_id
        if not self.env.su:
            self.filtered("casework_beneficiary_id")._casework_check_write_access()
        result = super().unlink()
        self._casework_invalidate_dossier_lists()
        dossiers.exists()._casework_refresh_last_meeting_date()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def get_formview_id(self, access_uid=None):
        """An appointment with a dossier opens in the Casework form (from a
        many2one, the chatter, a notification, an activity, the calendar);
        other events in Odoo's meeting form."""
        if len(self) == 1 and self.casework_beneficiary_id:
            return self.env.ref("casework_appointment.calendar_event_view_form_casework").id
        return super().get_formview_id(access_uid=access_uid)

    @api.model
    def action_casework_appointments(self):
        """The menu "Appointments", opened on what the user's role looks at:
        a référent on their own appointments, the secretariat, heads of
        service, FSE managers and administrators on today's appointments of
        the dossiers they reach (their territories, by the record rules).

        :return: the ``ir.actions.act_window`` dict of
            ``casework_appointment.calendar_event_action_casework`` with the
            default filter of the role
        """
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_appointment.calendar_event_action_casework")
        context = {"casework_new_appointment": 1}
        roles = self.env["casework.beneficiary"]._casework_roles()
        if "referent" in roles and not roles & {"secretariat", "admin"}:
            context["search_default_casework_my_appointments"] = 1
        else:
            context["search_default_casework_today"] = 1
        action["context"] = context
        return action

    def action_casework_set_outcome(self, outcome):
        """Record the outcome of the appointments ``self`` (the calendar's
        popover buttons): ``outcome`` is one of held, excused, unexcused,
        cancelled. Refused (AccessError) to whoever may not write them."""
        if outcome not in dict(OUTCOMES) or outcome == "planned":
            raise UserError(self.env._("Unknown appointment outcome: %(outcome)s", outcome=outcome))
        appointments = self.filtered("casework_beneficiary_id")
        if appointments != self:
            raise UserError(self.env._("Only an appointment with a dossier has an outcome."))
        appointments.write({"casework_outcome": outcome})
        return True

    def action_casework_open_dossier(self):
        self.ensure_one()
        return self.casework_beneficiary_id.get_formview_action()

    def action_casework_print_convocation(self):
        return self.env.ref("casework_appointment.calendar_event_report_convocation").report_action(self)

    # ------------------------------------------------------------------
    # Appointment rules
    # ------------------------------------------------------------------

    def _casework_prepare_appointment_vals(self, vals, on_write=False):
        """Complete the values of an appointment: generic reference to the
        dossier, the beneficiary as attendee, the location's address, a name."""
        dossier = self.env["casework.beneficiary"].browse(vals["casework_beneficiary_id"])
        vals["res_model_id"] = self.env["ir.model"]._get_id("casework.beneficiary")
        vals["res_id"] = dossier.id
        # the dossier's contact, to invite it: create() and write() check the dossier is writable
        partner = dossier.sudo().partner_id
        if on_write:
            vals.setdefault("partner_ids", [])
            vals["partner_ids"] = list(vals["partner_ids"]) + [fields.Command.link(partner.id)]
        else:
            commands = list(vals.get("partner_ids") or [])
            if not commands:
                user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
                commands.append(fields.Command.link(user.partner_id.id))
            commands.append(fields.Command.link(partner.id))
            vals["partner_ids"] = commands
        if vals.get("casework_location_id") and not vals.get("location"):
            vals["location"] = (
                self.env["casework.appointment.location"].browse(vals["casework_location_id"]).display_name
            )
        if not on_write:
            vals.setdefault("casework_outcome", "planned")
        if vals.get("casework_outcome") in OUTCOMES_OFF_CALENDAR:
            vals["active"] = False
        if vals.get("casework_appointment_type_id") and not vals.get("duration") and not vals.get("stop"):
            duration = self.env["casework.appointment.type"].browse(vals["casework_appointment_type_id"]).duration
            if duration:
                vals["duration"] = duration
        if not vals.get("name") and not on_write:
            vals["name"] = self._casework_default_name(
                partner.name,
                self.env["casework.appointment.type"].browse(vals.get("casework_appointment_type_id")),
                self.env["casework.appointment.theme"].browse(vals.get("casework_theme_id")),
            )
        return vals

    @api.model
    def _casework_default_name(self, partner_name, appointment_type, theme):
        return " – ".join(part for part in (partner_name, appointment_type.name, theme.name) if part)

    def _casework_attached_dossier(self):
        """The dossier ``self`` (one event) belongs to: the dossier of an
        appointment, or that of the record the event is attached to by
        ``res_model``/``res_id`` (a dossier, a case record, a person) -- an
        event planned from its chatter, whose title and meeting activity are
        that dossier's. Read in superuser mode: for checks only.

        :return: ``casework.beneficiary`` (empty for an event of nothing)
        """
        self.ensure_one()
        # read for the checks only: nothing of it is returned to the user
        event = self.sudo()
        Dossier = self.env["casework.beneficiary"].sudo()
        if event.casework_beneficiary_id:
            return event.casework_beneficiary_id
        if not event.res_model or not event.res_id or event.res_model not in self.env:
            return Dossier
        # the record the event hangs on, read for the check only
        record = self.env[event.res_model].sudo().browse(event.res_id).exists()
        if record._name == Dossier._name:
            return record
        if "casework_scope" in record._fields and "beneficiary_id" in record._fields:
            return record.beneficiary_id
        if record._name == "res.partner":
            return record.casework_beneficiary_ids
        return Dossier

    def _casework_check_stays_in_dossier(self, vals):
        """Before ``vals`` are written on ``self``: an appointment stays with
        the dossier it was booked for. Its title, its meeting activity, its
        chatter (the tracking of the dossier), its timeline line and its
        synthesis name the person: moved, they would be read by whoever
        reads the other dossier. Booked on the wrong dossier, an appointment
        is cancelled (or deleted) and booked again on the right one.

        Refused: another dossier or none for an appointment, attaching it
        (``res_model``/``res_id``) to another record than its dossier, and
        making an event planned from a dossier (or its case records, or its
        person) an appointment of another dossier. An event attached to
        nothing may become an appointment. The superuser (merging two
        dossiers) is not checked.

        :param vals: the values of ``write``
        :raise UserError: saying to cancel and book again
        """
        if self.env.su or not {"casework_beneficiary_id", "res_model_id", "res_model", "res_id"} & set(vals):
            return
        for event in self:
            dossier = event._casework_attached_dossier()
            if not dossier:
                continue
            # the stored dossier, read for the check only
            appointment = event.sudo().casework_beneficiary_id
            if "casework_beneficiary_id" in vals:
                new_id = vals["casework_beneficiary_id"] or False
                moved = new_id not in dossier.ids if new_id else bool(appointment)
            elif appointment:
                # the dossier given again re-attaches the appointment to it (see write)
                if "res_model_id" in vals:
                    # the model's technical name, read for the check only
                    model = self.env["ir.model"].sudo().browse(vals["res_model_id"] or []).model or False
                else:
                    # the stored attachment, read for the check only
                    model = vals.get("res_model", event.sudo().res_model)
                # the stored attachment, read for the check only
                res_id = vals.get("res_id", event.sudo().res_id)
                moved = (model, res_id) != ("casework.beneficiary", appointment.id)
            else:
                moved = False  # an ordinary event's attachment: Odoo's rules and the kernel's
            if moved:
                raise UserError(self.env._(
                    "An appointment stays with the dossier it was booked for: its title, its meeting activity and "
                    "its history name the person. Cancel it (or delete it) and book a new appointment on the "
                    "right dossier."
                ))

    def _casework_check_write_access(self):
        """Only those who may change the dossier change its appointments."""
        self._casework_check_dossiers_writable(self.casework_beneficiary_id)

    @api.model
    def _casework_check_dossiers_writable(self, dossiers):
        """:raise AccessError: when the current user may not change ``dossiers``
        (a refusal for scope: it names none of them)"""
        if self.env.su or not dossiers:
            return
        try:
            dossiers.check_access("write")
        except AccessError as error:
            # no number nor name: the user may not even read the dossier
            raise AccessError(
                self.env._("You cannot book or change the appointments of a dossier you may not modify.")
            ) from error

    def _casework_check_collaborator(self):
        """The collaborator is the current user, or a user who shares their
        calendar with them (explicitly, or by belonging to the same structure)."""
        for event in self:
            self._casework_check_calendar_shared(event.user_id)

    @api.model
    def _casework_check_calendar_shared(self, collaborator):
        """:raise UserError: when ``collaborator`` (a user or nothing) does not
        share their calendar with the current user"""
        if self.env.su:
            return
        me = self.env.user
        # whether the collaborator shares their calendar: the check itself
        if not collaborator or collaborator == me or collaborator.sudo()._casework_shares_calendar_with(me):
            return
        raise UserError(
            self.env._("%(user)s does not share their calendar with you: you cannot book an appointment for them.",
              user=collaborator.name)
        )

    def _casework_check_participants(self):
        """The collaborator and the colleagues attending each appointment of
        ``self`` may read its dossier (see :meth:`_casework_check_participants_of`)."""
        # the stored collaborator and attendees, read for the check only
        for event in self.sudo().filtered("casework_beneficiary_id"):
            self._casework_check_participants_of(event.casework_beneficiary_id, event.user_id, event.partner_ids)

    @api.model
    def _casework_check_participants_of(self, dossier, users, partners):
        """The title of an appointment names the person and Odoo copies it to
        its collaborator and attendees (meeting activity, calendar, alarms,
        invitations): ``users`` (the collaborator) and the internal users of
        ``partners`` (attendees) must be users who may read ``dossier``. The
        person and contacts without an internal user are the author's choice.

        :param dossier: one ``casework.beneficiary``
        :param users: ``res.users`` (the collaborator, or nothing)
        :param partners: ``res.partner`` (attendees)
        :raise UserError: naming the first colleague who may not read the dossier
        """
        if self.env.su or not dossier:
            return
        # who may read the dossier is the question: read for the check only
        dossier = dossier.sudo()
        partners = partners.sudo() - dossier.partner_id
        colleagues = (users.sudo() | partners.user_ids).filtered(lambda user: not user.share)
        if not colleagues:
            return
        missing = colleagues - users_with_access(dossier, colleagues, "read")[dossier.id]
        if missing:
            colleague = (missing & users)[:1] or missing[:1]
            raise UserError(
                self.env._("%(user)s may not read the dossier %(dossier)s: they can be neither the collaborator nor an "
                  "attendee of its appointments. Choose a colleague who follows the dossier.",
                  user=colleague.name, dossier=dossier.number)
            )

    def _casework_added_partner_ids(self, commands):
        """Ids of the partners the ``partner_ids`` commands add to ``self``
        (one event, or none for a creation)."""
        current = set(self.partner_ids.ids)
        added = set()
        for command in commands or ():
            if isinstance(command, int):
                added.add(command)
            elif command[0] == Command.LINK:
                added.add(command[1])
            elif command[0] == Command.SET:
                added.update(command[2])
        return added - current

    @api.model
    def _casework_check_booking(self, vals_list):
        """Before appointments are created from ``vals_list`` (prepared): the
        dossier may be changed by the current user, the collaborator shares
        their calendar with them, and every colleague taking part may read
        the dossier. Checked before creation: Odoo creates the meeting
        activity and sends the invitations while creating."""
        Dossier = self.env["casework.beneficiary"]
        for vals in vals_list:
            if not vals.get("casework_beneficiary_id"):
                continue
            dossier = Dossier.browse(vals["casework_beneficiary_id"])
            self._casework_check_dossiers_writable(dossier)
            collaborator = self.env["res.users"].browse(
                vals["user_id"] if "user_id" in vals else self.default_get(["user_id"]).get("user_id", self.env.uid)
            )
            self._casework_check_calendar_shared(collaborator)
            partners = self.env["res.partner"].browse(self._casework_added_partner_ids(vals.get("partner_ids")))
            self._casework_check_participants_of(dossier, collaborator, partners)

    def _casework_check_booking_change(self, vals):
        """Before ``vals`` (prepared) are written on ``self``: the same checks
        as :meth:`_casework_check_booking` for what changes -- a new dossier
        (every participant), a new collaborator, new attendees."""
        if not {"user_id", "partner_ids", "casework_beneficiary_id"} & set(vals):
            return
        new_dossier = None
        if "casework_beneficiary_id" in vals:
            new_dossier = self.env["casework.beneficiary"].browse(vals["casework_beneficiary_id"] or [])
            self._casework_check_dossiers_writable(new_dossier)
        collaborator = None
        if "user_id" in vals:
            collaborator = self.env["res.users"].browse(vals["user_id"] or [])
            self._casework_check_calendar_shared(collaborator)
        for event in self:
            dossier = event.casework_beneficiary_id if new_dossier is None else new_dossier
            if not dossier:
                continue
            added = self.env["res.partner"].browse(event._casework_added_partner_ids(vals.get("partner_ids")))
            if dossier != event.casework_beneficiary_id:
                users = event.user_id if collaborator is None else collaborator
                self._casework_check_participants_of(dossier, users, event.partner_ids | added)
            else:
                self._casework_check_participants_of(dossier, collaborator or self.env["res.users"], added)

    @api.model
    def _casework_overlap_forced(self, vals_list):
        """The overlap check is skipped only for a head of service who asks for it."""
        asked = self.env.context.get("casework_force_overlap") or any(
            vals.get("casework_force_overlap") for vals in vals_list
        )
        if not asked:
            return False
        if self.env.su or self.env.user.has_group("casework_base.group_casework_manager"):
            return True
        raise AccessError(self.env._("Only a head of service may book an appointment over another one."))

    def _casework_conflicts(self):
        """Other active, timed events of the same collaborator overlapping
        ``self`` (one event), except those of the same collective session."""
        self.ensure_one()
        if not self.user_id or self.allday or not self.start or not self.stop:
            return self.browse()
        domain = [
            ("id", "!=", self.id),
            ("user_id", "=", self.user_id.id),
            ("allday", "=", False),
            ("show_as", "=", "busy"),
            ("start", "<", self.stop),
            ("stop", ">", self.start),
        ]
        if self.casework_collective_key:
            domain.append(("casework_collective_key", "!=", self.casework_collective_key))
        # a conflict in any calendar counts; _casework_slot_label shows only what the user may read
        return self.sudo().search(domain, order="start, id", limit=1)

    def _casework_check_overlap(self):
        for event in self:
            conflict = event._casework_conflicts()
            if conflict:
                raise ValidationError(
                    self.env._("%(user)s already has an appointment at that time: %(slot)s. Choose another slot.",
                      user=event.user_id.name, slot=conflict._casework_slot_label())
                )

    def _casework_slot_label(self):
        """Date, time and dossier or title of ``self`` as the current user may
        see it (the title of an appointment out of their scope is not shown)."""
        self.ensure_one()
        start = fields.Datetime.context_timestamp(self, self.start)
        stop = fields.Datetime.context_timestamp(self, self.stop)
        when = self.env._("%(date)s from %(start)s to %(stop)s",
                 date=start.strftime("%d/%m/%Y"), start=start.strftime("%H:%M"), stop=stop.strftime("%H:%M"))
        visible = self.with_user(self.env.uid).with_context(active_test=False)._filtered_access("read")
        private = self.sudo().effective_privacy == "private" and self.sudo().user_id != self.env.user
        if not visible or private:
            return self.env._("%(when)s (another appointment)", when=when)
        what = self.sudo().casework_beneficiary_id.display_name or self.sudo().name
        return f"{when} ({what})"

    def _casework_close_meeting_activities(self):
        """Once the outcome is known (held, an absence, cancelled), the
        meeting activity Odoo put on the dossier is done: it no longer counts
        among the collaborator's tasks to do, nor as overdue."""
        for event in self.filtered(lambda e: e.casework_outcome not in (False, "planned")):
            label = dict(OUTCOMES)[event.casework_outcome]
            # Odoo's meeting activity on the dossier, done with the outcome write() checked
            activities = event.sudo().activity_ids.filtered(lambda a: a.res_model == "casework.beneficiary")
            if activities:
                activities.action_feedback(
                    feedback=self.env._("Appointment outcome: %(outcome)s", outcome=self.env._(label))
                )

    def _casework_update_last_meeting_date(self):
        self.casework_beneficiary_id._casework_refresh_last_meeting_date()

    # ------------------------------------------------------------------
    # SMS reminder
    # ------------------------------------------------------------------

    def _casework_sms_number(self):
        """The dossier's mobile number in E.164, or False."""
        self.ensure_one()
        # the dossier's number, for its reminder: never returned to the user
        return phone.mobile_e164(self.sudo().casework_beneficiary_id.phone) or False

    def _casework_check_sms_reminder(self):
        """A reminder needs a dossier with a valid mobile number and a slot
        more than 48 hours ahead; it is then queued."""
        limit = fields.Datetime.now() + SMS_REMINDER_DELAY
        for event in self:
            if not event.casework_beneficiary_id:
                raise UserError(self.env._("An SMS reminder is only sent for an appointment with a dossier."))
            if not event._casework_sms_number():
                raise UserError(
                    self.env._("No SMS reminder: the dossier %(dossier)s has no valid mobile phone number. "
                      "Enter a mobile number (06 or 07...) in its contact details first.",
                      dossier=event.casework_beneficiary_id.number)
                )
            if not event.start or event.start <= limit:
                raise UserError(
                    self.env._("No SMS reminder: the appointment must be more than 48 hours ahead "
                      "(the reminder is sent 48 hours before it).")
                )
        self.filtered(lambda e: e.casework_sms_state not in ("sent", "delivered")).write(
            {"casework_sms_state": "to_send", "casework_sms_attempts": 0, "casework_sms_error": False}
        )

    @api.model
    def _casework_sms_domain(self):
        now = fields.Datetime.now()
        max_attempts = int(
            # a setting, not a person's data
            self.env["ir.config_parameter"].sudo().get_param("casework_appointment.sms_reminder_max_attempts", 3)
        )
        return [
            ("casework_beneficiary_id", "!=", False),
            ("casework_sms_reminder", "=", True),
            ("casework_sms_state", "in", ("to_send", "failed")),
            ("casework_sms_attempts", "<", max_attempts),
            ("casework_outcome", "=", "planned"),
            ("start", ">", now),
            ("start", "<=", now + SMS_REMINDER_DELAY),
        ]

    @api.model
    def _cron_casework_send_sms_reminders(self):
        """Send the reminders due (appointments starting within 48 hours).

        Each appointment is locked (``FOR UPDATE SKIP LOCKED``) and checked
        again before its SMS is sent, and the result is committed right after
        when run by the scheduler: a job run twice, or two workers running it
        at once, never send the same reminder twice. A failed send stays
        ``failed`` and is tried again on the next runs, a bounded number of
        times (``casework_appointment.sms_reminder_max_attempts``).
        """
        domain = self._casework_sms_domain()
        # the scheduled job: every reminder due
        events = self.sudo().search(domain, order="start, id")
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        if in_cron:
            self.env["ir.cron"]._commit_progress(remaining=len(events))
        for event in events:
            locked = event.try_lock_for_update()
            if not locked:
                continue  # another worker is sending it
            locked.invalidate_recordset()
            if not locked.filtered_domain(domain):
                continue  # sent meanwhile
            locked._casework_send_sms_reminder()
            if in_cron:
                self.env["ir.cron"]._commit_progress(1)

    def _casework_sms_body(self):
        self.ensure_one()
        template = self.env.ref("casework_appointment.sms_template_appointment_reminder", raise_if_not_found=False)
        if not template:
            raise UserError(self.env._("The SMS template of the appointment reminder is missing."))
        # the reminder's text, rendered for the job (the template is configuration)
        return template.sudo()._render_field("body", self.ids, compute_lang=True)[self.id]

    def _casework_send_sms_reminder(self):
        """Send the reminder of ``self`` (one appointment) through Odoo's SMS
        queue and provider (Twilio when configured on the company)."""
        self.ensure_one()
        # run by the scheduled job only (_cron_casework_send_sms_reminders)
        event = self.sudo()
        number = event._casework_sms_number()
        if not number:
            event.write({
                "casework_sms_state": "failed",
                "casework_sms_attempts": event.casework_sms_attempts + 1,
                "casework_sms_error": self.env._("The dossier has no valid mobile phone number."),
            })
            return
        previous = None
        if event.casework_sms_uuid:
            # Odoo's SMS queue (a system model), for the job
            previous = self.env["sms.sms"].sudo().search([("uuid", "=", event.casework_sms_uuid)])
        body = event._casework_sms_body()
        # the previous try got no answer: Twilio may have sent it (calendar_event_sms_lookup.py)
        if previous and event._casework_sms_answer_lost(previous) and event._casework_sms_check_lost_answer(
            previous, number, body
        ):
            return
        if previous:
            previous.to_delete = True
        # Odoo's SMS queue (a system model), for the job
        sms = self.env["sms.sms"].sudo().create({
            "number": number,
            "body": body,
            "partner_id": event.casework_beneficiary_id.partner_id.id,
        })
        # Odoo's SMS tracker (a system model), for the job
        self.env["sms.tracker"].sudo().create({"sms_uuid": sms.uuid})
        event.write({
            "casework_sms_uuid": sms.uuid,
            "casework_sms_attempts": event.casework_sms_attempts + 1,
            "casework_sms_error": False,
        })
        sms.send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        # the tracker (sms_tracker.py) mirrors the provider's answer on the
        # appointment; this covers answers that do not reach it
        if sms.state in ("pending", "sent") and event.casework_sms_state in ("to_send", "failed"):
            event.write({"casework_sms_state": "sent", "casework_sms_date": fields.Datetime.now()})
        elif sms.state in ("error", "outgoing", "canceled") and event.casework_sms_state != "failed":
            failure = dict(sms._fields["failure_type"]._description_selection(self.env)).get(sms.failure_type)
            event.write({"casework_sms_state": "failed", "casework_sms_error": failure or self.env._("Not sent.")})
        _logger.info("SMS reminder of appointment %s: %s", event.id, event.casework_sms_state)

    def _casework_sms_update_from_provider(self, notification_status, failure_type=False, failure_reason=False):
        """Mirror an SMS status (as ``sms.tracker`` reports it) on the appointments."""
        # the provider's report (sms.tracker; sms_twilio checks its signature)
        for event in self.sudo():
            state = event.casework_sms_state
            if notification_status == "pending" and state in ("to_send", "failed"):
                event.write({"casework_sms_state": "sent", "casework_sms_date": fields.Datetime.now(),
                             "casework_sms_error": False})
            elif notification_status == "sent":
                event.write({"casework_sms_state": "delivered", "casework_sms_error": False})
            elif notification_status in ("exception", "bounce", "canceled"):
                accepted = state in ("sent", "delivered", "undelivered")
                error = failure_reason or dict(
                    self.env["sms.sms"]._fields["failure_type"]._description_selection(self.env)
                ).get(failure_type) or self.env._("Not delivered.")
                event.write({"casework_sms_state": "undelivered" if accepted else "failed",
                             "casework_sms_error": error})

    @api.model
    def _casework_invalidate_dossier_lists(self):
        """The dossiers' lists of appointments are computed per user, from a
        search: forget them when appointments change."""
        self.env["casework.beneficiary"].invalidate_model([
            "appointment_ids", "upcoming_appointment_ids", "last_appointment_id", "appointment_theme_id",
            "appointment_count", "appointment_held_count", "appointment_unexcused_count",
        ])
