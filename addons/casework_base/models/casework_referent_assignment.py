from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from ..tools.dates import casework_today


class CaseworkReferentAssignment(models.Model):
    """A user assigned to a dossier as référent de parcours (lead) or
    référent d'étape (temporary, always with an end date).

    The active file (file active) of a user is their current assignments.
    A référent reads a dossier only while one of their assignments is
    current: from ``date_start`` to ``date_end`` included.

    Who may do what:

    * the secretariat creates assignments, réorientations and référents
      d'étape, and is the only one who may cancel an exit (clear or postpone
      an end date);
    * a référent exits a dossier from their active file by setting an end
      date on their own assignment (default: last day of the month).
    """

    _name = "casework.referent.assignment"
    _description = "Referent assignment"
    _inherit = ["casework.case.mixin", "mail.thread"]
    _order = "date_start desc, id desc"
    _rec_name = "user_id"

    beneficiary_id = fields.Many2one(tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Referent",
        required=True,
        index=True,
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("casework_base.group_casework_referent").ids), ("share", "=", False),
        ],
    )
    role = fields.Selection(
        [("parcours", "Référent de parcours"), ("etape", "Référent d'étape")],
        required=True,
        default="parcours",
        tracking=True,
    )
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="End", tracking=True, help="Last day of access to the dossier.")
    program_ids = fields.Many2many("casework.program", string="Programmes")
    structure_id = fields.Many2one(related="user_id.casework_structure_id", string="Structure")
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", search="_search_is_current")
    # asked when a réorientation is entered, never stored (see create)
    handover_tasks = fields.Boolean(
        string="Hand over the open tasks", store=False, default=True,
        help="Réorientation starting today or earlier: the former référent's open tasks on the dossier are "
        "assigned to the new référent.",
    )
    end_reason = fields.Selection(
        [("exit", "Exit of the active file"), ("reorientation", "Réorientation")],
        readonly=True,
        tracking=True,
    )

    _dates_check = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "The end of an assignment cannot be before its start.",
    )
    _user_current_idx = models.Index("(user_id, date_start, date_end)")

    @api.depends_context("allowed_company_ids")
    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = casework_today(self.env)
        for assignment in self:
            assignment.is_current = assignment._is_current_on(today)

    def _search_is_current(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = casework_today(self.env)
        domain = Domain("date_start", "<=", today) & (Domain("date_end", "=", False) | Domain("date_end", ">=", today))
        positive = True in value
        return domain if (operator == "in") == positive else ~domain

    def _is_current_on(self, day):
        self.ensure_one()
        return self.date_start <= day and (not self.date_end or self.date_end >= day)

    @api.model
    def _default_exit_date(self):
        """Seed convention: an exit is dated on the last day of the current month."""
        today = casework_today(self.env)
        return today + relativedelta(day=31)

    @api.constrains("role", "date_end")
    def _check_stage_end(self):
        for assignment in self:
            if assignment.role == "etape" and not assignment.date_end:
                raise ValidationError(self.env._("A référent d'étape needs an end date."))

    @api.constrains("user_id")
    def _check_user_is_referent(self):
        """Only an active user of the référent group (which the secretariat,
        heads of service and administrators imply) can be assigned, whoever
        assigns them (the form, the daily feed, code).

        :raise ValidationError: naming the user
        """
        # sudo: the assigned users' groups and state; the message names the user only
        for user in self.sudo().user_id:
            if not user.active or user.share or not user.has_group("casework_base.group_casework_referent"):
                raise ValidationError(self.env._(
                    "%(user)s is not a référent: only an active user with the role Referent (or Secretariat, Head "
                    "of service) can be assigned to a dossier.", user=user.name,
                ))

    @api.constrains("beneficiary_id", "role", "date_start", "date_end", "program_ids")
    def _check_overlap(self):
        parcours = self.filtered(lambda a: a.role == "parcours")
        # the référents de parcours of the dossiers concerned, in one query
        candidates = defaultdict(lambda: self.browse())
        if parcours:
            for other in self.search(
                [("beneficiary_id", "in", parcours.beneficiary_id.ids), ("role", "=", "parcours")]
            ):
                candidates[other.beneficiary_id.id] |= other
        for assignment in parcours:
            for other in assignment._overlapping_parcours(candidates[assignment.beneficiary_id.id]):
                raise ValidationError(
                    self.env._(
                        "%(dossier)s already has %(user)s as référent de parcours from %(start)s to %(end)s: "
                        "two référents de parcours cannot overlap.",
                        dossier=assignment.beneficiary_id.display_name,
                        user=other.user_id.name,
                        start=format_date(self.env, other.date_start),
                        end=format_date(self.env, other.date_end) if other.date_end else self.env._("no end"),
                    )
                )

    def _overlapping_parcours(self, candidates=None):
        """Other référent de parcours assignments of the same dossier whose
        periods overlap this one (sharing only a boundary day is allowed, as a
        réorientation ends the previous assignment on the day the new one starts).

        :param candidates: the référents de parcours of the dossier, when
            already read (else searched)"""
        self.ensure_one()
        if candidates is None:
            candidates = self.search([("beneficiary_id", "=", self.beneficiary_id.id), ("role", "=", "parcours")])
        others = candidates - self
        far = fields.Date.to_date("9999-12-31")
        mine_end = self.date_end or far
        result = self.browse()
        for other in others:
            if self.program_ids and other.program_ids and not (self.program_ids & other.program_ids):
                continue
            other_end = other.date_end or far
            if self.date_start < other_end and other.date_start < mine_end:
                result |= other
        return result

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        handovers = [self._casework_handover_options(vals) for vals in vals_list]
        if not self.env.su:
            self._check_create_rights(vals_list)
        self._end_previous_parcours([vals for vals in vals_list if vals.get("role", "parcours") == "parcours"])
        assignments = super().create(vals_list)
        for assignment, options in zip(assignments, handovers, strict=True):
            assignment._casework_hand_over(**options)
        # a réorientation dated in the past ends the previous référent's access now
        assignments.beneficiary_id._casework_unsubscribe_lost_followers()
        return assignments

    @api.model
    def _casework_handover_options(self, vals):
        """Take out of ``vals`` (values of a new assignment) what a
        réorientation hands over to the new référent (fields never stored).

        :return: dict of keyword arguments of :meth:`_casework_hand_over`
        """
        return {"tasks": vals.pop("handover_tasks", True)}

    def _casework_hand_over(self, tasks=True, **options):
        """A réorientation (``self``, one new référent de parcours starting
        today or earlier): hand over what the référents it replaces had in
        the dossier -- their open tasks on it when ``tasks`` (the meeting
        activities of appointments follow their appointment: the appointments'
        addon). Called once the creation is allowed (``_check_create_rights``)
        and the previous référents ended.

        :return: the former référents (``res.users``), possibly empty
        """
        self.ensure_one()
        if self.role != "parcours" or self.date_start > casework_today(self.env):
            return self.env["res.users"]
        previous = self.search([
            ("beneficiary_id", "=", self.beneficiary_id.id), ("role", "=", "parcours"), ("id", "!=", self.id),
            ("end_reason", "=", "reorientation"), ("date_end", "=", self.date_start),
        ])
        former = previous.user_id - self.user_id
        if former and tasks:
            self.env["mail.activity"].search([
                ("res_model", "=", "casework.beneficiary"), ("res_id", "=", self.beneficiary_id.id),
                ("user_id", "in", former.ids), ("calendar_event_id", "=", False),
            ]).write({"user_id": self.user_id.id})
        return former

    @api.model
    def _check_create_rights(self, vals_list):
        """Who assigns whom (checked before anything is created, so that an
        assignment never gives its creator the access it needs):

        * the secretariat, heads of service and administrators assign anyone
          to a dossier they may already change;
        * a référent becomes the référent de parcours of a dossier they are
          creating (created by them in this very transaction, with no
          assignment yet); every other assignment is the secretariat's.

        :raise AccessError: otherwise
        """
        Dossier = self.env["casework.beneficiary"]
        dossiers = Dossier.browse({vals.get("beneficiary_id") for vals in vals_list if vals.get("beneficiary_id")})
        if "secretariat" in Dossier._casework_roles() or "admin" in Dossier._casework_roles():
            try:
                dossiers.check_access("write")
            except AccessError:
                raise AccessError(self.env._("You may only assign referents to the dossiers you may change.")) from None
            return
        now = self.env.cr.now()
        for vals in vals_list:
            # sudo: who created the dossier and when, and whether it has assignments: compared, never shown
            dossier = Dossier.browse(vals.get("beneficiary_id")).sudo()
            being_created = dossier.exists() and dossier.create_uid.id == self.env.uid and dossier.create_date == now
            if (
                vals.get("user_id") != self.env.uid
                or vals.get("role", "parcours") != "parcours"
                or not being_created
                or dossier.with_context(active_test=False).assignment_ids
            ):
                raise AccessError(self.env._("Only the secretariat can assign referents to a dossier."))

    @api.model
    def _end_previous_parcours(self, vals_list):
        """Réorientation: a new référent de parcours (each of ``vals_list``,
        in order) ends the current one of the same programme on the day the
        new one starts. One query for all, one write per end date.

        A dossier has one référent de parcours per programme (dispositif),
        as in the seed's "accompagnements concernés" of an assignment: a
        référent de parcours of another programme stays, side by side
        (the same rule as :meth:`_overlapping_parcours`). An assignment
        without programme stands for the whole dossier: it ends, and is
        ended by, every other one.

        :param vals_list: values of the new assignments (``program_ids`` as
            ORM commands)
        """
        if not vals_list:
            return
        today = casework_today(self.env)
        previous = self.search([
            ("beneficiary_id", "in", list({vals.get("beneficiary_id") for vals in vals_list})),
            ("role", "=", "parcours"),
        ])
        by_dossier = defaultdict(list)
        for assignment in previous:
            by_dossier[assignment.beneficiary_id.id].append(assignment)
        ends = {assignment: assignment.date_end for assignment in previous}
        ended = {}
        for vals in vals_list:
            start = fields.Date.to_date(vals.get("date_start")) or today
            programs = self.new({"program_ids": vals.get("program_ids") or []}).program_ids._origin
            for assignment in by_dossier[vals.get("beneficiary_id")]:
                if programs and assignment.program_ids and not (programs & assignment.program_ids):
                    continue
                # one who started today, replaced today (a référent corrected on the day): ends today too
                same_day = assignment.date_start == start == today
                if (assignment.date_start < start or same_day) and (not ends[assignment] or ends[assignment] > start):
                    ends[assignment] = ended[assignment] = start
        by_end = defaultdict(lambda: self.browse())
        for assignment, end in ended.items():
            by_end[end] |= assignment
        for end, assignments in by_end.items():
            # sudo: the réorientation ends the previous référent's assignment (system fields), after the secretariat's
            # check in create
            assignments.sudo().write({"date_end": end, "end_reason": "reorientation"})

    def write(self, vals):
        if not self.env.su:
            self._check_write_rights(vals)
        result = super().write(vals)
        if "date_end" in vals and "end_reason" not in vals:
            # the reason is the system's (a réorientation gives its own)
            self.sudo().write({"end_reason": "exit" if vals["date_end"] else False})
        if {"date_end", "date_start", "user_id"} & set(vals):
            # an exit dated in the past ends the access now (later ones: the daily job)
            self.beneficiary_id._casework_unsubscribe_lost_followers()
        return result

    def _check_write_rights(self, vals):
        """The secretariat, heads of service and administrators change the
        assignments of the dossiers they may change (record rules). A référent
        only exits a dossier: sets an end date on one of their own open
        assignments, or brings their own end date forward. Cancelling or
        postponing an exit, changing who, what or since when, or ending a
        colleague's assignment is the secretariat's.

        :raise AccessError: when the change is not the user's to make
        """
        roles = self.env["casework.beneficiary"]._casework_roles()
        if "secretariat" in roles or "admin" in roles:
            return
        if set(vals) - {"date_end"}:
            raise AccessError(
                self.env._("Only the secretariat can change a referent assignment, apart from its end date.")
            )
        if any(assignment.user_id != self.env.user for assignment in self):
            raise AccessError(
                self.env._("You can only end your own assignments; ask the secretariat to end a colleague's.")
            )
        new_end = fields.Date.to_date(vals.get("date_end"))
        for assignment in self:
            if not new_end or (assignment.date_end and new_end > assignment.date_end):
                raise AccessError(
                    self.env._("Only the secretariat can cancel or postpone an exit from the active file.")
                )

    def action_open_exit_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exit of the active file"),
            "res_model": "casework.assignment.exit",
            "view_mode": "form",
            "target": "new",
            "context": {"default_assignment_ids": self.ids},
        }

    def action_exit(self, date_end=None):
        """Exit these assignments' dossiers from the active file on ``date_end``
        (default: the last day of the current month)."""
        date_end = fields.Date.to_date(date_end) or self._default_exit_date()
        for assignment in self:
            if date_end < assignment.date_start:
                raise ValidationError(
                    self.env._("The exit date %(end)s is before the start of the assignment (%(start)s).",
                      end=date_end, start=assignment.date_start)
                )
        self.write({"date_end": date_end})
        return True

    def action_cancel_exit(self):
        """Reopen the assignments: for the secretariat only (enforced by write)."""
        self.write({"date_end": False})
        return True
