from datetime import date, datetime

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_case_matrix import CaseMatrixCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestCaseMatrix(CaseMatrixCommon):
    """Every case model of casework_offers × every role, in and out of the
    dossier's scope. The sample records are run by an operator that is not
    the test operator's organisation: the operator reaches none of them, as
    the kernel's matrix expects; what it reaches on its own organisation's
    offers is tried in ``test_operator_access``."""

    _matrix_modules = ("casework_offers",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        profile = [Command.create({"role": "operator"})]
        Partner = env["res.partner"]
        cls.operator.casework_operator_partner_id = Partner.create({
            "name": "Tremplin Emploi", "is_company": True, "casework_profile_ids": profile})
        other = Partner.create({"name": "Cap Formation", "is_company": True, "casework_profile_ids": profile})
        cls.matrix_offer = env["casework.offer"].create({
            "name": "Découverte des métiers du soin", "operator_id": other.id, "attendance_required": True,
            "date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31),
        })
        Session = env["casework.offer.session"]
        cls.matrix_session = Session.create({
            "name": "Séance 1", "offer_id": cls.matrix_offer.id,
            "date_start": datetime(2026, 11, 10, 8, 0), "date_end": datetime(2026, 11, 10, 12, 0),
        })
        cls.matrix_session_next = Session.create({
            "name": "Séance 2", "offer_id": cls.matrix_offer.id,
            "date_start": datetime(2026, 11, 12, 8, 0), "date_end": datetime(2026, 11, 12, 12, 0),
        })
        cls.running = {}
        for dossier in (cls.dossier_north, cls.dossier_south):
            cls.running[dossier.id] = env["casework.step"].create({
                "beneficiary_id": dossier.id, "offer_id": cls.matrix_offer.id, "operator_id": other.id, "state": "step",
                "date_planned_start": date(2026, 11, 2), "date_planned_end": date(2026, 12, 15),
                "date_start": date(2026, 11, 2),
            })

    def _case_samples(self):
        env = self.env
        offer = self.matrix_offer

        def positioning(dossier):
            return {"beneficiary_id": dossier.id, "offer_id": offer.id, "operator_id": offer.operator_id.id,
                    "date_planned_start": date(2026, 11, 20), "date_planned_end": date(2026, 12, 20)}

        return {
            "casework.step": {
                "record": lambda dossier: env["casework.step"].create(positioning(dossier)),
                "create": positioning,
                "write": {"date_planned_end": date(2026, 12, 22)},
            },
            "casework.step.objective": {
                "record": lambda dossier: env["casework.step.objective"].create({
                    "step_id": self.running[dossier.id].id, "kind": "professional", "name": "Aide-soignante"}),
                "create": lambda dossier: {"step_id": self.running[dossier.id].id, "kind": "know_how",
                                           "name": "Réaliser une toilette"},
                "write": {"is_achieved": True},
            },
            "casework.attendance": {
                "record": lambda dossier: env["casework.attendance"].create({
                    "session_id": self.matrix_session.id, "step_id": self.running[dossier.id].id}),
                "create": lambda dossier: {"session_id": self.matrix_session_next.id,
                                           "step_id": self.running[dossier.id].id, "state": "excused"},
                "write": {"hours": 3.0},
            },
        }

    def test_case_model_matrix(self):
        self._matrix()
