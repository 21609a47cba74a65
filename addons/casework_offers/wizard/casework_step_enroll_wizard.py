from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.casework_base.tools.dates import casework_today

from ..models.casework_step import OPEN_STATES, local_date


class CaseworkStepEnrollWizard(models.TransientModel):
    """Batch enrolment: an offer manager enrols a selection of dossiers on an
    offer (and a session) in one action, as positionings or as steps.

    Who: the offer's managers (offer managers, heads of service,
    administrators, and the users named on the offer). Which dossiers: those
    the user may change (the dossiers given, ``active_ids`` of the list
    included, are client input, checked by ``casework.dossier.wizard.mixin``;
    the steps are created under the user's rights, the case rules check them
    again): a referent's active file, the territories of a secretary or a
    head of service. Dossiers already on the offer (a positioning or a step
    in progress) are skipped, and the result says how many. The steps are
    created in one ``create()``: the number of queries does not grow with
    the number of dossiers.
    """

    _name = "casework.step.enroll.wizard"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Enrol dossiers on an offer"
    _casework_dossier_fields = ("beneficiary_ids",)

    beneficiary_ids = fields.Many2many(
        "casework.beneficiary", "casework_step_enroll_wizard_beneficiary_rel", "wizard_id", "beneficiary_id",
        string="Dossiers", required=True,
        default=lambda self: self._default_beneficiary_ids(),
    )
    offer_id = fields.Many2one("casework.offer", required=True, domain=[("active", "=", True)])
    use_sessions = fields.Boolean(related="offer_id.use_sessions")
    is_multi_operator = fields.Boolean(related="offer_id.is_multi_operator")
    offer_operator_ids = fields.Many2many(related="offer_id.operator_ids", string="Operators of the offer")
    session_id = fields.Many2one("casework.offer.session", domain="[('offer_id', '=', offer_id)]")
    operator_id = fields.Many2one(
        "res.partner", domain="[('id', 'in', offer_operator_ids)]",
        help="On an offer whose operator is chosen at enrolment: the operator of every step created.",
    )
    date_planned_start = fields.Date(
        string="Planned start", compute="_compute_planned_dates", store=True, readonly=False, required=True,
        precompute=True,
    )
    date_planned_end = fields.Date(
        string="Planned end", compute="_compute_planned_dates", store=True, readonly=False, required=True,
        precompute=True,
    )
    state = fields.Selection(
        [("positioning", "Positionings"), ("step", "Steps in progress")], string="Enrol as", required=True,
        default="positioning",
    )
    date_start = fields.Date(
        string="Actual start", default=lambda self: casework_today(self.env),
        help="For steps in progress: their actual start.",
    )

    @api.model
    def _default_beneficiary_ids(self):
        if self.env.context.get("active_model") == "casework.beneficiary":
            # client input: checked with the other default values (casework.dossier.wizard.mixin.default_get)
            return [(6, 0, [rid for rid in self.env.context.get("active_ids") or [] if isinstance(rid, int)])]
        return False

    @api.depends("offer_id", "session_id")
    def _compute_planned_dates(self):
        today = casework_today(self.env)
        for wizard in self:
            if wizard.session_id:
                wizard.date_planned_start = local_date(self.env, wizard.session_id.date_start)
                wizard.date_planned_end = local_date(self.env, wizard.session_id.date_end)
            elif wizard.offer_id:
                wizard.date_planned_start = max(wizard.offer_id.date_start, today)
                wizard.date_planned_end = wizard.offer_id.date_end
            else:
                wizard.date_planned_start = wizard.date_planned_start
                wizard.date_planned_end = wizard.date_planned_end

    @api.onchange("offer_id")
    def _onchange_offer_id(self):
        if self.session_id.offer_id != self.offer_id:
            self.session_id = False
        if self.operator_id not in self.offer_id.operator_ids:
            self.operator_id = False

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    @api.model
    def _check_offer_manager(self, offer):
        """Only the offer's managers enrol in batch: offer managers (heads of
        service and administrators are), or a user named on the offer.

        :raise AccessError: otherwise
        """
        if self.env.su or self.env.user.has_group("casework_offers.group_casework_offer_manager"):
            return
        if self.env.user not in offer.manager_ids:
            raise AccessError(self.env._("Only the managers of the offer %(offer)s can enrol dossiers on it.",
                                         offer=offer.name))

    @api.model_create_multi
    def create(self, vals_list):
        Offer = self.env["casework.offer"]
        for vals in vals_list:
            if vals.get("offer_id"):
                self._check_offer_manager(Offer.browse(vals["offer_id"]))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("offer_id"):
            self._check_offer_manager(self.env["casework.offer"].browse(vals["offer_id"]))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------

    def _step_vals(self, dossier):
        """Values of the step enrolling ``dossier``."""
        vals = {
            "beneficiary_id": dossier.id,
            "offer_id": self.offer_id.id,
            "session_id": self.session_id.id,
            "date_planned_start": self.date_planned_start,
            "date_planned_end": self.date_planned_end,
            "state": self.state,
        }
        if self.offer_id.is_multi_operator:
            vals["operator_id"] = self.operator_id.id
        if self.state == "step":
            vals["date_start"] = self.date_start or casework_today(self.env)
        return vals

    def action_enroll(self):
        """Create the steps of the selected dossiers in one ``create()``,
        skipping those already on the offer (a positioning or a step in
        progress), and say what was done.

        :return: a notification (how many enrolled, which dossiers were
            skipped), then the list of the steps created
        :raise AccessError: for a user who does not manage the offer, or a
            dossier the user may not change
        :raise UserError: on the steps' rules (inactive offer, full session,
            operator, dates...)
        """
        self.ensure_one()
        offer = self.offer_id
        self._check_offer_manager(offer)
        self._casework_check_dossier_scope()
        dossiers = self.beneficiary_ids
        if not dossiers:
            raise UserError(self.env._("Select the dossiers to enrol."))
        Step = self.env["casework.step"]
        # sudo: which of the selected dossiers (checked above) already have an open step on the offer: dossier ids only
        taken = Step.sudo().search_fetch([
            ("offer_id", "=", offer.id), ("beneficiary_id", "in", dossiers.ids), ("state", "in", OPEN_STATES),
        ], ["beneficiary_id"]).beneficiary_id
        skipped = dossiers & taken.with_env(self.env)
        to_enrol = dossiers - skipped
        steps = Step.create([self._step_vals(dossier) for dossier in to_enrol])
        if skipped:
            message = self.env._(
                "%(count)s dossiers enrolled on %(offer)s; %(skipped)s skipped, already on the offer: %(names)s.",
                count=len(steps), offer=offer.name, skipped=len(skipped),
                names=", ".join(skipped[:10].mapped("display_name")) + ("…" if len(skipped) > 10 else ""),
            )
        else:
            message = self.env._("%(count)s dossiers enrolled on %(offer)s.", count=len(steps), offer=offer.name)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Batch enrolment"),
                "message": message,
                "type": "warning" if skipped else "success",
                "sticky": bool(skipped),
                "next": {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Enrolments on %(offer)s", offer=offer.name),
                    "res_model": "casework.step",
                    "view_mode": "list,form",
                    "views": [(False, "list"), (False, "form")],
                    "domain": [("offer_id", "=", offer.id), ("state", "in", OPEN_STATES)],
                },
            },
        }
