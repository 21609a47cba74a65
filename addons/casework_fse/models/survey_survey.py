from odoo import fields, models
from odoo.exceptions import UserError

FSE_MOMENTS = [("entry", "Entry"), ("exit", "Exit")]


class SurveySurvey(models.Model):
    """The FSE questionnaires: surveys of their own type, so that the
    survey module's officers and managers do not read their answers (its
    rules cover the other types only); Casework's rules give them to the
    steps' scope (``security/casework_fse_survey_rules.xml``).

    The type and moment of a survey that has answers of Casework's steps are
    kept: they say which questionnaire of the step the answers are.
    """

    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[("casework_fse", "FSE questionnaire")], ondelete={"casework_fse": "set default"},
    )
    casework_fse_moment = fields.Selection(
        FSE_MOMENTS, string="FSE moment", help="Whether this FSE questionnaire is filled in at entry or at exit.",
    )

    def write(self, vals):
        kept = {"survey_type", "casework_fse_moment"} & set(vals)
        if kept and not self.env.su:
            changed = self.filtered(lambda survey: any(survey[fname] != (vals[fname] or False) for fname in kept))
            # sudo: whether answers of a step exist, whoever may read them (a count, no answer's content)
            if changed and self.env["survey.user_input"].sudo().search_count(
                [("survey_id", "in", changed.ids), ("casework_step_id", "!=", False)], limit=1,
            ):
                raise UserError(self.env._(
                    "This survey already has answers in Casework's FSE questionnaires: its type and FSE moment "
                    "cannot change. Create another survey instead.",
                ))
        return super().write(vals)
