import base64

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_case_matrix import CaseMatrixCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCaseMatrix(CaseMatrixCommon):
    _matrix_modules = ("casework_followup",)

    def _case_samples(self):
        env = self.env
        pdf = base64.b64encode(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")

        def content(model, vals):
            return {
                "record": lambda dossier: env[model].create({"beneficiary_id": dossier.id, **vals}),
                "create": lambda dossier: {"beneficiary_id": dossier.id, **vals},
                "write": {},
            }

        return {
            "casework.formal.notice": {
                "record": lambda dossier: env["casework.formal.notice"].create({
                    "beneficiary_id": dossier.id, "request_motive": "Absences"}),
                "create": lambda dossier: {"beneficiary_id": dossier.id, "request_motive": "Absences répétées"},
                "write": {"request_motive": "Absences répétées aux rendez-vous"},
            },
            "casework.note": {
                "record": lambda dossier: env["casework.note"].with_user(dossier.referent_id).create({
                    "beneficiary_id": dossier.id, "name": "Suivi", "body": "<p>Point d'étape</p>"}),
                "create": lambda dossier: {"beneficiary_id": dossier.id, "name": "Nouvelle note"},
                "write": {"body": "<p>Modifiée</p>"},
                # only its author changes or deletes a note
                "writers": {"referent", "referent_south"},
            },
            "casework.document": {
                "record": lambda dossier: env["casework.document"].create({
                    "beneficiary_id": dossier.id, "name": "Attestation", "file": pdf, "file_name": "a.pdf"}),
                "create": lambda dossier: {"beneficiary_id": dossier.id, "name": "Justificatif", "file": pdf,
                                           "file_name": "j.pdf"},
                "write": {"name": "Attestation_CAF"},
            },
        }
