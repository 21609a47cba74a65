from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class CaseworkFseSurvey(Survey):
    """The FSE questionnaires' pages (fill in, print, results) open an answer
    only for a user who may read it: the answers of a step follow its
    dossier's scope (``security/casework_fse_survey_rules.xml``). Odoo's
    survey pages grant access to whoever holds the answer's token (a link
    in a browser's history, forwarded by mistake), and its print page to
    any partner: a token alone never shows a person's answers here, and no
    answer is started outside the step's "fill in" button."""

    def _check_validity(self, survey_sudo, answer_sudo, answer_token, ensure_token=True, check_partner=True):
        validity = super()._check_validity(
            survey_sudo, answer_sudo, answer_token, ensure_token=ensure_token, check_partner=check_partner)
        if validity is not True or not survey_sudo or survey_sudo.survey_type != "casework_fse":
            return validity
        if request.env.user._is_public():
            return "survey_auth"
        if not answer_sudo:
            return "token_required"
        if not answer_sudo.with_user(request.env.user).has_access("read"):
            return "answer_wrong_user"
        return True
