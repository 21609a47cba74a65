from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_case_matrix import CaseMatrixCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCaseMatrix(CaseMatrixCommon):
    _matrix_modules = ("casework_dossier",)

    def _case_samples(self):
        env = self.env
        ref = env.ref

        def content(model, vals):
            return {
                "record": lambda dossier: env[model].create({"beneficiary_id": dossier.id, **vals}),
                "create": lambda dossier: {"beneficiary_id": dossier.id, **vals},
                "write": {},
            }

        return {
            "casework.dossier.section.state": {
                "record": lambda dossier: dossier.section_state_ids[:1],
                "create": None,
                "write": None,
                "unlink": False,
            },
            "casework.personal.situation": content("casework.personal.situation", {"family_situation": "single"}),
            "casework.mobility": content("casework.mobility", {"vehicle": "car"}),
            "casework.education": content("casework.education", {
                "name": "CAP", "level_id": ref("casework_dossier.education_level_3").id}),
            "casework.situation": content("casework.situation", {
                "type_id": ref("casework_dossier.situation_type_jobseeker_registered").id,
                "date_start": date(2026, 1, 1)}),
            "casework.professional.project": content("casework.professional.project", {"name": "Aide à domicile"}),
            "casework.employment.barrier": content("casework.employment.barrier", {
                "type_id": ref("casework_dossier.barrier_type_no_licence").id}),
            "casework.work.immersion": content("casework.work.immersion", {
                "company_name": "Boulangerie Martin", "date_start": date(2026, 3, 1), "date_end": date(2026, 3, 14)}),
            "casework.language.skill": content("casework.language.skill", {"language": "Anglais", "level": "a2"}),
            "casework.digital.skill": content("casework.digital.skill", {"name": "Messagerie", "level": "beginner"}),
            "casework.leisure": content("casework.leisure", {"name": "Football"}),
        }
