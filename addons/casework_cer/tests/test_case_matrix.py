from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_case_matrix import CaseMatrixCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestCaseMatrix(CaseMatrixCommon):
    """Every case model of casework_cer × every role, in and out of the
    dossier's scope, on contracts in proposition (the state every role of
    the dossier's scope may change; the other states are tried in
    ``test_workflow``)."""

    _matrix_modules = ("casework_cer",)

    def _case_samples(self):
        env = self.env
        theme = env.ref("casework_cer.contract_theme_training")

        def contract(dossier):
            return env["casework.contract"].create({
                "beneficiary_id": dossier.id, "situation": "Sans emploi",
                "objective_ids": [Command.create({"theme_id": theme.id, "person_action": "S'inscrire"})],
            })

        def transition(dossier):
            record = contract(dossier)
            return env["casework.contract.transition"].create({
                "contract_id": record.id, "user_id": self.referent.id, "date": "2026-11-15 09:00:00",
                "state_from": "proposition", "state_to": "submitted",
            })

        def signature(dossier):
            return env["casework.contract.signature"].create({
                "contract_id": contract(dossier).id, "phone_masked": "06 •• •• •• 78", "user_id": self.referent.id,
            })

        def letter(dossier):
            return env["casework.contract.letter"].create({"contract_id": contract(dossier).id, "kind": "blank"})

        return {
            "casework.contract.signature": {
                "record": signature,
                "create": None,
                "write": None,
            },
            "casework.contract.letter": {
                # the system's trace of a letter: read in the scope, never written by users
                "record": letter,
                "create": None,
                "write": None,
            },
            "casework.contract": {
                "record": contract,
                "create": lambda dossier: {"beneficiary_id": dossier.id, "expression": "Rien à ajouter"},
                "write": {"internal_comment": "Demande de rappel"},
            },
            "casework.contract.objective": {
                "record": lambda dossier: contract(dossier).objective_ids,
                "create": lambda dossier: {"contract_id": contract(dossier).id, "theme_id": theme.id},
                "write": {"referent_action": "Atelier CV"},
            },
            "casework.contract.transition": {
                "record": transition,
                "create": None,
                "write": None,
            },
        }

    def test_case_model_matrix(self):
        self._matrix()
