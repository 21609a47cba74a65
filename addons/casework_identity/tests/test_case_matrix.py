
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_case_matrix import CaseMatrixCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCaseMatrix(CaseMatrixCommon):
    _matrix_modules = ("casework_identity",)

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
            "casework.beneficiary.identifier": {
                "record": lambda dossier: env["casework.beneficiary.identifier"].create({
                    "beneficiary_id": dossier.id, "type_id": ref("casework_identity.identifier_type_caf").id,
                    "value": f"12345{dossier.id}"}),
                "create": lambda dossier: {"beneficiary_id": dossier.id,
                                           "type_id": ref("casework_identity.identifier_type_msa").id,
                                           "value": "998877"},
                "write": {"value": "7654321"},
            },
        }
