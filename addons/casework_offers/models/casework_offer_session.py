import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare, float_round, format_datetime

from odoo.addons.casework_base.tools.dates import casework_tz

# the states of a step that hold a seat of its session: a withdrawn
# positioning frees its seat, an ended step keeps it (the seat was used)
SEAT_STATES = ("positioning", "step", "done")
# the states of a step that take part in a session (a positioning is a wish)
PARTICIPANT_STATES = ("step", "done")
# what the operator running a session changes on it: the scanned sheet
SHEET_FIELDS = frozenset({"signed_sheet", "signed_sheet_name"})
SHEET_GROUPS = "casework_offers.group_casework_offer_manager,casework_base.group_casework_operator"


class CaseworkOfferSession(models.Model):
    """A dated session of a service offer, with its capacity, place and
    trainer. A step on an offer managed by sessions takes one of its seats;
    attendance (émargement) is signed off per session.

    Who changes it: the managers of its offer (offer managers, heads of
    service, administrators, the users named on the offer). The operator
    running the offer prepares and signs off its attendance, and files back
    the signed sheet. Every Casework role reads the sessions (an operator,
    those of its offers); the seat and hour counts are numbers without
    names, finance reads them too. No chatter: what is written about a
    session's participants would be read by every reader of the session.
    """

    _name = "casework.offer.session"
    _description = "Offer session"
    _order = "date_start, id"

    name = fields.Char(required=True)
    offer_id = fields.Many2one("casework.offer", required=True, ondelete="cascade", index=True)
    active = fields.Boolean(default=True)
    date_start = fields.Datetime(string="Start", required=True)
    date_end = fields.Datetime(string="End", required=True)
    duration = fields.Float(
        string="Length (hours)", digits=(6, 2), compute="_compute_duration", store=True, readonly=False,
        help="Hours of the session that count for attendance: by default the time from its start to its end; "
        "less when it has breaks.",
    )
    capacity = fields.Integer(help="Number of seats; 0 for no limit.")
    seats_taken = fields.Integer(
        compute="_compute_seats", help="Steps holding a seat: positionings, steps in progress and ended steps.",
    )
    seats_left = fields.Integer(compute="_compute_seats", help="Seats still free; 0 when the session is full.")
    place = fields.Char()
    trainer_id = fields.Many2one(
        "res.partner", ondelete="restrict", help="Who runs the session.",
    )
    attendance_required = fields.Boolean(related="offer_id.attendance_required")
    step_ids = fields.One2many("casework.step", "session_id", string="Steps")
    attendance_ids = fields.One2many("casework.attendance", "session_id")
    attendance_state = fields.Selection(
        [("open", "To sign off"), ("done", "Signed off")], string="Attendance sign-off", default="open", required=True,
        copy=False, readonly=True,
    )
    attendance_hours = fields.Float(
        string="Hours attended", digits=(6, 2), compute="_compute_attendance_totals",
        help="Total hours attended by the participants of the session.",
    )
    attendance_present_count = fields.Integer(string="Present", compute="_compute_attendance_totals")
    # the scanned sheet names every participant of the session: for those who manage the
    # offer's attendance (offer managers, the operator), not every reader of the session
    signed_sheet = fields.Binary(
        string="Signed sheet", attachment=True, copy=False, groups=SHEET_GROUPS,
        help="The signed attendance sheet, scanned and filed back on the session.",
    )
    signed_sheet_name = fields.Char(string="Signed sheet file name", copy=False, groups=SHEET_GROUPS)
    can_manage_attendance = fields.Boolean(
        compute="_compute_can_manage", help="Whether you may prepare and sign off the attendance of the session.",
    )
    can_manage_session = fields.Boolean(
        compute="_compute_can_manage", help="Whether you manage the offer of the session.",
    )

    _dates_check = models.Constraint(
        "CHECK (date_end > date_start)", "A session must end after it starts.",
    )
    _capacity_check = models.Constraint("CHECK (capacity >= 0)", "A session's capacity cannot be negative.")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for session in self:
            session.duration = session._span_hours()

    @api.depends("capacity", "step_ids.state")
    def _compute_seats(self):
        # sudo: a number of steps per session, no names: every reader of the session sees its seats
        groups = self.env["casework.step"].sudo()._read_group(
            [("session_id", "in", self._origin.ids), ("state", "in", SEAT_STATES)], ["session_id"], ["__count"],
        )
        taken = {session.id: count for session, count in groups}
        for session in self:
            session.seats_taken = taken.get(session._origin.id, 0)
            session.seats_left = max(session.capacity - session.seats_taken, 0) if session.capacity else 0

    @api.depends("attendance_ids.hours", "attendance_ids.state")
    def _compute_attendance_totals(self):
        # sudo: sums and counts of the session's attendance, no names: finance reads the hours
        # of a session without reading its participants
        groups = self.env["casework.attendance"].sudo()._read_group(
            [("session_id", "in", self._origin.ids)], ["session_id", "state"], ["hours:sum", "__count"],
        )
        hours, present = {}, {}
        for session, state, total, count in groups:
            hours[session.id] = hours.get(session.id, 0.0) + total
            if state == "present":
                present[session.id] = count
        for session in self:
            session.attendance_hours = hours.get(session._origin.id, 0.0)
            session.attendance_present_count = present.get(session._origin.id, 0)

    @api.depends_context("uid")
    @api.depends("offer_id")
    def _compute_can_manage(self):
        for session in self:
            session.can_manage_session = session._casework_is_offer_manager()
            session.can_manage_attendance = session.can_manage_session or session._casework_is_session_operator()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("duration", "date_start", "date_end")
    def _check_duration(self):
        """The length counted for attendance is positive, no more than the
        time from start to end, and no less than the hours already signed."""
        for session in self:
            span = float_round(session._span_hours(), 2)
            if float_compare(session.duration, 0.0, precision_digits=2) <= 0 or float_compare(
                session.duration, span, precision_digits=2,
            ) > 0:
                raise ValidationError(self.env._(
                    "The length of session %(session)s must be more than 0 and at most %(span)s hours "
                    "(from its start to its end), not %(length)s.",
                    session=session.display_name, span=span, length=float_round(session.duration, 2),
                ))
            # sudo: the largest number of hours signed on the session, no names
            most = max(session.sudo().attendance_ids.mapped("hours"), default=0.0)
            if float_compare(most, session.duration, precision_digits=2) > 0:
                raise ValidationError(self.env._(
                    "Session %(session)s cannot last %(length)s hours: a participant attended %(hours)s hours.",
                    session=session.display_name, length=float_round(session.duration, 2),
                    hours=float_round(most, 2),
                ))

    # ------------------------------------------------------------------
    # CRUD: the managers of the offer change its sessions
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            if any("attendance_state" in vals for vals in vals_list):
                raise AccessError(self.env._("A session's attendance is signed off with its buttons only."))
            offers = self.env["casework.offer"].browse({vals.get("offer_id") for vals in vals_list} - {None, False})
            for offer in offers:
                if not self.new({"offer_id": offer.id})._casework_is_offer_manager():
                    raise AccessError(self.env._(
                        "Only the managers of offer %(offer)s may add sessions to it.", offer=offer.display_name,
                    ))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if "attendance_state" in vals:
                raise AccessError(self.env._("A session's attendance is signed off with its buttons only."))
            changed = set(vals) - {"attendance_ids"}
            if changed:
                self._check_session_change(changed)
            if vals.get("offer_id") and not self.new({"offer_id": vals["offer_id"]})._casework_is_offer_manager():
                raise AccessError(self.env._("Only the managers of an offer may move sessions to it."))
            if vals.get("offer_id"):
                self._check_no_participants(self.filtered(lambda session: session.offer_id.id != vals["offer_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_manager(self):
        if not self.env.su:
            self._check_session_change({"id"})
            self._check_no_participants(self)

    @api.model
    def _check_no_participants(self, sessions):
        """A session with participants (steps on it, attendance lines) stays
        on its offer: moved to another offer, its sheet and lines would show
        its participants to that offer's operator; deleted, it would take the
        attendance of people out of the user's scope with it.

        :raise UserError: naming the session, otherwise
        """
        # sudo: whether the sessions have steps or attendance, whoever may read them; nobody is named
        for session in sessions.sudo():
            if session.step_ids or session.attendance_ids:
                raise UserError(self.env._(
                    "Session %(session)s has participants or attendance: it cannot be moved to another offer nor "
                    "deleted. Archive it instead.",
                    session=session.display_name,
                ))

    def _check_session_change(self, field_names):
        """The managers of the offer change its sessions; the operator running
        it alone files back the signed sheet (:meth:`_casework_may_handle_sheet`).

        :param field_names: names of the fields changed
        :raise AccessError: naming the session, otherwise
        """
        for session in self:
            if session._casework_is_offer_manager():
                continue
            if set(field_names) <= SHEET_FIELDS and session._casework_may_handle_sheet():
                continue
            raise AccessError(self.env._(
                "Only the managers of offer %(offer)s may change its session %(session)s.",
                offer=session.offer_id.display_name, session=session.display_name,
            ))

    def _read_format(self, fnames, load="_classic_read"):
        # the signed sheet names every participant of the session: on an offer run by several
        # operators, each operator reads none (the field's groups let every operator read it)
        result = super()._read_format(fnames, load)
        sheet_fields = SHEET_FIELDS.intersection(fnames)
        if sheet_fields and not self.env.su:
            hidden = set(self.filtered(lambda session: not session._casework_may_handle_sheet())._ids)
            for values in result:
                if values["id"] in hidden:
                    values.update(dict.fromkeys(sheet_fields, False))
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_prepare_attendance(self):
        """Create the missing attendance lines of these sessions: one per
        participant (see :meth:`_attendance_participant_steps`) that the user
        may sign off, present, for the session's length.

        Runs under the user's rights: a referent prepares the lines of their
        own participants, the operator those of the steps it runs.

        :return: True
        :raise UserError: when a session is signed off and the user does not manage its offer
        """
        self._prepare_attendance_lines()
        return True

    def _prepare_attendance_lines(self):
        """See :meth:`action_prepare_attendance`.

        :return: the ``casework.attendance`` lines created
        """
        Attendance = self.env["casework.attendance"]
        partner = Attendance._casework_operator_partner()
        vals_list = []
        for session in self:
            session._check_attendance_open()
            steps = session._attendance_participant_steps() - session.attendance_ids.step_id
            # the steps whose attendance the user may add: their dossier's scope, or the operator's
            steps = steps.filtered(
                # sudo: the step's operator, compared with the user's organisation
                lambda step: step.casework_scope == "write" or (partner and step.sudo().operator_id == partner)
            )
            vals_list += [{"session_id": session.id, "step_id": step.id, "state": "present"} for step in steps]
        return Attendance.create(vals_list)

    def action_sign_off(self):
        """Mark the attendance of these sessions signed off (émargement): the
        operator running the offer or one of its managers confirms the lines;
        from then on only the offer's managers change them.

        :return: True
        :raise AccessError: when the user neither runs nor manages the offer
        :raise UserError: when a session has not ended yet (its end after now),
            or has participants without an attendance line, naming the session
        """
        now = fields.Datetime.now()
        for session in self:
            session._check_may_manage_attendance()
            if session.attendance_state == "done":
                continue
            if session.date_end > now:
                raise UserError(self.env._(
                    "Session %(session)s ends on %(end)s: its attendance cannot be signed off before it has "
                    "taken place.",
                    session=session.display_name, end=format_datetime(self.env, session.date_end),
                ))
            # sudo: a number of participants without attendance, no names
            missing = session.sudo()._attendance_participant_steps() - session.sudo().attendance_ids.step_id
            if missing:
                raise UserError(self.env._(
                    "Session %(session)s has %(count)s participants without attendance: prepare the attendance "
                    "and fill it in before signing it off.",
                    session=session.display_name, count=len(missing),
                ))
        # sudo: the sign-off state, after the checks above
        self.sudo().write({"attendance_state": "done"})
        return True

    def action_reopen_attendance(self):
        """Reopen the attendance of signed-off sessions so that it can be
        corrected: the offer's managers only.

        :return: True
        :raise AccessError: for anyone else
        """
        for session in self:
            if not session._casework_is_offer_manager():
                raise AccessError(self.env._(
                    "Only the managers of offer %(offer)s may reopen the attendance of session %(session)s.",
                    offer=session.offer_id.display_name, session=session.display_name,
                ))
        # sudo: the sign-off state, after the check above
        self.sudo().write({"attendance_state": "open"})
        return True

    def action_open_attendance(self):
        """Open the attendance lines of this session (the ones the user may read).

        :return: a window action on ``casework.attendance``
        """
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_offers.casework_attendance_action")
        action["domain"] = [("session_id", "=", self.id)]
        action["context"] = {"default_session_id": self.id}
        return action

    def action_print_attendance_sheet(self):
        """Print the sign-off sheets of these sessions (a PDF, one page per
        session): the participants the user may read, a blank signature
        column, the trainer, the session's date and place, the offer.

        :return: the report action
        """
        return self.env.ref("casework_offers.casework_attendance_sheet_report").report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _span_hours(self):
        """Hours from the session's start to its end (0 when a date is missing)."""
        self.ensure_one()
        if not (self.date_start and self.date_end):
            return 0.0
        return float_round((self.date_end - self.date_start).total_seconds() / 3600.0, 2)

    def _casework_day(self):
        """The day of the session's start in the Casework time zone."""
        self.ensure_one()
        return pytz.utc.localize(self.date_start).astimezone(casework_tz(self.env)).date()

    def _attendance_participant_domain(self):
        """Domain of the steps taking part in this session: the steps in
        progress or ended on it when its offer is managed by sessions; else
        every step of the offer in progress on the session's day (started on
        or before it, not ended before it)."""
        self.ensure_one()
        domain = Domain("offer_id", "=", self.offer_id.id) & Domain("state", "in", PARTICIPANT_STATES)
        if self.offer_id.use_sessions:
            return domain & Domain("session_id", "=", self.id)
        day = self._casework_day()
        started = Domain("date_start", "<=", day) | (
            Domain("date_start", "=", False) & Domain("date_planned_start", "<=", day)
        )
        not_ended = Domain("state", "!=", "done") | Domain("date_end", "=", False) | Domain("date_end", ">=", day)
        return domain & started & not_ended

    def _attendance_participant_steps(self):
        """The steps taking part in this session that the user may read.

        :return: ``casework.step`` recordset
        """
        self.ensure_one()
        return self.env["casework.step"].search(self._attendance_participant_domain())

    def _attendance_sheet_rows(self):
        """The rows of the printed sign-off sheet: one per participant the
        user may read (no sudo: a user who reads no participant prints an
        empty sheet), sorted by name.

        :return: list of dicts with ``name`` (the participant's first and
            last names) and ``attendance`` (their line, or an empty recordset)
        :raise AccessError: when the user may not read the session or the
            attendance (finance)
        """
        self.ensure_one()
        self.check_access("read")
        self.env["casework.attendance"].check_access("read")
        lines = self.attendance_ids
        steps = self._attendance_participant_steps() | lines.step_id
        rows = [
            {"name": step.participant_name or "", "attendance": lines.filtered(lambda line, s=step: line.step_id == s)}
            for step in steps
        ]
        return sorted(rows, key=lambda row: row["name"].lower())

    def _check_attendance_open(self):
        """The attendance of these sessions may change: not signed off, or
        the user manages the offer.

        :raise UserError: naming the session, otherwise
        """
        for session in self:
            if session.attendance_state == "done" and not session._casework_is_offer_manager():
                raise UserError(self.env._(
                    "The attendance of session %(session)s is signed off: only the managers of the offer may change "
                    "it.",
                    session=session.display_name,
                ))

    def _check_may_manage_attendance(self):
        """The user runs (as its operator) or manages the session's offer.

        :raise AccessError: naming the session, otherwise
        """
        for session in self:
            if not (session._casework_is_offer_manager() or session._casework_is_session_operator()):
                raise AccessError(self.env._(
                    "Only the operator running offer %(offer)s or its managers may sign off the attendance of "
                    "session %(session)s.",
                    offer=session.offer_id.display_name, session=session.display_name,
                ))

    def _casework_is_offer_manager(self):
        """Whether the current user manages this session's offer: an offer
        manager (heads of service and administrators are), or a user named
        among the offer's managers."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or user.has_group("casework_offers.group_casework_offer_manager"):
            return True
        # sudo: the offer's managers, compared with the current user
        return user in self.offer_id.sudo().manager_ids

    def _casework_may_handle_sheet(self):
        """Whether the current user may read and file back the signed sheet
        of this session, which names every participant of the session: the
        managers of its offer, and the operator running the offer when it
        runs it alone (on an offer run by several operators, the sheet names
        the participants of the others too). Besides, the field's groups keep
        it to offer managers and operators.

        :return: bool
        """
        self.ensure_one()
        if self._casework_is_offer_manager():
            return True
        # sudo: whether the offer is run by several operators, a yes or no
        return not self.offer_id.sudo().is_multi_operator and self._casework_is_session_operator()

    @api.model
    def _casework_sheet_session_domain(self):
        """Domain of the sessions whose signed sheet the current user may
        read (see :meth:`_casework_may_handle_sheet`), through sub-queries
        run without record rules (it is part of a record rule on the
        attachments).

        :return: a :class:`Domain` on ``casework.offer.session``
        """
        user = self.env.user
        if user.has_group("casework_offers.group_casework_offer_manager"):
            return Domain.TRUE
        partner = self.env["casework.attendance"]._casework_operator_partner()
        if not partner:
            return Domain.FALSE
        # sudo: a sub-query of offer ids for a record rule (no rule may apply inside a rule)
        offers = self.env["casework.offer"].sudo().with_context(active_test=False)._search([
            ("operator_id", "=", partner.id), ("is_multi_operator", "=", False),
        ])
        return Domain("offer_id", "in", offers)

    def _casework_is_session_operator(self):
        """Whether the current user works for an operator running this
        session's offer (the Operator role and its organisation)."""
        self.ensure_one()
        partner = self.env["casework.attendance"]._casework_operator_partner()
        # sudo: the offer's operators, compared with the user's organisation
        offer = self.offer_id.sudo()
        return bool(partner) and partner in (offer.operator_id | offer.operator_ids)
