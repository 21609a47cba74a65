import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.casework_base.tools.dates import casework_today, casework_tz

# a positioning or a step in progress: the person is on the offer
OPEN_STEP_STATES = ("positioning", "step")


class CaseworkOffer(models.Model):
    """A service offer (offre de service) a counsellor mobilises for a person:
    a training, a workshop, a coaching... run by an operator, between two
    mandatory dates, possibly by dated sessions. Offers are not personal
    data: every Casework role reads them, an operator only those its
    organisation runs. Heads of service, administrators and offer managers
    change every offer; a referent named among an offer's managers changes
    that offer (``security/casework_offer_rules.xml``); other referents read
    them only.

    Past its end date an offer is deactivated (daily job), and it is never
    deleted once a person was positioned on it. An inactive offer cannot be
    proposed."""

    _name = "casework.offer"
    _description = "Service offer"
    _inherit = ["mail.thread"]
    _order = "date_start desc, name"

    name = fields.Char(string="Title", required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    classification_id = fields.Many2one(
        "casework.offer.classification", ondelete="restrict", index=True, tracking=True,
    )
    program_ids = fields.Many2many(
        "casework.program", string="Programmes",
        help="The programmes whose beneficiaries the offer is for; empty for every programme.",
    )
    keywords = fields.Char(help="Words a counsellor may search the offer by, separated by commas.")
    description = fields.Html()
    date_start = fields.Date(string="Start date", required=True, tracking=True)
    date_end = fields.Date(string="End date", required=True, tracking=True)
    is_multi_operator = fields.Boolean(
        string="Operator chosen at enrolment",
        help="Several operators run this offer: each step names its operator, among the offer's operators.",
    )
    operator_id = fields.Many2one(
        "res.partner", ondelete="restrict", index=True, tracking=True,
        domain=[("is_company", "=", True), ("casework_profile_ids.role", "=", "operator")],
    )
    operator_ids = fields.Many2many(
        "res.partner", "casework_offer_operator_rel", "offer_id", "partner_id", string="Operators",
        domain=[("is_company", "=", True), ("casework_profile_ids.role", "=", "operator")],
    )
    signatory_id = fields.Many2one(
        "res.partner", ondelete="restrict",
        help="The person who signs for the operator; empty when the offer has several operators.",
    )
    manager_ids = fields.Many2many(
        "res.users", "casework_offer_manager_rel", "offer_id", "user_id", string="Offer managers",
        help="Besides heads of service and administrators, the users who manage this offer "
        "(e.g. the accompagnateurs emploi).",
    )
    attendance_required = fields.Boolean(
        string="Attendance hours required", help="Each session's attendance is signed off with hours.",
    )
    use_sessions = fields.Boolean(
        string="Managed by sessions", help="Enrolment picks one of the offer's dated sessions.",
    )
    characteristic_type_ids = fields.Many2many(
        "casework.characteristic.type", string="Characteristics at the end of the step",
        help="Characteristics of the person to record when a step on this offer ends (e.g. bilan de fin d'étape).",
    )
    session_ids = fields.One2many("casework.offer.session", "offer_id", string="Sessions")
    # the participants: for the roles that read steps (not finance)
    step_ids = fields.One2many(
        "casework.step", "offer_id", string="Steps",
        groups="casework_base.group_casework_referent,casework_base.group_casework_fse,"
        "casework_base.group_casework_operator",
    )
    session_count = fields.Integer(string="Sessions count", compute="_compute_session_count")
    step_count = fields.Integer(
        string="Steps count", compute="_compute_step_count",
        help="The positionings and steps on this offer that you may read.",
    )
    attendance_hours = fields.Float(
        string="Hours attended", compute="_compute_attendance_hours", digits=(10, 2),
        help="Total of the attendance hours signed off on this offer, every participant together.",
    )
    can_manage = fields.Boolean(
        string="Can manage", compute="_compute_can_manage",
        help="Whether the current user may change this offer.",
    )
    can_manage_all = fields.Boolean(
        string="Manages every offer", compute="_compute_can_manage",
        help="Whether the current user manages every offer (and names their managers).",
    )

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _compute_session_count(self):
        counts = dict(self.env["casework.offer.session"]._read_group(
            [("offer_id", "in", self.ids)], ["offer_id"], ["__count"],
        ))
        for offer in self:
            offer.session_count = counts.get(offer._origin, 0)

    @api.depends_context("uid")
    def _compute_step_count(self):
        Step = self.env["casework.step"]
        counts = {}
        # under the user's rights: the steps they may read (none for finance)
        if self.ids and Step.has_access("read"):
            counts = dict(Step._read_group([("offer_id", "in", self.ids)], ["offer_id"], ["__count"]))
        for offer in self:
            offer.step_count = counts.get(offer._origin, 0)

    def _compute_attendance_hours(self):
        hours = {}
        if self.ids:
            # sudo: a sum of hours per offer, for the users who read the offer
            # (finance among them); it names no participant and reveals no
            # attendance line
            hours = dict(self.env["casework.attendance"].sudo()._read_group(
                [("offer_id", "in", self.ids)], ["offer_id"], ["hours:sum"],
            ))
        for offer in self:
            offer.attendance_hours = hours.get(offer._origin, 0.0)

    @api.depends_context("uid")
    @api.depends("manager_ids")
    def _compute_can_manage(self):
        manages_all = self.env.user.has_group("casework_offers.group_casework_offer_manager")
        for offer in self:
            offer.can_manage = manages_all or self.env.user in offer.manager_ids
            offer.can_manage_all = manages_all

    # ------------------------------------------------------------------
    # constraints and onchanges
    # ------------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for offer in self:
            if offer.date_start and offer.date_end and offer.date_end < offer.date_start:
                raise ValidationError(self.env._(
                    "The offer %(offer)s cannot end (%(end)s) before it starts (%(start)s).",
                    offer=offer.name, end=offer.date_end, start=offer.date_start,
                ))

    @api.constrains("is_multi_operator", "operator_id", "operator_ids", "signatory_id")
    def _check_operators(self):
        for offer in self:
            if offer.is_multi_operator:
                if offer.operator_id or offer.signatory_id:
                    raise ValidationError(self.env._(
                        "The offer %(offer)s is run by several operators: its operator and signatory are chosen "
                        "at enrolment and stay empty on the offer.",
                        offer=offer.name,
                    ))
                if not offer.operator_ids:
                    raise ValidationError(self.env._(
                        "The offer %(offer)s is run by several operators: name them.", offer=offer.name,
                    ))
            elif offer.operator_ids:
                raise ValidationError(self.env._(
                    "The offer %(offer)s has one operator: list several operators only when the operator is "
                    "chosen at enrolment.",
                    offer=offer.name,
                ))

    @api.onchange("is_multi_operator")
    def _onchange_is_multi_operator(self):
        # the form follows the constraint above
        if self.is_multi_operator:
            self.operator_id = False
            self.signatory_id = False
        else:
            self.operator_ids = False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def write(self, vals):
        if "manager_ids" in vals and not self.env.su and not self.env.user.has_group(
            "casework_offers.group_casework_offer_manager"
        ):
            raise AccessError(self.env._(
                "Only heads of service, administrators and offer managers may name the managers of an offer."
            ))
        result = super().write(vals)
        if {"operator_id", "operator_ids", "is_multi_operator"} & set(vals):
            self._check_step_operators()
        return result

    def _check_step_operators(self):
        """The operators of an offer still run its positionings and steps:
        the operator of a step reads the participant's name and dates, so an
        offer that people were positioned on keeps their operators (another
        operator would read nothing of them, the former one would keep
        reading them).

        :raise ValidationError: naming the offer and the operators, otherwise
        """
        # sudo: the operators (organisations) of the offers' steps, grouped; no step is read
        groups = self.env["casework.step"].sudo().with_context(active_test=False)._read_group(
            [("offer_id", "in", self.ids)], ["offer_id", "operator_id"],
        )
        for offer, operator in groups:
            offer = offer.with_env(self.env)
            if offer.is_multi_operator:
                kept = bool(operator) and operator in offer.sudo().operator_ids
            else:
                kept = operator == offer.sudo().operator_id
            if not kept:
                raise ValidationError(self.env._(
                    "People were positioned on the offer %(offer)s with the operator %(operator)s: its operators "
                    "cannot change. Deactivate the offer and create another one.",
                    offer=offer.name, operator=operator.name or "-",
                ))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """An offer someone was positioned on is kept (its steps tell the
        person's history): archive it instead."""
        # sudo: whether steps exist, counted per offer; no step is read
        used = dict(self.env["casework.step"].sudo().with_context(active_test=False)._read_group(
            [("offer_id", "in", self.ids)], ["offer_id"], ["__count"],
        ))
        for offer, count in used.items():
            raise UserError(self.env._(
                "The offer %(offer)s cannot be deleted: %(count)s positionings or steps refer to it. "
                "Deactivate it instead.",
                offer=offer.name, count=count,
            ))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_deactivate(self):
        """Deactivate the offers (the button of the form; the daily job does
        it past their end date): they can no longer be proposed, their steps
        stay. Under the user's rights: only the offers' managers may.

        :return: True
        """
        self.write({"active": False})
        return True

    def action_open_sessions(self):
        """Open the offer's sessions (their seats, attendance and sheets).

        :return: an ``ir.actions.act_window`` dict
        """
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_offers.casework_offer_session_action")
        action.update({
            "name": self.env._("Sessions of %(offer)s", offer=self.name),
            "domain": [("offer_id", "=", self.id)],
            "context": {"default_offer_id": self.id},
        })
        return action

    def action_open_steps(self):
        """Open the positionings and steps on the offer that the user may
        read (the dossier's scope, or the operator's own steps), by state
        (présence en étape).

        :return: an ``ir.actions.act_window`` dict
        """
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_offers.casework_step_action_offer")
        action.update({
            "name": self.env._("Enrolments on %(offer)s", offer=self.name),
            "domain": [("offer_id", "=", self.id)],
            "context": {"default_offer_id": self.id, "search_default_group_state": 1},
        })
        return action

    def action_propose(self, beneficiary_id=None):
        """Propose the offer to a dossier in one click: create a positioning
        (a ``casework.step`` in state positioning) of the dossier on the
        offer, planned over the offer's dates from today on, with the
        offer's operator. On an offer run by several operators, the
        positioning's form opens filled in, for the counsellor to choose the
        operator and save it. On an offer managed by sessions, the
        positioning takes a seat in the next session with a free seat,
        planned over its dates (the counsellor may change it on the
        positioning). Seed: i-milo, proposing an offer from the dossier;
        VIESION, "positionnement".

        :param beneficiary_id: id of the ``casework.beneficiary``; by default
            the ``casework_propose_beneficiary_id`` key of the context (the
            button of the offers opened from the dossier). It only says which
            dossier: the user must be allowed to change it.
        :return: an ``ir.actions.act_window`` dict opening the positioning
            (or the form of the new positioning, on a multi-operator offer)
        :raise AccessError: when the user may not change the dossier
        :raise UserError: when the offer is inactive, has ended, has no
            upcoming session with a free seat (offer managed by sessions), or
            the dossier is already positioned on it
        """
        self.ensure_one()
        beneficiary_id = beneficiary_id or self.env.context.get("casework_propose_beneficiary_id")
        if not beneficiary_id:
            raise UserError(self.env._("Open the offers from a dossier to propose one."))
        dossier = self.env["casework.beneficiary"].browse(int(beneficiary_id))
        dossier.check_access("write")
        today = casework_today(self.env)
        if not self.active:
            raise UserError(self.env._(
                "The offer %(offer)s is no longer active: it cannot be proposed.", offer=self.name,
            ))
        if self.date_end < today:
            raise UserError(self.env._(
                "The offer %(offer)s ended on %(end)s: it can no longer be proposed.",
                offer=self.name, end=self.date_end,
            ))
        if self.env["casework.step"].search_count(Domain([
            ("beneficiary_id", "=", dossier.id), ("offer_id", "=", self.id), ("state", "in", OPEN_STEP_STATES),
        ]), limit=1):
            raise UserError(self.env._(
                "%(dossier)s is already positioned on the offer %(offer)s.",
                dossier=dossier.display_name, offer=self.name,
            ))
        values = self._prepare_proposal_values(dossier, today)
        if self.is_multi_operator and len(self.operator_ids) > 1:
            # the counsellor chooses the operator: the positioning's form, filled in
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Positioning on %(offer)s", offer=self.name),
                "res_model": "casework.step",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
                "context": {f"default_{name}": value for name, value in values.items()},
            }
        # under the user's rights: the case rules check the dossier's scope
        step = self.env["casework.step"].create(values)
        return {
            "type": "ir.actions.act_window",
            "res_model": "casework.step",
            "res_id": step.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _prepare_proposal_values(self, dossier, today):
        """Values of the positioning of ``dossier`` on the offer: planned over
        the offer's dates clipped to ``today``, the offer's operator when it
        has one."""
        self.ensure_one()
        values = {
            "beneficiary_id": dossier.id,
            "offer_id": self.id,
            "state": "positioning",
            "date_planned_start": max(self.date_start, today),
            "date_planned_end": self.date_end,
        }
        if not self.is_multi_operator and self.operator_id:
            values["operator_id"] = self.operator_id.id
        elif self.is_multi_operator and len(self.operator_ids) == 1:
            values["operator_id"] = self.operator_ids.id
        if self.use_sessions:
            session = self._next_free_session()
            if not session:
                raise UserError(self.env._(
                    "The offer %(offer)s is managed by sessions and none of its coming sessions has a free seat: "
                    "add a session or propose another offer.",
                    offer=self.name,
                ))
            tz = casework_tz(self.env)
            start, end = (
                pytz.utc.localize(moment).astimezone(tz).date() for moment in (session.date_start, session.date_end)
            )
            values.update({
                "session_id": session.id,
                "date_planned_start": max(start, today),
                "date_planned_end": max(end, today),
            })
        return values

    def _next_free_session(self):
        """The offer's next session (not started yet) with a free seat, or
        an empty recordset."""
        self.ensure_one()
        sessions = self.env["casework.offer.session"].search(
            [("offer_id", "=", self.id), ("date_start", ">=", fields.Datetime.now())], order="date_start, id",
        )
        return next((session for session in sessions if not session.capacity or session.seats_left), sessions.browse())

    @api.model
    def _cron_deactivate_past_offers(self):
        """Daily job: deactivate the active offers whose end date has passed
        (the Casework day). Their steps stay; they can no longer be proposed.

        :return: the number of offers deactivated
        """
        offers = self.search([("date_end", "<", casework_today(self.env))])
        offers.write({"active": False})
        return len(offers)
