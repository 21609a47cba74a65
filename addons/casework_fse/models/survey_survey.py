from odoo import fields, models

FSE_MOMENTS = [("entry", "Entry"), ("exit", "Exit")]


class SurveySurvey(models.Model):
    """The FSE questionnaires: surveys of their own type, so that the
    survey module's officers and managers do not read their answers (its
    rules cover the other types only); Casework's rules give them to the
    steps' scope (``security/casework_fse_survey_rules.xml``)."""

    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[("casework_fse", "FSE questionnaire")], ondelete={"casework_fse": "set default"},
    )
    casework_fse_moment = fields.Selection(
        FSE_MOMENTS, string="FSE moment", help="Whether this FSE questionnaire is filled in at entry or at exit.",
    )
