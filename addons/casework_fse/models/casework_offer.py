import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# "FSE 2026 Accompagnateurs emploi", "FSE 2026-2027 Accompagnateurs emploi"
FSE_NAME_RE = re.compile(r"^FSE (\d{4})(?:-(\d{4}))? +\S")


class CaseworkOffer(models.Model):
    """Offers funded by conventions, and the FSE operations: the offers of
    the FSE classification, named by year ("FSE 2026 …" for an operation of
    one year, "FSE 2026-2027 …" over two), whose steps carry the entry and
    exit questionnaires."""

    _inherit = "casework.offer"

    convention_ids = fields.Many2many(
        "casework.convention", "casework_convention_offer_rel", "offer_id", "convention_id",
        string="Conventions", readonly=True,
        groups="casework_base.group_casework_referent,casework_base.group_casework_fse,"
        "casework_base.group_casework_finance",
        help="The funding conventions of this offer (set on the conventions).",
    )
    is_funded = fields.Boolean(
        string="Funded", compute="_compute_is_funded",
        help="Whether an active convention funds this offer: its steps are attached to one.",
    )
    is_fse_operation = fields.Boolean(
        string="FSE operation", related="classification_id.is_fse", store=True, index=True,
    )
    fse_entry_survey_id = fields.Many2one(
        "survey.survey", string="Entry questionnaire", ondelete="restrict",
        domain=[("survey_type", "=", "casework_fse"), ("casework_fse_moment", "=", "entry")],
        default=lambda self: self.env.ref("casework_fse.survey_fse_entry", raise_if_not_found=False),
    )
    fse_exit_survey_id = fields.Many2one(
        "survey.survey", string="Exit questionnaire", ondelete="restrict",
        domain=[("survey_type", "=", "casework_fse"), ("casework_fse_moment", "=", "exit")],
        default=lambda self: self.env.ref("casework_fse.survey_fse_exit", raise_if_not_found=False),
    )

    fse_participant_count = fields.Integer(
        string="Participants", compute="_compute_fse_counts",
        help="The steps on this FSE operation that you may read (withdrawn positionings aside).",
    )
    fse_missing_count = fields.Integer(
        string="Questionnaires missing", compute="_compute_fse_counts",
        help="Entry questionnaires not filled in, and exit questionnaires of ended steps not filled in, among "
        "the steps you may read.",
    )

    @api.depends_context("uid")
    def _compute_fse_counts(self):
        Step = self.env["casework.step"]
        steps = Step.browse()
        user = self.env.user
        # under the user's rights: the participants they may read (their questionnaires too)
        if self.ids and Step.has_access("read") and (
            user.has_group("casework_base.group_casework_referent")
            or user.has_group("casework_base.group_casework_fse")
        ):
            steps = Step.search([
                ("offer_id", "in", self.filtered("is_fse_operation").ids), ("state", "!=", "cancelled"),
            ])
        open_states = ("missing", "in_progress")
        for offer in self:
            own = steps.filtered(lambda step, offer=offer: step.offer_id == offer._origin)
            offer.fse_participant_count = len(own)
            offer.fse_missing_count = sum(
                (step.fse_entry_state in open_states) + (step.fse_exit_state in open_states) for step in own
            )

    def action_open_fse_participants(self):
        """The participants of the FSE operation (its steps the user may
        read) with the state of their questionnaires, to export.

        :return: an action dictionary
        """
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Participants of %(operation)s", operation=self.name),
            "res_model": "casework.step",
            "view_mode": "list,form",
            "views": [(self.env.ref("casework_fse.casework_step_view_list_fse").id, "list"), (False, "form")],
            "domain": [("offer_id", "=", self.id), ("state", "!=", "cancelled")],
            "context": {"default_offer_id": self.id},
        }

    def action_export_fse_indicators(self):
        """Export the participant indicators of the FSE operations as an XLSX
        workbook (one row per participant step the user may read, one column
        per question of the entry then exit questionnaires): see the report
        model ``report.casework_fse.operation_indicators_xlsx``.

        :return: the report's action (the browser downloads the file)
        :raise AccessError: when the user is neither a referent nor an FSE
            manager, or an offer is not an FSE operation
        """
        self._check_fse_export()
        return self.env.ref("casework_fse.operation_indicators_xlsx").report_action(self)

    def _check_fse_export(self):
        """Refuse the export of the participant indicators to users other
        than referents and FSE managers (finance and operators never read
        the questionnaires), and for offers the user may not read or that
        are not FSE operations.

        :raise AccessError: when refused
        """
        user = self.env.user
        if not (user.has_group("casework_base.group_casework_referent")
                or user.has_group("casework_base.group_casework_fse")):
            raise AccessError(self.env._("Only referents and FSE managers export the FSE participant indicators."))
        self.check_access("read")
        if self.filtered(lambda offer: not offer.is_fse_operation):
            raise AccessError(self.env._("The participant indicators are exported for FSE operations only."))

    def _compute_is_funded(self):
        # sudo: whether an active convention funds the offer (yes or no), for every reader of the offer
        funded = self.env["casework.convention"].sudo().search([("offer_ids", "in", self.ids)]).offer_ids
        for offer in self:
            offer.is_funded = offer._origin in funded

    @api.constrains("name", "classification_id", "date_start", "date_end")
    def _check_fse_name(self):
        """An FSE operation is named "FSE <year> …" or "FSE <first year>-<last
        year> …", the years of its start and end dates."""
        for offer in self.filtered("is_fse_operation"):
            match = FSE_NAME_RE.match(offer.name or "")
            first, last = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (None, None)
            if not match or first != offer.date_start.year or last != offer.date_end.year:
                expected = (
                    f"FSE {offer.date_start.year}" if offer.date_start.year == offer.date_end.year
                    else f"FSE {offer.date_start.year}-{offer.date_end.year}"
                )
                raise ValidationError(self.env._(
                    "An FSE operation is named by the years it covers: “%(name)s” should start with “%(expected)s” "
                    "followed by its title.",
                    name=offer.name, expected=expected,
                ))

    @api.constrains("date_start", "date_end", "classification_id")
    def _check_fse_steps_within(self):
        """The steps of an FSE operation stay within its dates when they change."""
        # sudo: the operation's steps, their dates compared with the offer's (named by the offer only)
        self.env["casework.step"].sudo().search([
            ("offer_id", "in", self.filtered("is_fse_operation").ids), ("state", "!=", "cancelled"),
        ])._check_fse_dates()
