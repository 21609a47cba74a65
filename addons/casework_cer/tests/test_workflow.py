from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ContractCommon

ROLES = ("referent", "referent_other", "referent_south", "secretariat", "manager", "fse", "finance", "operator",
         "outsider", "admin")
# out of the north dossier's scope, or without access to contracts at all
NO_ACCESS = {"referent_other", "referent_south", "fse", "finance", "operator", "outsider"}
# (state, method): the roles that may make the move, by the seed's table
MOVES = {
    ("proposition", "action_submit"): {"referent", "secretariat", "manager", "admin"},
    ("submitted", "action_to_commission"): {"secretariat", "manager", "admin"},
    ("submitted", "action_to_decision"): {"secretariat", "manager", "admin"},
    ("commission", "action_to_decision"): {"secretariat", "manager", "admin"},
    ("commission", "action_validate"): {"secretariat", "manager", "admin"},
    ("commission", "action_refuse"): {"secretariat", "manager", "admin"},
    ("commission", "action_back_to_submitted"): {"secretariat", "manager", "admin"},
    ("waiting", "action_validate"): {"manager", "admin"},
    ("waiting", "action_refuse"): {"manager", "admin"},
    ("waiting", "action_back_to_submitted"): {"manager", "admin"},
    ("waiting", "action_back_to_commission"): {"manager", "admin"},
    ("refused", "action_validate"): {"manager", "admin"},
    ("validated", "action_refuse"): {"manager", "admin"},
    ("validated", "action_back_to_decision"): {"manager", "admin"},
    ("refused", "action_back_to_decision"): {"manager", "admin"},
}
# the moves that do not exist, whoever tries them
IMPOSSIBLE = [
    ("submitted", "action_submit"),
    ("proposition", "action_to_commission"),
    ("proposition", "action_validate"),
    ("submitted", "action_validate"),
    ("submitted", "action_back_to_decision"),
    ("validated", "action_validate"),
    ("validated", "action_back_to_submitted"),
]
# state: the roles that may change a contract in that state (whoever may move it out of it)
EDITORS = {
    "proposition": {"referent", "secretariat", "manager", "admin"},
    "submitted": {"secretariat", "manager", "admin"},
    "commission": {"secretariat", "manager", "admin"},
    "waiting": {"manager", "admin"},
    "validated": {"manager", "admin"},
    "refused": {"manager", "admin"},
}


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestWorkflow(ContractCommon):
    """Every move of the approval by every role, through the ORM as that
    user: allowed, refused for the role (the business message), or refused
    for the scope (``AccessError``)."""

    def _try(self, contract, role, func):
        """'ok', 'access' (AccessError) or the UserError's message."""
        self.env.flush_all()
        with self.env.cr.savepoint() as savepoint:
            try:
                func(contract.with_user(getattr(self, role)))
                self.env.flush_all()
                result = "ok"
            except AccessError:
                result = "access"
            except UserError as error:
                result = str(error)
            savepoint.rollback()
        self.env.clear()
        return result

    def test_moves_by_role(self):
        for (state, method), allowed in MOVES.items():
            contract = self._contract(self.dossier_north, state)
            for role in ROLES:
                with self.subTest(state=state, method=method, role=role):
                    result = self._try(contract, role, lambda c, method=method: getattr(c, method)())
                    if role in allowed:
                        self.assertEqual(result, "ok")
                    elif role in NO_ACCESS:
                        self.assertEqual(result, "access")
                    else:
                        self.assertIn("You may not move", result)
                    self.assertEqual(contract.state, state)

    def test_impossible_moves(self):
        for state, method in IMPOSSIBLE:
            contract = self._contract(self.dossier_north, state)
            for role in ("referent", "secretariat", "manager"):
                with self.subTest(state=state, method=method, role=role):
                    result = self._try(contract, role, lambda c, method=method: getattr(c, method)())
                    self.assertIn("cannot go to", result)

    def test_referent_cannot_take_back(self):
        """Once submitted, the référent has no hand on the contract: no move, no change."""
        contract = self._contract(self.dossier_north)
        contract.with_user(self.referent).action_submit()
        self.assertEqual(contract.transition_ids.state_from, "proposition")
        as_referent = contract.with_user(self.referent)
        self.assertFalse(as_referent.can_edit)
        self.assertFalse(any(as_referent[f] for f in (
            "can_submit", "can_to_commission", "can_to_decision", "can_validate", "can_refuse",
            "can_back_to_submitted", "can_back_to_commission", "can_back_to_decision")))
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            as_referent.situation = "Changement"

    def test_can_fields_follow_the_moves(self):
        contract = self._contract(self.dossier_north, "waiting")
        secretariat, manager = contract.with_user(self.secretariat), contract.with_user(self.manager)
        self.assertFalse(secretariat.can_validate)
        self.assertFalse(secretariat.can_back_to_submitted)
        self.assertTrue(secretariat.can_decide)
        self.assertTrue(manager.can_validate and manager.can_refuse and manager.can_back_to_submitted)
        self.assertTrue(manager.can_back_to_commission)
        self.assertFalse(manager.can_to_decision)
        self.assertFalse(contract.with_user(self.fse).can_edit)
        self.assertFalse(contract.with_user(self.referent).can_decide)

    def test_edit_by_state(self):
        for state, editors in EDITORS.items():
            contract = self._contract(self.dossier_north, state)
            for role in ROLES:
                with self.subTest(state=state, role=role):
                    result = self._try(contract, role, lambda c: c.write({"situation": "Reprise d'une formation"}))
                    if role in editors:
                        self.assertEqual(result, "ok")
                    elif role in NO_ACCESS:
                        self.assertEqual(result, "access")
                    else:
                        self.assertIn("only who may move it out of that state", result)
                    result = self._try(contract, role, lambda c: c.objective_ids.write({"person_action": "CV"}))
                    expected = "ok" if role in editors else "access" if role in NO_ACCESS else "only who may"
                    self.assertIn(expected, result)

    def test_decision_fields(self):
        """The decision is the secretariat's and the head of service's, once
        the contract is submitted; the secretariat fills it in after the
        decision too."""
        decision = {"decision": "validated", "decision_comment": "CER validé", "referent_note": "Relancer en mars"}
        for state in ("submitted", "commission", "waiting", "validated", "refused"):
            contract = self._contract(self.dossier_north, state)
            with self.subTest(state=state):
                result = self._try(contract, "referent", lambda c: c.write(decision))
                self.assertIn("filled in by the secretariat", result)
                self.assertEqual(self._try(contract, "manager", lambda c: c.write(decision)), "ok")
                expected = "ok" if state != "waiting" else "only who may"
                self.assertIn(expected, self._try(contract, "secretariat", lambda c: c.write(decision)))
        proposition = self._contract(self.dossier_north)
        self.assertIn("filled in by the secretariat", self._try(proposition, "manager", lambda c: c.write(decision)))

    def test_objective_not_moved_to_a_decided_contract(self):
        draft = self._contract(self.dossier_north)
        validated = self._contract(self.dossier_north, "validated")
        result = self._try(draft, "referent", lambda c: c.objective_ids.write({"contract_id": validated.id}))
        self.assertIn("only who may move it out of that state", result)
        result = self._try(validated, "referent", lambda c: c.objective_ids.write({"contract_id": draft.id}))
        self.assertIn("only who may move it out of that state", result)
        other = self._contract(self.dossier_north)
        self.assertEqual(self._try(draft, "referent", lambda c: c.objective_ids.write({"contract_id": other.id})), "ok")
