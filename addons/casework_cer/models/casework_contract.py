import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.casework_base.tools.dates import casework_today

CONTRACT_STATES = [
    ("proposition", "CER proposition"),
    ("submitted", "Submitted for study"),
    ("commission", "In-depth study in commission"),
    ("waiting", "Awaiting decision"),
    ("refused", "Not validated"),
    ("validated", "Validated"),
]
AGREEMENTS = [("yes", "Yes"), ("nc", "NC"), ("no", "No")]
DECISIONS = [
    ("validated", "Validated"),
    ("validated_other_duration", "Validated for another duration"),
    ("refused", "Not validated"),
]

# the roles, from the least to the most: each includes the ones before it
ROLE_GROUPS = {
    "referent": "casework_base.group_casework_referent",
    "secretariat": "casework_base.group_casework_secretariat",
    "manager": "casework_base.group_casework_manager",
}
# (from, to): the role that may move a contract (the seed's table of the
# "validation du CER"; the last ones take a contract back)
TRANSITIONS = {
    ("proposition", "submitted"): "referent",
    ("submitted", "commission"): "secretariat",
    ("submitted", "waiting"): "secretariat",
    ("commission", "waiting"): "secretariat",
    ("commission", "validated"): "secretariat",
    ("commission", "refused"): "secretariat",
    ("waiting", "validated"): "manager",
    ("waiting", "refused"): "manager",
    ("refused", "validated"): "manager",
    ("validated", "refused"): "manager",
    ("commission", "submitted"): "secretariat",
    ("waiting", "commission"): "manager",
    ("waiting", "submitted"): "manager",
    ("validated", "waiting"): "manager",
    ("refused", "waiting"): "manager",
}
# who may change a contract in each state: whoever may move it out of it
EDITORS = {
    "proposition": "referent",
    "submitted": "secretariat",
    "commission": "secretariat",
    "waiting": "manager",
    "validated": "manager",
    "refused": "manager",
}
# the order of the approval: a move to a lower rank takes a contract back
STATE_RANKS = {"proposition": 0, "submitted": 1, "commission": 2, "waiting": 3, "refused": 4, "validated": 4}
DECISION_FIELDS = frozenset({
    "decision", "decision_comment", "date_validation", "date_refusal", "referent_note", "validated_months",
})


def first_day_of_next_month(day):
    """The first day of the month after ``day`` (a date)."""
    return day.replace(day=1) + relativedelta(months=1)


class CaseworkContract(models.Model):
    """A reciprocal engagement contract (CER) of a dossier: drafted by the
    référent with the person, studied by the secretariat, decided by the
    secretariat after a commission or by the head of service.

    The state moves only through the ``action_*`` methods, by the role of
    :data:`TRANSITIONS`; whoever may not move a contract out of its state may
    not change it either (:data:`EDITORS`), the secretariat aside, which fills
    in the decision once it is taken. Every move is recorded in
    ``casework.contract.transition``.
    """

    _name = "casework.contract"
    _description = "Reciprocal engagement contract (CER)"
    _inherit = ["casework.case.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "beneficiary_id, number desc, id desc"
    _casework_anonymise_fields = (
        "internal_comment", "situation", "evaluation", "expression", "decision_comment", "referent_note",
    )

    number = fields.Integer(
        required=True, default=0, help="Free numbering; a new contract suggests the next one of its dossier."
    )
    state = fields.Selection(
        CONTRACT_STATES, required=True, default="proposition", readonly=True, index=True, tracking=True, copy=False
    )
    is_restoration = fields.Boolean(
        string="CER de rétablissement",
        help="The contract starts on the first day of its signature month instead of the next one.",
    )
    date_start = fields.Date(
        string="Start", required=True, default=lambda self: first_day_of_next_month(casework_today(self.env))
    )
    date_end = fields.Date(string="End")
    date_signature = fields.Date(
        string="Signature date", required=True, default=lambda self: casework_today(self.env),
        help="The day the contract was drafted with the person.",
    )
    internal_comment = fields.Text(help="A note of the référent for the service; never printed.")
    is_last = fields.Boolean(string="Last contract", help="No renewal alert for this contract.")
    priority_id = fields.Many2one("casework.contract.priority", ondelete="restrict")
    situation = fields.Text(string="Current situation and actions since the last CER")
    evaluation = fields.Text(string="Joint evaluation of the path")
    expression = fields.Text(string="Expression of the person")
    agreement = fields.Selection(AGREEMENTS, string="Agreement of the person", required=True, default="nc")
    objective_ids = fields.One2many("casework.contract.objective", "contract_id", string="Objectives")
    transition_ids = fields.One2many("casework.contract.transition", "contract_id", string="State history")
    # the decision, filled in by the secretariat or the head of service
    decision = fields.Selection(DECISIONS, string="Decision of the département", copy=False)
    decision_comment = fields.Text(string="Commented decision", copy=False)
    date_validation = fields.Date(string="Validation date", copy=False)
    date_refusal = fields.Date(string="Non-validation date", copy=False)
    referent_note = fields.Text(string="Note to the référent", copy=False)
    validated_months = fields.Integer(
        string="Validated duration (months)", copy=False, help="When set, the end date follows from the start date."
    )
    days_to_end = fields.Integer(
        string="Days to the end", compute="_compute_days_to_end", search="_search_days_to_end",
        help="Days from today to the end date; negative once it is past.",
    )
    renewal_notified = fields.Boolean(
        readonly=True, copy=False, help="The référent was reminded to renew this contract."
    )
    can_edit = fields.Boolean(compute="_compute_can")
    can_decide = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_to_commission = fields.Boolean(compute="_compute_can")
    can_to_decision = fields.Boolean(compute="_compute_can")
    can_validate = fields.Boolean(compute="_compute_can")
    can_refuse = fields.Boolean(compute="_compute_can")
    can_back_to_submitted = fields.Boolean(compute="_compute_can")
    can_back_to_commission = fields.Boolean(compute="_compute_can")
    can_back_to_decision = fields.Boolean(compute="_compute_can")
    # the signature by SMS code (casework_contract_signature.py)
    signature_ids = fields.One2many("casework.contract.signature", "contract_id", string="Signatures by SMS")
    can_sign_sms = fields.Boolean(compute="_compute_can_sign_sms")
    signed_document_id = fields.Many2one(
        "casework.document", string="Signed document", compute="_compute_signed_document_id"
    )

    _number_positive = models.Constraint("CHECK(number >= 0)", "A contract's number cannot be negative.")

    @api.depends("number", "beneficiary_id")
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = self.env._(
                "CER %(number)s – %(dossier)s", number=contract.number, dossier=contract.beneficiary_id.display_name
            )

    @api.depends_context("uid")
    @api.depends("state", "beneficiary_id")
    def _compute_can(self):
        # field: (target state, whether the move takes the contract back)
        moves = {
            "can_submit": ("submitted", False), "can_to_commission": ("commission", False),
            "can_to_decision": ("waiting", False), "can_validate": ("validated", False),
            "can_refuse": ("refused", False), "can_back_to_submitted": ("submitted", True),
            "can_back_to_commission": ("commission", True), "can_back_to_decision": ("waiting", True),
        }
        for contract in self:
            writable = contract.casework_scope == "write"
            contract.can_edit = writable and self._casework_has_role(EDITORS[contract.state])
            contract.can_decide = writable and contract.state != "proposition" and self._casework_has_role(
                "secretariat")
            for fname, (state, back) in moves.items():
                contract[fname] = (
                    writable and contract._casework_is_back(state) == back and contract._casework_may_move(state)
                )

    @api.depends_context("uid")
    @api.depends("state", "beneficiary_id.phone")
    def _compute_can_sign_sms(self):
        Signature = self.env["casework.contract.signature"]
        for contract in self:
            contract.can_sign_sms = (
                contract.casework_scope == "write" and contract.state not in ("validated", "refused")
                and self._casework_has_role(EDITORS[contract.state])
                and bool(Signature._casework_mobile_number(contract.beneficiary_id))
            )

    @api.depends("signature_ids.state", "signature_ids.document_id")
    def _compute_signed_document_id(self):
        for contract in self:
            signed = contract.signature_ids.filtered(lambda s: s.state == "signed" and s.document_id)
            contract.signed_document_id = signed.sorted("date_signed", reverse=True)[:1].document_id

    @api.depends("date_end")
    def _compute_days_to_end(self):
        today = casework_today(self.env)
        for contract in self:
            contract.days_to_end = (contract.date_end - today).days if contract.date_end else 0

    def _search_days_to_end(self, operator, value):
        """``days_to_end <op> N`` as a condition on the end date (contracts
        without an end date never match)."""
        if operator not in ("<", "<=", ">", ">=", "=") or not isinstance(value, int):
            return NotImplemented
        day = casework_today(self.env) + relativedelta(days=value)
        return [("date_end", "!=", False), ("date_end", operator, day)]

    @api.model
    def _cron_renewal_reminders(self):
        """A to-do for the current référent de parcours of each validated
        contract ending within the notice (``casework_cer.renewal_notice_days``,
        30 days by default), unless it is the last contract, once per contract.

        :return: the contracts reminded
        """
        days = int(self.env["ir.config_parameter"].sudo().get_param("casework_cer.renewal_notice_days", 30))
        contracts = self.search([
            ("state", "=", "validated"), ("is_last", "=", False), ("renewal_notified", "=", False),
            ("days_to_end", "<=", days), ("days_to_end", ">=", 0),
        ])
        for contract in contracts:
            referent = contract.beneficiary_id.referent_id
            if referent:
                contract.activity_schedule(
                    "mail.mail_activity_data_todo", date_deadline=contract.date_end, user_id=referent.id,
                    summary=self.env._("CER to renew"),
                    note=self.env._("This contract ends on %(date)s: prepare the next one with the person.",
                                    date=contract.date_end),
                )
        contracts.renewal_notified = True
        return contracts

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(self.env._("A contract cannot end before it starts."))

    @api.constrains("validated_months")
    def _check_validated_months(self):
        for contract in self:
            if contract.validated_months < 0:
                raise ValidationError(self.env._("The validated duration cannot be negative."))

    @api.onchange("is_restoration", "date_signature")
    def _onchange_is_restoration(self):
        if self.date_signature:
            self.date_start = self._default_date_start(self.date_signature, self.is_restoration)

    @api.onchange("validated_months", "date_start")
    def _onchange_validated_months(self):
        if self.validated_months and self.date_start:
            self.date_end = self._end_of_duration(self.date_start, self.validated_months)

    @api.onchange("beneficiary_id")
    def _onchange_beneficiary_id(self):
        if self.beneficiary_id and not self.number:
            self.number = self._next_number(self.beneficiary_id.id)

    @api.model
    def _default_date_start(self, date_signature, is_restoration):
        """The seed's convention for the start of a contract: the first day
        of the month after the signature; for a "CER de rétablissement", the
        first day of the signature month.

        :param date_signature: date
        :return: date
        """
        if is_restoration:
            return date_signature.replace(day=1)
        return first_day_of_next_month(date_signature)

    @api.model
    def _end_of_duration(self, date_start, months):
        """The last day of a contract of ``months`` months starting on ``date_start``."""
        return date_start + relativedelta(months=months, days=-1)

    @api.model
    def _next_number(self, dossier_id):
        """The number suggested for a new contract of the dossier: one more
        than the highest of its contracts (1 for the first one)."""
        # sudo: the highest number of the dossier's contracts, nothing else read
        contracts = self.sudo().search([("beneficiary_id", "=", dossier_id)], order="number desc", limit=1)
        return contracts.number + 1

    @api.model
    def _casework_has_role(self, role):
        return self.env.user.has_group(ROLE_GROUPS[role])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("beneficiary_id") and not vals.get("number"):
                vals["number"] = self._next_number(vals["beneficiary_id"])
            if vals.get("is_restoration") and "date_start" not in vals and "default_date_start" not in self.env.context:
                signature = fields.Date.to_date(vals.get("date_signature")) or casework_today(self.env)
                vals["date_start"] = self._default_date_start(signature, True)
            if vals.get("validated_months"):
                start = fields.Date.to_date(vals.get("date_start")) or first_day_of_next_month(casework_today(self.env))
                vals["date_end"] = self._end_of_duration(start, vals["validated_months"])
        # the context's default_* keys too: a client sends any context
        defaults = {key[8:] for key, value in self.env.context.items() if key.startswith("default_") and value}
        if not self.env.su and any(
            DECISION_FIELDS & ({fname for fname, value in vals.items() if value} | defaults) for vals in vals_list
        ):
            raise UserError(self.env._("A new contract is a proposition: its decision is filled in later."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            self._casework_check_edit(set(vals))
        if vals.get("validated_months"):
            for contract in self:
                start = fields.Date.to_date(vals.get("date_start")) or contract.date_start
                super(CaseworkContract, contract).write(
                    dict(vals, date_end=self._end_of_duration(start, vals["validated_months"])))
            return True
        return super().write(vals)

    def unlink(self):
        # sudo: the contracts' signatures that signed nothing (pending, expired, cancelled, failed) go with them;
        # a signed one restricts the deletion (_unlink_except_signed, and its foreign key)
        self.sudo().signature_ids.filtered(lambda signature: signature.state != "signed").unlink()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_studied(self):
        # the system (merging, anonymising, cleaning) deletes any contract
        if not self.env.su and any(contract.state != "proposition" for contract in self):
            raise UserError(self.env._("Only a contract still in proposition can be deleted."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        # sudo: whether the person signed the contracts, nothing else read
        if not self.env.su and self.sudo().signature_ids.filtered(lambda signature: signature.state == "signed"):
            raise UserError(self.env._(
                "A contract signed by the person (SMS code) cannot be deleted: its signed letter is the proof of "
                "their agreement."
            ))

    def _casework_check_edit(self, field_names):
        """Refuse a change of ``field_names`` by a user who may not move the
        contract out of its state (the seed: "if you may not change the state
        of a CER, you may not change it either"); the decision is the
        secretariat's and the head of service's only, and the secretariat
        fills it in after the decision too.

        :raise UserError: naming the contract and its state
        """
        decision = field_names & DECISION_FIELDS
        is_secretariat = self._casework_has_role("secretariat")
        for contract in self:
            if decision and (not is_secretariat or contract.state == "proposition"):
                raise UserError(self.env._(
                    "The decision on %(contract)s is filled in by the secretariat or the head of service, once the "
                    "contract is submitted.", contract=contract.display_name,
                ))
            if self._casework_has_role(EDITORS[contract.state]):
                continue
            if decision == field_names and contract.state in ("validated", "refused"):
                continue
            raise UserError(self.env._(
                "%(contract)s is in the state “%(state)s”: only who may move it out of that state may change it.",
                contract=contract.display_name, state=contract._casework_state_label(),
            ))

    def _casework_state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _casework_may_move(self, to_state):
        role = TRANSITIONS.get((self.state, to_state))
        return bool(role) and self._casework_has_role(role)

    def _casework_is_back(self, to_state):
        """Whether moving to ``to_state`` takes the contract back in the approval."""
        return STATE_RANKS[to_state] < STATE_RANKS[self.state]

    def _casework_lock(self):
        """Lock the contracts' rows until the end of the transaction, without
        waiting: two users deciding the same contract at once, the second one
        is refused instead of overwriting the first one's decision. The no-op
        ``UPDATE`` makes a transaction whose snapshot predates a concurrent,
        committed move fail too (Odoo's transactions are repeatable read).

        :raise UserError: when another transaction holds or has changed a row
        """
        self.flush_recordset()
        table = SQL.identifier(self._table)
        ids = tuple(sorted(self.ids))
        try:
            with self.env.cr.savepoint(flush=False):
                # raw SQL: a lock on the rows, no value read nor written (access checked by the caller)
                self.env.cr.execute(
                    SQL("SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE NOWAIT", table, ids),
                    log_exceptions=False,
                )
                self.env.cr.execute(
                    SQL("UPDATE %s SET write_date = write_date WHERE id IN %s", table, ids), log_exceptions=False
                )
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(self.env._(
                "Someone else is changing this contract at this very moment, or just did: reload it and try again."
            )) from None
        self.invalidate_recordset()

    def _casework_move(self, to_state, comment=None, back=False):
        """Move the contracts to ``to_state``, as the current user, and record
        the transition.

        :param comment: optional text recorded with the transition
        :param back: whether the move takes the contracts back (the
            ``action_back_to_*`` methods) or forward
        :raise AccessError: when the user may not change the contracts' dossier
        :raise UserError: when the move is not in :data:`TRANSITIONS` from the
            contract's state, when the user's role may not make it, when a
            contract is submitted without objectives, or when another user is
            moving the same contract
        """
        if not self:
            # nothing to move (an empty call over RPC): no lock on no row
            return True
        self.check_access("write")
        self._casework_lock()
        target = self._casework_state_label(to_state)
        for contract in self:
            role = TRANSITIONS.get((contract.state, to_state))
            if not role or contract._casework_is_back(to_state) != back:
                raise UserError(self.env._(
                    "%(contract)s is in the state “%(state)s”: it cannot go to “%(target)s”.",
                    contract=contract.display_name, state=contract._casework_state_label(), target=target,
                ))
            if not self._casework_has_role(role):
                raise UserError(self.env._(
                    "You may not move %(contract)s from “%(state)s” to “%(target)s”.",
                    contract=contract.display_name, state=contract._casework_state_label(), target=target,
                ))
            if to_state == "submitted" and not contract.objective_ids:
                raise UserError(self.env._(
                    "%(contract)s has no objective: add at least one before submitting it.",
                    contract=contract.display_name,
                ))
        today = casework_today(self.env)
        now = fields.Datetime.now()
        for contract in self:
            vals = {"state": to_state}
            if to_state == "validated" and not contract.date_validation:
                vals["date_validation"] = today
            if to_state == "refused" and not contract.date_refusal:
                vals["date_refusal"] = today
            from_state = contract.state
            # sudo: the state and its dates are the system's, the move was checked above
            contract.sudo().write(vals)
            self.env["casework.contract.transition"].sudo().create({
                "contract_id": contract.id, "user_id": self.env.uid, "date": now,
                "state_from": from_state, "state_to": to_state, "comment": comment or False,
            })
            if to_state in ("validated", "refused"):
                contract._casework_notify_decision()
        return True

    def _casework_notify_decision(self):
        """A to-do for the dossier's current référent de parcours: the
        contract was decided and the decision is to be read."""
        self.ensure_one()
        # sudo: the current référent of a dossier the user may change
        referent = self.beneficiary_id.sudo().referent_id
        if not referent:
            return
        # sudo: the activity is the référent's, on a contract the user just moved
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=referent.id,
            summary=self.env._("CER decided: %(state)s", state=self._casework_state_label()),
            note=self.env._("Read the decision and the note of the département on this contract."),
        )

    def action_submit(self, comment=None):
        """Submit the contracts for study (référents; at least one objective each)."""
        return self._casework_move("submitted", comment)

    def action_to_commission(self, comment=None):
        """Send submitted contracts to an in-depth study in commission (secretariat)."""
        return self._casework_move("commission", comment)

    def action_to_decision(self, comment=None):
        """Send submitted or commission contracts to the head of service's decision (secretariat)."""
        return self._casework_move("waiting", comment)

    def action_validate(self, comment=None):
        """Validate: after the commission (secretariat), on a waiting or
        refused contract (head of service). Notifies the référent."""
        return self._casework_move("validated", comment)

    def action_refuse(self, comment=None):
        """Refuse: after the commission (secretariat), on a waiting or
        validated contract (head of service). Notifies the référent."""
        return self._casework_move("refused", comment)

    def action_back_to_submitted(self, comment=None):
        """Take back a contract from the commission (secretariat) or from the
        awaiting decision (head of service) to "submitted"."""
        return self._casework_move("submitted", comment, back=True)

    def action_back_to_commission(self, comment=None):
        """Take back an awaiting contract to the commission (head of service)."""
        return self._casework_move("commission", comment, back=True)

    def action_back_to_decision(self, comment=None):
        """Take back a decided contract to "awaiting decision" (head of service)."""
        return self._casework_move("waiting", comment, back=True)

    # ------------------------------------------------------------------
    # signature by SMS code (casework_contract_signature.py)
    # ------------------------------------------------------------------

    def _casework_check_can_sign(self):
        """The user may collect the person's agreement to ``self`` (one
        contract): they may change it (the dossier's scope, and the role that
        may change it in its state), and it is not decided yet (the letter
        signed is the one “without decision”).

        :raise AccessError: out of the dossier's scope
        :raise UserError: naming the contract, otherwise
        """
        self.ensure_one()
        self.check_access("write")
        if self.state in ("validated", "refused"):
            raise UserError(self.env._(
                "%(contract)s is decided: the letter without decision can no longer be signed.",
                contract=self.display_name,
            ))
        if not self._casework_has_role(EDITORS[self.state]):
            raise UserError(self.env._(
                "%(contract)s is in the state “%(state)s”: only who may move it out of that state may change it.",
                contract=self.display_name, state=self._casework_state_label(),
            ))

    def action_start_sms_signature(self):
        """Start the signature of the contract by the person: the letter
        “CER sans décision” is generated again, a one-time code is sent by
        SMS to the dossier's mobile number, and the wizard where the
        référent types the code opens (``casework.contract.signature.wizard``).

        :return: the wizard's window action
        :raise AccessError: when the user may not change the contract
        :raise UserError: see :meth:`_casework_check_can_sign` and
            ``casework.contract.signature._casework_start``
        """
        self.ensure_one()
        self._casework_check_can_sign()
        signature = self.env["casework.contract.signature"]._casework_start(self)
        wizard = self.env["casework.contract.signature.wizard"].create({"signature_id": signature.id})
        return wizard._casework_action()

    def action_download_signed_document(self):
        """Download the contract's last document signed by SMS code.

        :raise UserError: when the contract has none
        """
        self.ensure_one()
        document = self.signed_document_id
        if not document:
            raise UserError(self.env._("%(contract)s has no signed document.", contract=self.display_name))
        return document.action_download()
