from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.casework_base.models.casework_case_mixin import SCOPE_MODES

# kept by the system: the step's dossier and the survey's moment (related fields, whose
# inverse would write the step or the survey)
SYSTEM_FIELDS = {"beneficiary_id", "casework_moment"}
# kept by the system on an answer of a step: Casework opens it for the user filling it in
STEP_FIELDS = {"survey_id", "partner_id"}


class SurveyUserInput(models.Model):
    """An FSE questionnaire of a step (``casework_step_id``, its dossier
    ``beneficiary_id``, named so that the kernel treats it as a case record:
    its followers are cleaned up with the dossier's scope): the answers describe the person of
    the step's dossier, so they follow the dossier's scope (the global rules
    of ``security/casework_fse_survey_rules.xml`` on ``casework_scope``):
    read by whoever reads the step, filled in by the step's referents and
    the FSE managers of its territory. Finance and operators never read
    them.

    The answer's ``partner_id`` is the user filling it in (the survey's
    pages open an answer for its own partner), never the person of the
    dossier. An answer imported from the former tool (``casework_imported``)
    is read-only. The step, its dossier, the moment and the import flag are
    kept by the system, and so are the survey and the user filling in an
    answer of a step (Casework opens it for them): rewriting them would move
    one person's answers into another dossier.
    """

    _inherit = "survey.user_input"

    casework_step_id = fields.Many2one(
        "casework.step", string="Step", ondelete="cascade", index="btree_not_null", readonly=True,
    )
    beneficiary_id = fields.Many2one(
        "casework.beneficiary", related="casework_step_id.beneficiary_id", store=True, index="btree_not_null",
        string="Dossier", readonly=True,
    )
    casework_moment = fields.Selection(
        related="survey_id.casework_fse_moment", store=True, string="Moment", readonly=True,
    )
    casework_imported = fields.Boolean(
        string="Imported", readonly=True, help="Taken over from the former tool: it cannot be changed.",
    )
    casework_scope = fields.Selection(
        SCOPE_MODES, string="My access", compute="_compute_casework_scope", search="_search_casework_scope",
        help="The current user's access to the questionnaire: the dossier's scope; FSE managers fill in the "
        "questionnaires they read.",
    )

    @api.depends_context("uid")
    @api.depends("beneficiary_id")
    def _compute_casework_scope(self):
        fse = self.env.user.has_group("casework_base.group_casework_fse")
        for answer in self:
            scope = answer.beneficiary_id.casework_scope
            answer.casework_scope = "write" if fse and scope == "read" else scope

    def _search_casework_scope(self, operator, value):
        if operator != "in":
            return NotImplemented
        Dossier = self.env["casework.beneficiary"]
        mode = Dossier._casework_scope_mode(value)
        if mode == "write" and self.env.user.has_group("casework_base.group_casework_fse"):
            # an FSE manager fills in the questionnaires of the dossiers they read
            return Dossier._casework_scope_domain("read", dossier="beneficiary_id", territory=(
                "beneficiary_id.territory_id")) | Dossier._casework_scope_domain(
                "write", dossier="beneficiary_id", territory="beneficiary_id.territory_id")
        return Dossier._casework_scope_domain(
            mode, dossier="beneficiary_id", territory="beneficiary_id.territory_id",
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            given = {fname for vals in vals_list for fname in vals}
            given |= {key[8:] for key in self.env.context if key.startswith("default_")}
            if "casework_imported" in given:
                raise AccessError(self.env._("Only the import of the former tool marks a questionnaire as imported."))
            if SYSTEM_FIELDS & given:
                raise AccessError(self.env._(
                    "The step, dossier, moment and import flag of an FSE questionnaire are kept by Casework.",
                ))
            Step, Survey = self.env["casework.step"], self.env["survey.survey"]
            for vals in vals_list:
                step = Step.browse(vals.get("casework_step_id", self.env.context.get("default_casework_step_id")))
                if not step:
                    continue
                if not step._can_fill_fse():
                    raise AccessError(self.env._("You may not fill in the FSE questionnaires of this step."))
                partner = vals.get("partner_id", self.env.context.get("default_partner_id"))
                if partner and partner != self.env.user.partner_id.id:
                    raise AccessError(self.env._(
                        "The survey and the user filling in an FSE questionnaire are kept by Casework.",
                    ))
                step._check_fse_survey(Survey.browse(vals.get("survey_id", self.env.context.get("default_survey_id"))))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if ({"casework_imported", "casework_step_id"} | SYSTEM_FIELDS) & set(vals):
                raise AccessError(self.env._(
                    "The step, dossier, moment and import flag of an FSE questionnaire are kept by Casework.",
                ))
            # sudo: whether the answers the user changes belong to a step
            if STEP_FIELDS & set(vals) and self.sudo().filtered("casework_step_id"):
                raise AccessError(self.env._(
                    "The survey and the user filling in an FSE questionnaire are kept by Casework.",
                ))
            self._check_not_imported()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_imported(self):
        if not self.env.su:
            self._check_not_imported()

    def _check_not_imported(self):
        """Refuse to change the questionnaires imported from the former tool.

        :raise UserError: when one of them was imported
        """
        # sudo: the import flag of answers the user is changing
        if self.sudo().filtered("casework_imported"):
            raise UserError(self.env._(
                "This FSE questionnaire was imported from the former tool: it cannot be changed.",
            ))
