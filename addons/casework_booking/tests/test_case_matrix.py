from datetime import date

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_case_matrix import CaseMatrixCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestCaseMatrix(CaseMatrixCommon):
    """The invitations × every role, in and out of the dossier's scope. Their
    creation (in the user's own name, counsellors who may read the dossier)
    is tried in ``test_invitation``."""

    _matrix_modules = ("casework_booking",)

    def _case_samples(self):
        env = self.env

        def invitation(dossier):
            return env["casework.booking.invitation"].create({
                "beneficiary_id": dossier.id,
                "appointment_type_id": env.ref("casework_appointment.appointment_type_individual").id,
                "counsellor_ids": [Command.set(self.admin.ids)],
                "date_from": date(2026, 11, 16), "date_to": date(2026, 11, 30),
            })

        return {
            "casework.booking.invitation": {
                "record": invitation,
                "create": None,
                "write": {"send_email": True},
            },
        }

    def test_case_model_matrix(self):
        self._matrix()
