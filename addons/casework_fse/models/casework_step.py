from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare

from odoo.addons.casework_base.tools.dates import casework_today

from .casework_convention import COUNTED_STEP_STATES, FINANCE_GROUPS

# who reads the questionnaires of a step (never its operator, never finance)
QUESTIONNAIRE_GROUPS = "casework_base.group_casework_referent,casework_base.group_casework_fse"
QUESTIONNAIRE_STATES = [
    ("unavailable", "Not available"),
    ("missing", "To fill in"),
    ("in_progress", "In progress"),
    ("done", "Filled in"),
]


class CaseworkStep(models.Model):
    """A step on a funding convention ("passage sur convention"), and the
    steps of FSE operations.

    Convention: a step of a funded offer is attached to one of the
    conventions funding the offer, valid over the step's dates (actual
    dates when known, else planned ones); the step form proposes it as soon
    as the offer is chosen. The step shows its forecast (planned hours and
    amount) against what it realised (hours attended, amount earned,
    invoiced, remaining) to FSE managers and administrators.

    FSE operations: a person is on one FSE operation at a time (the periods
    of their steps on FSE operations do not overlap, checked under a lock
    of the dossier so that two enrolments at once cannot both pass), and the
    planned dates of such a step lie within the operation's. Its entry and
    exit questionnaires (``survey.user_input``) are filled in from the step
    by its referents and the FSE managers of its territory: the entry one
    once the step is on a convention, the exit one once the step has an
    actual end.
    """

    _inherit = "casework.step"

    convention_id = fields.Many2one(
        "casework.convention", ondelete="restrict", index="btree_not_null",
        domain="[('offer_ids', 'in', offer_id)]",
        help="The funding convention this step is invoiced on (passage sur convention).",
    )
    is_offer_funded = fields.Boolean(related="offer_id.is_funded", string="Funded offer")
    is_fse_operation = fields.Boolean(related="offer_id.is_fse_operation", string="FSE operation")
    convention_hours_planned = fields.Float(
        string="Hours planned", digits=(6, 2),
        help="The hours of attendance planned for this step on its convention.",
    )
    convention_currency_id = fields.Many2one(related="convention_id.currency_id", string="Convention currency")
    convention_amount_planned = fields.Monetary(
        string="Amount planned", compute="_compute_convention_figures", currency_field="convention_currency_id",
        groups=FINANCE_GROUPS,
    )
    convention_hours_attended = fields.Float(
        string="Hours attended on the convention", compute="_compute_convention_figures", digits=(6, 2),
        groups=FINANCE_GROUPS,
    )
    convention_amount_earned = fields.Monetary(
        string="Amount earned", compute="_compute_convention_figures", currency_field="convention_currency_id",
        groups=FINANCE_GROUPS,
    )
    convention_amount_invoiced = fields.Monetary(
        string="Amount invoiced", compute="_compute_convention_figures", currency_field="convention_currency_id",
        groups=FINANCE_GROUPS,
    )
    convention_amount_remaining = fields.Monetary(
        string="Amount remaining", compute="_compute_convention_figures", currency_field="convention_currency_id",
        groups=FINANCE_GROUPS,
    )
    is_over_hours = fields.Boolean(
        string="Over the planned hours", compute="_compute_convention_figures", groups=FINANCE_GROUPS,
    )
    fse_input_ids = fields.One2many(
        "survey.user_input", "casework_step_id", string="FSE questionnaires", groups=QUESTIONNAIRE_GROUPS,
    )
    fse_entry_state = fields.Selection(
        QUESTIONNAIRE_STATES, string="Entry questionnaire", compute="_compute_fse_states", groups=QUESTIONNAIRE_GROUPS,
    )
    fse_exit_state = fields.Selection(
        QUESTIONNAIRE_STATES, string="Exit questionnaire", compute="_compute_fse_states", groups=QUESTIONNAIRE_GROUPS,
    )

    _hours_planned_check = models.Constraint(
        "CHECK (convention_hours_planned IS NULL OR convention_hours_planned >= 0)",
        "The hours planned on a convention cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("convention_id", "convention_hours_planned", "attendance_ids.hours", "state", "date_start")
    def _compute_convention_figures(self):
        for step in self:
            step.update({
                "convention_amount_planned": 0.0, "convention_hours_attended": 0.0, "convention_amount_earned": 0.0,
                "convention_amount_invoiced": 0.0, "convention_amount_remaining": 0.0, "is_over_hours": False,
            })
        for convention in self.convention_id:
            steps = self.filtered(lambda step, convention=convention: step.convention_id == convention)
            # sudo: the convention's prices and the steps' realised figures, for readers of the steps
            convention_sudo = convention.sudo()
            realised = convention_sudo._get_realised_amounts(steps=steps._origin)
            invoiced = convention._get_amount_invoiced_by_step()
            for step in steps:
                values = realised.get(step._origin.id, {"hours": 0.0, "amount": 0.0})
                if convention_sudo.pricing_mode == "hourly":
                    planned = step.convention_hours_planned * convention_sudo.hourly_rate
                else:
                    planned = convention_sudo.flat_fee
                planned = convention_sudo.currency_id.round(planned)
                step.convention_amount_planned = planned
                step.convention_hours_attended = values["hours"]
                step.convention_amount_earned = values["amount"]
                step.convention_amount_invoiced = invoiced.get(step._origin.id, 0.0)
                step.convention_amount_remaining = planned - values["amount"]
                step.is_over_hours = bool(step.convention_hours_planned) and float_compare(
                    values["hours"], step.convention_hours_planned, precision_digits=2) > 0

    @api.depends("fse_input_ids.state", "fse_input_ids.casework_moment", "convention_id", "date_end",
                 "is_fse_operation")
    def _compute_fse_states(self):
        for step in self:
            inputs = step.fse_input_ids
            for moment, available in (
                ("entry", bool(step.is_fse_operation and step.convention_id)),
                ("exit", bool(step.is_fse_operation and step.convention_id and step.date_end)),
            ):
                answers = inputs.filtered(lambda answer, moment=moment: answer.casework_moment == moment)
                if answers.filtered(lambda answer: answer.state == "done"):
                    state = "done"
                elif not available:
                    state = "unavailable"
                elif answers:
                    state = "in_progress"
                else:
                    state = "missing"
                step[f"fse_{moment}_state"] = state

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    def _step_period(self):
        """The step's period: its actual dates when known, else its planned ones."""
        self.ensure_one()
        return self.date_start or self.date_planned_start, self.date_end or self.date_planned_end

    @api.constrains("convention_id", "offer_id", "date_planned_start", "date_planned_end", "date_start", "date_end")
    def _check_convention(self):
        """The convention of a step funds its offer, is active and is valid
        over the step's period (actual dates when known, else planned)."""
        for step in self.filtered("convention_id"):
            # sudo: the convention's dates and offers, compared with the step's
            convention = step.convention_id.sudo()
            if step.offer_id not in convention.offer_ids:
                raise ValidationError(self.env._(
                    "The convention %(convention)s does not fund the offer %(offer)s.",
                    convention=convention.display_name, offer=step.offer_id.name,
                ))
            if not convention.active:
                raise ValidationError(self.env._(
                    "The convention %(convention)s is archived: attach the step to a current convention.",
                    convention=convention.display_name,
                ))
            start, end = step._step_period()
            if not convention._is_valid_over(start, end):
                raise ValidationError(self.env._(
                    "The convention %(convention)s is valid from %(validity)s: the step (%(range)s) must lie "
                    "within it.",
                    convention=convention.display_name, validity=convention._format_validity(),
                    range=step._format_range(start, end),
                ))

    @api.constrains("offer_id", "date_planned_start", "date_planned_end")
    def _check_fse_dates(self):
        """The planned dates of a step on an FSE operation lie within the
        operation's (the actual dates are checked for every offer)."""
        for step in self.filtered(lambda step: step.offer_id.is_fse_operation and step.state != "cancelled"):
            offer = step.offer_id
            if not (offer.date_start <= step.date_planned_start and step.date_planned_end <= offer.date_end):
                raise ValidationError(self.env._(
                    "The dates of a step on the FSE operation %(offer)s (%(range)s) must lie within the operation's "
                    "(%(operation)s).",
                    offer=offer.name, range=step._format_range(step.date_planned_start, step.date_planned_end),
                    operation=step._format_range(offer.date_start, offer.date_end),
                ))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Offer = self.env["casework.offer"].with_context(active_test=False)
        fse_dossiers = {
            vals.get("beneficiary_id") for vals in vals_list
            if vals.get("offer_id") and Offer.browse(vals["offer_id"]).is_fse_operation
        } - {None, False}
        self._lock_fse_dossiers(fse_dossiers)
        steps = super().create(vals_list)
        steps._check_fse_single_operation()
        return steps

    def write(self, vals):
        fse_fields = {"offer_id", "state", "date_start", "date_end", "date_planned_start", "date_planned_end"}
        watched = self.browse()
        if fse_fields & set(vals):
            new_offer = self.env["casework.offer"].browse(vals.get("offer_id") or [])
            watched = self if new_offer.is_fse_operation else self.filtered("offer_id.is_fse_operation")
            # sudo: the ids of the dossiers of steps the user is changing (write access checked by the ORM)
            self._lock_fse_dossiers(set(watched.sudo().beneficiary_id.ids))
        result = super().write(vals)
        watched._check_fse_single_operation()
        return result

    # ------------------------------------------------------------------
    # One FSE operation at a time
    # ------------------------------------------------------------------

    @api.model
    def _lock_fse_dossiers(self, dossier_ids):
        """Lock the rows of the dossiers ``dossier_ids`` until the end of the
        transaction, so that two enrolments of a person on FSE operations at
        once do not both pass the overlap check: the second waits, then
        fails with a serialization error (Odoo retries it with a fresh
        snapshot, which sees the first step). See
        ``casework.step._lock_sessions`` for why the row is also updated."""
        ids = tuple(sorted(dossier_ids))
        if not ids:
            return
        # raw SQL: a lock on the dossiers, no value read nor written (the ORM's access checks are the caller's)
        self.env.cr.execute(SQL("SELECT id FROM casework_beneficiary WHERE id IN %s ORDER BY id FOR UPDATE", ids))
        self.env.cr.execute(SQL("UPDATE casework_beneficiary SET write_date = write_date WHERE id IN %s", ids))

    def _check_fse_single_operation(self):
        """A person is on one FSE operation at a time: the periods of their
        steps on FSE operations (actual dates when known, else planned; a
        withdrawn positioning aside) do not overlap.

        :raise UserError: naming the other operation and its dates
        """
        steps = self.filtered(lambda step: step.offer_id.is_fse_operation and step.state in COUNTED_STEP_STATES)
        if not steps:
            return
        self.env.flush_all()
        # raw SQL: every FSE step of the same dossiers, whoever may read them (the user changes this dossier)
        self.env.cr.execute(SQL(
            """
            SELECT a.id, b.id
              FROM casework_step a
              JOIN casework_step b ON b.beneficiary_id = a.beneficiary_id AND b.id != a.id
              JOIN casework_offer ob ON ob.id = b.offer_id
             WHERE a.id IN %(ids)s
               AND ob.is_fse_operation
               AND b.state IN %(states)s
               AND daterange(COALESCE(a.date_start, a.date_planned_start),
                             COALESCE(a.date_end, a.date_planned_end), '[]')
                && daterange(COALESCE(b.date_start, b.date_planned_start),
                             COALESCE(b.date_end, b.date_planned_end), '[]')
             ORDER BY a.id, b.id
             LIMIT 1
            """,
            ids=tuple(steps.ids), states=COUNTED_STEP_STATES,
        ))
        row = self.env.cr.fetchone()
        if row:
            step, other = self.browse(row[0]), self.sudo().browse(row[1])
            start, end = other._step_period()
            raise UserError(self.env._(
                "This person is already on the FSE operation %(offer)s from %(range)s: a person is on one FSE "
                "operation at a time. End that step (its actual end) before this one starts (%(this)s).",
                offer=other.offer_id.name, range=other._format_range(start, end),
                this=step._format_range(*step._step_period()),
            ))

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------

    @api.onchange("offer_id", "date_planned_start")
    def _onchange_offer_convention(self):
        """Propose the convention funding the offer on the planned start
        when there is one only (the question of the seed: "créer un passage
        sur convention aux mêmes dates ?")."""
        for step in self:
            if step.convention_id and step.offer_id in step.convention_id.offer_ids:
                continue
            candidates = self.env["casework.convention"].search([("offer_ids", "in", step.offer_id.ids)])
            start = step.date_planned_start or casework_today(self.env)
            valid = candidates.filtered(lambda convention, start=start: convention._is_valid_over(start, False))
            step.convention_id = valid if len(valid) == 1 else False

    # ------------------------------------------------------------------
    # Questionnaires
    # ------------------------------------------------------------------

    def action_open_fse_entry(self):
        """Open the step's entry questionnaire (created at the first
        opening). See :meth:`_open_fse_questionnaire`.

        :return: an URL action
        """
        return self._open_fse_questionnaire("entry")

    def action_open_fse_exit(self):
        """Open the step's exit questionnaire, once the step has an actual
        end. See :meth:`_open_fse_questionnaire`.

        :return: an URL action
        """
        return self._open_fse_questionnaire("exit")

    def _can_fill_fse(self):
        """Whether the current user fills in this step's questionnaires: a
        user who may change the step (its referents), or an FSE manager who
        reads it (their territories)."""
        self.ensure_one()
        if self.env.user.has_group("casework_base.group_casework_fse") and self.has_access("read"):
            return True
        return self.has_access("write")

    def _check_fse_survey(self, survey):
        """Refuse ``survey`` for a questionnaire of ``self`` (one step) unless
        it is the entry or exit questionnaire of the step's FSE operation,
        open at this point of the step (the exit one once the step has its
        actual end).

        :raise UserError: naming the survey and the operation
        """
        self.ensure_one()
        # sudo: the questionnaires chosen on the step's offer and the survey's title, compared with the
        # survey given (no person's data)
        offer, survey_sudo = self.sudo().offer_id, survey.sudo()
        questionnaires = offer.fse_entry_survey_id | offer.fse_exit_survey_id
        if not (offer.is_fse_operation and len(survey_sudo) == 1 and survey_sudo.survey_type == "casework_fse"
                and survey_sudo in questionnaires):
            raise UserError(self.env._(
                "The survey %(survey)s is not the entry or exit questionnaire of the FSE operation %(offer)s.",
                survey=survey_sudo.display_name or "-", offer=offer.name,
            ))
        if survey_sudo != offer.fse_entry_survey_id and not self.date_end:
            raise UserError(self.env._(
                "The exit questionnaire opens once the step has its actual end: give it first.",
            ))

    def _open_fse_questionnaire(self, moment):
        """Open the questionnaire ``moment`` ("entry" or "exit") of the
        step in the survey's form: filled in by the user (the answer is
        theirs while they fill it in), or shown read-only when it is done or
        was imported.

        :raise AccessError: when the user may not fill in the step's questionnaires
        :raise UserError: when the step is not on an FSE operation, has no
            convention, or (exit) no actual end
        """
        self.ensure_one()
        if not self._can_fill_fse():
            raise AccessError(self.env._("You may not fill in the FSE questionnaires of this step."))
        if not self.is_fse_operation:
            raise UserError(self.env._("Only a step on an FSE operation has FSE questionnaires."))
        if not self.convention_id:
            raise UserError(self.env._(
                "Attach the step to its convention first: without it, the FSE questionnaires cannot be filled in.",
            ))
        if moment == "exit" and not self.date_end:
            raise UserError(self.env._(
                "The exit questionnaire opens once the step has its actual end: give it first.",
            ))
        survey = self.offer_id.fse_entry_survey_id if moment == "entry" else self.offer_id.fse_exit_survey_id
        if not survey:
            raise UserError(self.env._(
                "The FSE operation %(offer)s has no %(moment)s questionnaire: an administrator chooses it on the "
                "operation.",
                offer=self.offer_id.name, moment=dict(self.env["survey.user_input"]._fields["casework_moment"]
                                                      ._description_selection(self.env))[moment].lower(),
            ))
        # sudo: the questionnaires of this step, which the user may fill in (checked above)
        answers = self.sudo().fse_input_ids.filtered(lambda answer: answer.casework_moment == moment)
        answer = answers.filtered(lambda answer: answer.state == "done")[:1] or answers[:1]
        if not answer:
            answer = self.env["survey.user_input"].sudo().create({
                "survey_id": survey.id, "casework_step_id": self.id, "partner_id": self.env.user.partner_id.id,
            })
        if answer.state == "done" or answer.casework_imported:
            url = f"/survey/print/{answer.survey_id.access_token}?answer_token={answer.access_token}&review=True"
        else:
            # the survey's pages open an answer for its own partner only: the user filling it in now
            answer.partner_id = self.env.user.partner_id
            url = f"/survey/start/{answer.survey_id.access_token}?answer_token={answer.access_token}"
        return {"type": "ir.actions.act_url", "url": url, "target": "self"}
