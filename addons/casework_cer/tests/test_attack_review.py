from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import ContractCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-11-15")
class TestAttackReview(ContractCommon):
    """Users out of the contract's scope or role trying to change it by
    every way the ORM and RPC offer: all refused."""

    def test_decision_by_context_defaults_refused(self):
        """The référent cannot create a contract already decided through
        ``default_*`` context keys (a client sends any context)."""
        Contract = self.env["casework.contract"].with_user(self.referent)
        for key, value in (
            ("default_decision", "validated"), ("default_date_validation", "2026-11-15"),
            ("default_decision_comment", "Accordé"), ("default_referent_note", "Vu"),
            ("default_validated_months", 12),
        ):
            with self.subTest(key=key), self.assertRaisesMessage(UserError, "its decision is filled in later"):
                Contract.with_context(**{key: value}).create({"beneficiary_id": self.dossier_north.id})

    def test_state_and_system_fields_refused(self):
        """No user sets the state, the renewal flag or a transition by hand,
        whether creating or writing a contract."""
        contract = self._contract(self.dossier_north)
        for user in (self.referent, self.secretariat, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    contract.with_user(user).write({"state": "validated"})
                with self.assertRaises(AccessError):
                    contract.with_user(user).write({"renewal_notified": True})
                with self.assertRaises(AccessError):
                    self.env["casework.contract"].with_user(user).create(
                        {"beneficiary_id": self.dossier_north.id, "state": "validated"})
                with self.assertRaises(AccessError):
                    self.env["casework.contract"].with_user(user).with_context(default_state="validated").create(
                        {"beneficiary_id": self.dossier_north.id})
                with self.assertRaises(AccessError):
                    self.env["casework.contract.transition"].with_user(user).create({
                        "contract_id": contract.id, "user_id": user.id, "date": "2026-11-15 10:00:00",
                        "state_from": "proposition", "state_to": "validated"})
                with self.assertRaises(AccessError):
                    contract.with_user(user).write({"transition_ids": [Command.create({
                        "user_id": user.id, "date": "2026-11-15 10:00:00",
                        "state_from": "proposition", "state_to": "validated"})]})
        self.assertEqual(contract.state, "proposition")
        self.assertFalse(contract.transition_ids)

    def test_own_referent_cannot_decide(self):
        """The dossier's own référent neither decides, nor fills in the
        decision, nor takes back, nor edits a contract past proposition."""
        contract = self._contract(self.dossier_north)
        mine = contract.with_user(self.referent)
        with self.assertRaisesMessage(UserError, "filled in by the secretariat"):
            mine.write({"decision": "validated"})
        with self.assertRaisesMessage(UserError, "filled in by the secretariat"):
            mine.write({"validated_months": 6})
        mine.action_submit()
        for method in ("action_to_commission", "action_to_decision", "action_validate", "action_refuse",
                       "action_back_to_submitted", "action_back_to_commission", "action_back_to_decision"):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(mine, method)()
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            mine.write({"situation": "Changé après soumission"})
        with self.assertRaisesMessage(UserError, "filled in by the secretariat"):
            mine.write({"decision": "validated", "date_validation": "2026-11-15"})
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            mine.write({"objective_ids": [Command.create({"theme_id": self.theme.id})]})
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            mine.objective_ids.write({"person_action": "Autre"})
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            mine.objective_ids.unlink()
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            self.env["casework.contract.objective"].with_user(self.referent).create(
                {"contract_id": contract.id, "theme_id": self.theme.id})
        with self.assertRaisesMessage(UserError, "Only a contract still in proposition can be deleted"):
            mine.unlink()
        self.assertEqual(contract.state, "submitted")
        self.assertFalse(contract.decision)

    def test_secretariat_limits(self):
        """The secretariat neither decides a contract awaiting the head of
        service nor edits it, and fills in no decision on a proposition."""
        contract = self._contract(self.dossier_north)
        with self.assertRaisesMessage(UserError, "filled in by the secretariat"):
            contract.with_user(self.secretariat).write({"decision": "validated"})
        contract.sudo().state = "waiting"
        sec = contract.with_user(self.secretariat)
        for method in ("action_validate", "action_refuse", "action_back_to_submitted", "action_back_to_commission"):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(sec, method)()
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            sec.write({"decision": "validated"})
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            sec.write({"situation": "Autre"})
        self.assertEqual(contract.state, "waiting")

    def test_out_of_scope_users(self):
        """Users of another territory or without a Casework role on
        contracts: no read, no write, no move, no objective."""
        contract = self._contract(self.dossier_north, "submitted")
        objective = contract.objective_ids
        for user in (self.referent_south, self.referent_other, self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login):
                as_user = contract.with_user(user)
                with self.assertRaises(AccessError):
                    as_user.read(["situation"])
                with self.assertRaises(AccessError):
                    as_user.write({"situation": "x"})
                for method in ("action_to_commission", "action_validate", "action_submit"):
                    with self.assertRaises(UserError):  # AccessError included
                        getattr(as_user, method)()
                with self.assertRaises(AccessError):
                    objective.with_user(user).write({"step_ids": [Command.clear()]})
                with self.assertRaises(AccessError):
                    self.env["casework.contract"].with_user(user).create({"beneficiary_id": self.dossier_north.id})
                if user.has_group("casework_base.group_casework_referent"):
                    self.assertFalse(self.env["casework.contract"].with_user(user).search([("id", "=", contract.id)]))
                else:
                    with self.assertRaises(AccessError):
                        self.env["casework.contract"].with_user(user).search([])
        # the secretariat of the north territory does not reach the south
        south = self._contract(self.dossier_south, "submitted")
        with self.assertRaises(AccessError):
            south.with_user(self.secretariat).action_to_commission()
        with self.assertRaises(AccessError):
            south.with_user(self.manager).write({"decision": "refused"})
        # FSE reads, changes nothing
        fse = contract.with_user(self.fse)
        fse.read(["situation"])
        with self.assertRaises(AccessError):
            fse.write({"situation": "x"})
        with self.assertRaises(UserError):  # AccessError included
            fse.action_to_commission()
        self.assertEqual(contract.state, "submitted")
        self.assertEqual(south.state, "submitted")

    def test_move_of_no_contract(self):
        """A move called on no contract (any ids list over RPC) does nothing
        and fails on no SQL error."""
        for method in ("action_submit", "action_validate", "action_back_to_decision"):
            with self.subTest(method=method):
                self.assertTrue(getattr(self.env["casework.contract"].with_user(self.referent), method)())
        self.assertFalse(self.env["casework.contract.transition"].search([]))

    def test_objective_moved_to_another_contract(self):
        """An objective moved to a decided contract, or to another dossier's
        contract, is refused."""
        draft = self._contract(self.dossier_north)
        decided = self._contract(self.dossier_north, "validated")
        south = self._contract(self.dossier_south)
        objective = draft.objective_ids.with_user(self.referent)
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            objective.write({"contract_id": decided.id})
        with self.assertRaises(AccessError):
            objective.write({"contract_id": south.id})
        with self.assertRaises(AccessError):
            draft.with_user(self.referent).write({"beneficiary_id": self.dossier_south.id})
        self.assertEqual(objective.contract_id, draft)

    def test_objective_dossier_and_step_side(self):
        """An objective's dossier cannot be changed through its related
        field, and a step does not reach a decided contract's objectives
        other than by linking them."""
        draft = self._contract(self.dossier_north)
        decided = self._contract(self.dossier_north, "validated")
        with self.assertRaises(AccessError):
            draft.objective_ids.with_user(self.referent).write({"beneficiary_id": self.dossier_south.id})
        self.assertEqual(draft.beneficiary_id, self.dossier_north)
        offer = self.env["casework.offer"].create({
            "name": "Atelier CV", "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
            "operator_id": self.env["res.partner"].create({"name": "Tremplin", "is_company": True}).id})
        step = self.env["casework.step"].create({
            "beneficiary_id": self.dossier_north.id, "offer_id": offer.id, "date_planned_start": date(2026, 11, 20),
            "date_planned_end": date(2026, 12, 20)}).with_user(self.referent)
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            step.write({"contract_objective_ids": [Command.update(decided.objective_ids.id, {"person_action": "X"})]})
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            step.write({"contract_objective_ids": [
                Command.create({"contract_id": decided.id, "theme_id": self.theme.id})]})
        with self.assertRaises(AccessError):
            step.with_user(self.operator).write({"contract_objective_ids": [Command.link(draft.objective_ids.id)]})
        self.assertEqual(decided.objective_ids.person_action, "Postuler à trois offres par semaine")
        self.assertEqual(len(decided.objective_ids), 1)

    def test_it_admin_without_role(self):
        """An IT administrator without a Casework role reads and changes no contract."""
        it_admin = new_test_user(
            self.env, login="cw_it_admin", password=PASSWORD, groups="base.group_user,base.group_system")
        contract = self._contract(self.dossier_north, "waiting")
        with self.assertRaises(AccessError):
            contract.with_user(it_admin).read(["situation"])
        with self.assertRaises(AccessError):
            contract.with_user(it_admin).action_validate()
        with self.assertRaises(AccessError):
            contract.objective_ids.with_user(it_admin).read(["person_action"])
        with self.assertRaises(AccessError):
            self.env["casework.contract.transition"].with_user(it_admin).search([])


@tagged("post_install", "-at_install")
class TestAttackReviewRpc(ContractCommon, HttpCase):
    """The same refusals over JSON-RPC, with any context and any values."""

    def _call(self, model, method, args, kwargs=None):
        # the refusals are logged by the web layer: expected here
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args, "kwargs": kwargs or {}})

    def test_rpc_referent_cannot_decide(self):
        contract = self._contract(self.dossier_north)
        self.authenticate("cw_referent", PASSWORD)
        with self.assertRaises(JsonRpcException):
            self._call("casework.contract", "web_save", [[], {"beneficiary_id": self.dossier_north.id}], {
                "specification": {"decision": {}},
                "context": {"default_decision": "validated", "default_date_validation": "2026-11-15"}})
        with self.assertRaises(JsonRpcException):
            self._call("casework.contract", "web_save", [[contract.id], {"state": "validated"}],
                       {"specification": {"state": {}}})
        with self.assertRaises(JsonRpcException):
            self._call("casework.contract", "write", [[contract.id], {"decision": "validated"}])
        self._call("casework.contract", "action_submit", [[contract.id]])
        with self.assertRaises(JsonRpcException):
            self._call("casework.contract", "action_validate", [[contract.id]], {"comment": "Moi-même"})
        with self.assertRaises(JsonRpcException):
            self._call("casework.contract", "action_back_to_submitted", [[contract.id]])
        with self.assertRaises(JsonRpcException):
            self._call("casework.contract.transition", "create", [{
                "contract_id": contract.id, "user_id": self.manager.id, "date": "2026-11-15 10:00:00",
                "state_from": "waiting", "state_to": "validated"}])
        self.assertEqual(self.Contract.search([("beneficiary_id", "=", self.dossier_north.id)]), contract)
        self.assertEqual(contract.state, "submitted")
        self.assertFalse(contract.decision)
        self.assertEqual(contract.transition_ids.state_to, "submitted")
