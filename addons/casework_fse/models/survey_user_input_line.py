from odoo import api, models
from odoo.exceptions import AccessError


class SurveyUserInputLine(models.Model):
    """An answer of an FSE questionnaire: it follows its questionnaire (the
    global rules of ``security/casework_fse_survey_rules.xml``), and the
    answers of an imported questionnaire are read-only. An answer of a
    step's questionnaire never moves to another questionnaire."""

    _inherit = "survey.user_input.line"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["survey.user_input"].browse(
                {vals["user_input_id"] for vals in vals_list if vals.get("user_input_id")}
            )._check_not_imported()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self.user_input_id._check_not_imported()
            if {"user_input_id", "survey_id"} & set(vals):
                targets = self.user_input_id | self.env["survey.user_input"].browse(vals.get("user_input_id") or [])
                # sudo: whether the questionnaires involved belong to a step; an answer of a step stays in
                # its questionnaire, and its survey is the questionnaire's
                if targets.sudo().filtered("casework_step_id"):
                    raise AccessError(self.env._(
                        "The answers of an FSE questionnaire are kept by Casework in their questionnaire.",
                    ))
            if vals.get("user_input_id"):
                self.env["survey.user_input"].browse(vals["user_input_id"])._check_not_imported()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_imported(self):
        if not self.env.su:
            self.user_input_id._check_not_imported()
