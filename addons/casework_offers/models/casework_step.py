import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from odoo.addons.casework_base.tools.dates import casework_today, casework_tz

STEP_STATES = [
    ("positioning", "Positioning"),
    ("step", "Step in progress"),
    ("done", "Ended"),
    ("cancelled", "Positioning withdrawn"),
]
# the states in which a step holds a seat of its session: a withdrawn
# positioning frees its seat; an ended step keeps it (the person took part in
# the session, its attendance sheet lists them)
SEAT_STATES = ("positioning", "step", "done")
# the states in which a person is on an offer (a new proposal would be a duplicate)
OPEN_STATES = ("positioning", "step")
# appointments that no longer take place do not make key dates
APPOINTMENT_OFF_OUTCOMES = ("excused", "unexcused", "cancelled")
# what the operator running a step and finance do not read
CASE_GROUPS = "casework_base.group_casework_referent,casework_base.group_casework_fse"


def local_date(env, value):
    """The date of the datetime ``value`` (naive UTC, as stored) in the
    Casework time zone, or False."""
    if not value:
        return False
    return pytz.utc.localize(value).astimezone(casework_tz(env)).date()


class CaseworkStep(models.Model):
    """A person's participation in a service offer. It starts as a
    positioning (positionnement: a wish, proposed by the counsellor), becomes
    a step (étape: the effective participation) and ends with an end reason;
    a positioning not taken up is withdrawn. A case record: it follows its
    dossier's scope (``casework.case.mixin``), and the operator running it
    reads its dates (``casework.operator.scope.mixin``). No chatter: what the
    counsellors write about a step is not for the operator.

    Who may do what: whoever may change the dossier proposes, starts, ends
    and withdraws its steps (the case rules); the operator and finance read
    neither the comment, the objectives, the contacts, who proposed it nor
    why it ended (``groups`` on those fields).

    Business rules (all enforced on the server):

    * a positioning is proposed on an active offer only;
    * the operator is the offer's, or, on an offer whose operator is chosen
      at enrolment, one of the offer's operators (required then);
    * on an offer managed by sessions, a session of that offer is required,
      and a full session refuses more (:meth:`_check_session_seats`);
    * the actual dates lie within the offer's dates, and the session's when
      there is one;
    * ending a step needs an end reason, an actual end and the
      characteristics the offer asks for at the end of the step.

    Key dates (the 004 seed): the entry date is the first planned session or
    appointment of the step, the planned end the end of its session; both
    are derived and still editable by hand.
    """

    _name = "casework.step"
    _description = "Step"
    _inherit = ["casework.operator.scope.mixin", "casework.case.mixin"]
    _order = "date_planned_start desc, id desc"
    _casework_anonymise_fields = ("comment",)
    _casework_operator_path = "operator_id"

    offer_id = fields.Many2one(
        "casework.offer", required=True, ondelete="restrict", index=True,
    )
    session_id = fields.Many2one(
        "casework.offer.session", ondelete="restrict", index="btree_not_null",
        domain="[('offer_id', '=', offer_id)]",
    )
    operator_id = fields.Many2one(
        "res.partner", ondelete="restrict", index="btree_not_null",
        help="The operator running the step: the offer's, or the one chosen at enrolment on a multi-operator offer.",
    )
    state = fields.Selection(STEP_STATES, default="positioning", required=True, index=True)
    date_planned_start = fields.Date(string="Planned start", required=True)
    date_planned_end = fields.Date(
        string="Planned end", required=True, compute="_compute_date_planned_end", store=True, readonly=False,
        precompute=True,
        help="Filled in with the end of the step's session when there is one; may be changed by hand.",
    )
    date_entry = fields.Date(
        string="Entry date", compute="_compute_date_entry", store=True, readonly=False, precompute=True,
        help="Filled in with the first planned session or appointment of the step; may be changed by hand.",
    )
    date_start = fields.Date(string="Actual start")
    date_end = fields.Date(string="Actual end")
    end_reason_id = fields.Many2one(
        "casework.step.end.reason", string="End reason", ondelete="restrict", groups=CASE_GROUPS,
    )
    is_successful = fields.Boolean(related="end_reason_id.is_successful", string="Successful", groups=CASE_GROUPS)
    comment = fields.Text(groups=CASE_GROUPS)
    proposed_by_id = fields.Many2one(
        "res.users", string="Proposed by", default=lambda self: self.env.user, ondelete="set null",
        groups=CASE_GROUPS,
    )
    # the participation's contacts, picked in the directory by profile
    prescriber_id = fields.Many2one("res.partner", ondelete="restrict", groups=CASE_GROUPS)
    employer_id = fields.Many2one("res.partner", ondelete="restrict", groups=CASE_GROUPS)
    tutor_id = fields.Many2one("res.partner", ondelete="restrict", groups=CASE_GROUPS)
    administrative_manager_id = fields.Many2one(
        "res.partner", string="Administrative manager", ondelete="restrict", groups=CASE_GROUPS,
    )
    ordering_party_id = fields.Many2one(
        "res.partner", string="Ordering party", ondelete="restrict", groups=CASE_GROUPS,
    )
    objective_ids = fields.One2many(
        "casework.step.objective", "step_id", string="Objectives", groups=CASE_GROUPS,
    )
    attendance_ids = fields.One2many("casework.attendance", "step_id")
    attendance_hours = fields.Float(
        string="Hours attended", digits=(6, 2), compute="_compute_attendance_hours", store=True, precompute=True,
        help="Total of the hours signed off for the step (used by the funders' invoicing).",
    )
    appointment_ids = fields.One2many("calendar.event", "casework_step_id", string="Appointments")
    is_multi_operator = fields.Boolean(related="offer_id.is_multi_operator")
    use_sessions = fields.Boolean(related="offer_id.use_sessions")
    offer_operator_ids = fields.Many2many(related="offer_id.operator_ids", string="Operators of the offer")

    # the steps of an offer by state (presence on the offer, duplicates of the batch enrolment)
    _offer_state_idx = models.Index("(offer_id, state)")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("session_id.date_end")
    def _compute_date_planned_end(self):
        for step in self:
            if step.session_id:
                step.date_planned_end = local_date(self.env, step.session_id.date_end)
            else:
                step.date_planned_end = step.date_planned_end

    @api.depends(
        "session_id.date_start", "appointment_ids.start", "appointment_ids.active", "appointment_ids.casework_outcome",
    )
    def _compute_date_entry(self):
        # stored compute: runs as superuser (compute_sudo), reading the dates of
        # the step's own session and appointments only
        for step in self:
            dates = [local_date(self.env, step.session_id.date_start)] if step.session_id else []
            dates += [
                local_date(self.env, event.start) for event in step.appointment_ids
                if event.active and event.casework_outcome not in APPOINTMENT_OFF_OUTCOMES
            ]
            dates = [day for day in dates if day]
            step.date_entry = min(dates) if dates else step.date_entry

    @api.depends("attendance_ids.hours")
    def _compute_attendance_hours(self):
        for step in self:
            step.attendance_hours = sum(step.attendance_ids.mapped("hours"))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    def _format_range(self, start, end):
        return self.env._(
            "%(start)s to %(end)s", start=format_date(self.env, start) if start else "…",
            end=format_date(self.env, end) if end else "…",
        )

    @api.constrains("date_planned_start", "date_planned_end")
    def _check_planned_dates(self):
        for step in self:
            if step.date_planned_end < step.date_planned_start:
                raise ValidationError(self.env._(
                    "A step cannot be planned to end before it starts (%(range)s).",
                    range=self._format_range(step.date_planned_start, step.date_planned_end),
                ))

    @api.constrains("date_start", "date_end", "offer_id", "session_id")
    def _check_actual_dates(self):
        """The actual end comes after the actual start; the actual dates lie
        within the offer's dates, and the session's when there is one
        (refused with both ranges in the message)."""
        for step in self:
            if step.date_start and step.date_end and step.date_end < step.date_start:
                raise ValidationError(self.env._(
                    "A step cannot end before it starts (%(range)s).",
                    range=self._format_range(step.date_start, step.date_end),
                ))
            if not (step.date_start or step.date_end):
                continue
            offer = step.offer_id
            bounds = [(offer.date_start, offer.date_end, self.env._("the offer %(name)s", name=offer.name))]
            if step.session_id:
                session = step.session_id
                bounds.append((
                    local_date(self.env, session.date_start), local_date(self.env, session.date_end),
                    self.env._("the session %(name)s", name=session.display_name),
                ))
            for low, high, what in bounds:
                outside = [day for day in (step.date_start, step.date_end) if day and not low <= day <= high]
                if outside:
                    raise ValidationError(self.env._(
                        "The actual dates of the step (%(step_range)s) must lie within the dates of %(what)s "
                        "(%(range)s).",
                        step_range=self._format_range(step.date_start, step.date_end), what=what,
                        range=self._format_range(low, high),
                    ))

    @api.constrains("operator_id", "offer_id")
    def _check_operator(self):
        """The operator is the offer's (none when the offer has none) or, on
        a multi-operator offer, one of the offer's operators (required
        then): the operator of a step reads the participant's name."""
        for step in self:
            offer = step.offer_id
            if offer.is_multi_operator:
                if step.operator_id not in offer.operator_ids or not step.operator_id:
                    raise ValidationError(self.env._(
                        "The offer %(offer)s is run by several operators: choose the operator of the step among "
                        "%(operators)s.",
                        offer=offer.name, operators=", ".join(offer.operator_ids.mapped("name")) or "-",
                    ))
            elif step.operator_id != offer.operator_id:
                # the step's operator reads the person's name: never another organisation than the offer's
                if not offer.operator_id:
                    raise ValidationError(self.env._(
                        "The offer %(offer)s has no operator: its steps have none either.", offer=offer.name,
                    ))
                raise ValidationError(self.env._(
                    "The operator of a step on the offer %(offer)s is the offer's: %(operator)s.",
                    offer=offer.name, operator=offer.operator_id.name,
                ))

    @api.constrains("session_id", "offer_id")
    def _check_session(self):
        """The session belongs to the offer; required when the offer is
        managed by sessions."""
        for step in self:
            if step.session_id and step.session_id.offer_id != step.offer_id:
                raise ValidationError(self.env._(
                    "The session %(session)s is not a session of the offer %(offer)s.",
                    session=step.session_id.display_name, offer=step.offer_id.name,
                ))
            if not step.session_id and step.offer_id.use_sessions:
                raise ValidationError(self.env._(
                    "The offer %(offer)s is managed by sessions: choose the session of the step.",
                    offer=step.offer_id.name,
                ))

    @api.constrains("state", "date_start", "date_end")
    def _check_state_dates(self):
        """A positioning has no actual date; a step in progress has an actual
        start and no end; an ended step has both and an end reason."""
        for step in self:
            if step.state in ("positioning", "cancelled") and (step.date_start or step.date_end):
                raise ValidationError(self.env._(
                    "A positioning has no actual dates: start the step to give its actual start.",
                ))
            if step.state == "step" and (not step.date_start or step.date_end):
                raise ValidationError(self.env._(
                    "A step in progress has an actual start and no actual end: end it to give its actual end.",
                ))
            if step.state == "done" and not (step.date_start and step.date_end and step.sudo().end_reason_id):
                raise ValidationError(self.env._(
                    "An ended step needs its actual start, its actual end and an end reason.",
                ))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Offer = self.env["casework.offer"].with_context(active_test=False)
        offers = Offer.browse({vals["offer_id"] for vals in vals_list if vals.get("offer_id")})
        inactive = offers.filtered(lambda offer: not offer.active)
        if inactive:
            raise UserError(self.env._(
                "The offer %(offer)s is no longer active: it cannot be proposed.", offer=inactive[0].name,
            ))
        for vals in vals_list:
            offer = Offer.browse(vals.get("offer_id"))
            if offer and "operator_id" not in vals and not offer.is_multi_operator:
                vals["operator_id"] = offer.operator_id.id
        session_ids = {vals["session_id"] for vals in vals_list if vals.get("session_id")
                       and vals.get("state", "positioning") in SEAT_STATES}
        sessions = self.env["casework.offer.session"].browse(session_ids)
        self._lock_sessions(sessions)
        steps = super().create(vals_list)
        steps._check_session_seats(sessions)
        steps.filtered(lambda step: step.state == "done")._check_end_characteristics()
        return steps

    def write(self, vals):
        if vals.get("offer_id"):
            offer = self.env["casework.offer"].with_context(active_test=False).browse(vals["offer_id"])
            if not offer.active:
                raise UserError(self.env._(
                    "The offer %(offer)s is no longer active: it cannot be proposed.", offer=offer.name,
                ))
        sessions = self._sessions_taken_by(vals)
        self._lock_sessions(sessions)
        ending = self.filtered(lambda step: step.state != "done") if vals.get("state") == "done" else self.browse()
        result = super().write(vals)
        self._check_session_seats(sessions)
        ending._check_end_characteristics()
        return result

    # ------------------------------------------------------------------
    # Seats
    # ------------------------------------------------------------------

    def _sessions_taken_by(self, vals):
        """The sessions on which writing ``vals`` on the steps may take a
        seat: the new session, or the steps' own when they come back to a
        state holding a seat."""
        Session = self.env["casework.offer.session"]
        if "state" in vals and vals["state"] not in SEAT_STATES:
            return Session
        if "session_id" in vals:
            return Session.browse(vals["session_id"] or [])
        if "state" in vals:
            return self.filtered(lambda step: step.state not in SEAT_STATES).session_id
        return Session

    @api.model
    def _lock_sessions(self, sessions):
        """Lock the rows of ``sessions`` with a capacity until the end of the
        transaction, so that two enrolments on the last seat of a session do
        not both succeed.

        The rows are locked (``FOR UPDATE``, in the order of their ids) and
        marked as changed by a no-op ``UPDATE``: Odoo's transactions are
        *repeatable read*, so a lock alone would let a transaction that
        waited for it count seats in its older snapshot; once the row is
        updated, such a transaction fails with a serialization error instead,
        which Odoo retries with a fresh snapshot that counts the seat taken.
        """
        session_ids = tuple(sorted(sessions.filtered("capacity").ids))
        if not session_ids:
            return
        table = SQL.identifier(self.env["casework.offer.session"]._table)
        # raw SQL: a lock on the sessions, no value read nor written (the ORM's access checks are the caller's)
        self.env.cr.execute(SQL("SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE", table, session_ids))
        self.env.cr.execute(SQL("UPDATE %s SET write_date = write_date WHERE id IN %s", table, session_ids))

    @api.model
    def _session_seats_taken(self, sessions):
        """The seats taken on each of ``sessions``: its steps in a state of
        ``SEAT_STATES``, whoever may read them.

        :return: dict {session id: number of steps}
        """
        if not sessions:
            return {}
        self.env.flush_all()
        # raw SQL: a count per session, no step shown (the user may not read every participant's step)
        self.env.cr.execute(SQL(
            "SELECT session_id, COUNT(*) FROM casework_step WHERE session_id IN %s AND state IN %s GROUP BY session_id",
            tuple(sessions.ids), SEAT_STATES,
        ))
        return dict(self.env.cr.fetchall())

    @api.model
    def _check_session_seats(self, sessions):
        """Refuse more steps on a session than its capacity (0: no limit),
        naming the session. Called after the steps are written, with the
        sessions locked by :meth:`_lock_sessions` before.

        :raise UserError: when a session is over its capacity
        """
        sessions = sessions.filtered("capacity")
        taken = self._session_seats_taken(sessions)
        for session in sessions:
            if taken.get(session.id, 0) > session.capacity:
                raise UserError(self.env._(
                    "The session %(session)s is full: its %(capacity)s seats are taken.",
                    session=session.display_name, capacity=session.capacity,
                ))

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------

    @api.onchange("offer_id")
    def _onchange_offer_id(self):
        for step in self:
            offer = step.offer_id
            if not offer:
                continue
            if not offer.is_multi_operator:
                step.operator_id = offer.operator_id
            elif step.operator_id not in offer.operator_ids:
                step.operator_id = False
            if step.session_id.offer_id != offer:
                step.session_id = False
            if not step.date_planned_start:
                step.date_planned_start = max(offer.date_start, casework_today(self.env))
            if not step.date_planned_end:
                step.date_planned_end = offer.date_end

    @api.onchange("session_id")
    def _onchange_session_id(self):
        for step in self.filtered("session_id"):
            step.date_planned_start = local_date(self.env, step.session_id.date_start)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        """Convert positionings into steps: the effective participation
        starts, on its actual start (today in the Casework time zone when not
        given). What a step needs is checked by the constraints (operator,
        session, actual start within the offer's and the session's dates).

        :raise UserError: when one of them is not a positioning
        """
        not_positioning = self.filtered(lambda step: step.state != "positioning")
        if not_positioning:
            raise UserError(self.env._(
                "Only a positioning can be started: %(offers)s.",
                offers=", ".join(not_positioning.offer_id.mapped("name")),
            ))
        today = casework_today(self.env)
        for step in self:
            step.write({"state": "step", "date_start": step.date_start or today})
        return True

    def action_end(self):
        """End steps in progress on their end reason, today (in the Casework
        time zone) being their actual end. To give another actual end and
        the characteristics the offer asks for at the end of the step, use
        the end wizard (:meth:`action_open_end_wizard`).

        :raise UserError: when one of them has no end reason, see also
            :meth:`_action_end`
        """
        if self.filtered(lambda step: not step.end_reason_id):
            raise UserError(self.env._("Give the end reason of the step to end it."))
        today = casework_today(self.env)
        for step in self:
            step._action_end(step.end_reason_id, today)
        return True

    def _action_end(self, end_reason, date_end):
        """End the steps on ``end_reason`` (``casework.step.end.reason``)
        and ``date_end``: in one write, checked by the constraints (actual
        end within the offer's and the session's dates) and by
        :meth:`_check_end_characteristics`.

        :raise UserError: when one of them is not in progress
        """
        not_started = self.filtered(lambda step: step.state != "step")
        if not_started:
            raise UserError(self.env._(
                "Only a step in progress can be ended: %(offers)s.",
                offers=", ".join(not_started.offer_id.mapped("name")),
            ))
        self.write({"state": "done", "end_reason_id": end_reason.id, "date_end": date_end})

    def action_open_end_wizard(self):
        """Open the wizard ending this step: end reason, actual end and the
        characteristics the offer asks for.

        :return: an action dictionary
        """
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("End the step"),
            "res_model": "casework.step.end.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_step_id": self.id},
        }

    def action_cancel(self):
        """Withdraw positionings not taken up: the seat of their session is
        freed.

        :raise UserError: when one of them is not a positioning
        """
        if self.filtered(lambda step: step.state != "positioning"):
            raise UserError(self.env._(
                "Only a positioning can be withdrawn; a step in progress ends with an end reason.",
            ))
        self.write({"state": "cancelled"})
        return True

    def action_reset(self):
        """Back to positioning: a withdrawn positioning proposed again (it
        takes a seat again), or a step started by mistake (no attendance
        signed off yet).

        :raise UserError: for an ended step, or a step with attendance
        """
        if self.filtered(lambda step: step.state == "done"):
            raise UserError(self.env._("An ended step cannot go back to positioning."))
        if self.filtered(lambda step: step.state == "step" and step.attendance_ids):
            raise UserError(self.env._(
                "This step has attendance signed off: it cannot go back to positioning.",
            ))
        self.filtered(lambda step: step.state != "positioning").write(
            {"state": "positioning", "date_start": False, "date_end": False}
        )
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _check_end_characteristics(self):
        """The characteristics the offer asks for at the end of the step
        (``offer.characteristic_type_ids``) have a value on the dossier dated
        from the step's actual start on.

        :raise UserError: naming the characteristics missing
        """
        # sudo: whether values exist (dates and types only), for steps the user is ending (write access checked)
        Value = self.env["casework.characteristic.value"].sudo()
        for step in self:
            types = step.offer_id.characteristic_type_ids
            if not types:
                continue
            recorded = Value.search([
                ("beneficiary_id", "=", step.beneficiary_id.id), ("type_id", "in", types.ids),
                ("date", ">=", step.date_start or step.date_end),
            ]).type_id
            missing = types - recorded
            if missing:
                raise UserError(self.env._(
                    "Record the characteristics the offer asks for at the end of the step before ending it: "
                    "%(types)s.",
                    types=", ".join(missing.mapped("display_name")),
                ))
