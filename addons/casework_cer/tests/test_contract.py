from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import ContractCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestContract(ContractCommon):
    """The contract's defaults, numbers, objectives and decision dates."""

    def test_defaults(self):
        """Signed today, it starts on the first day of next month; its number
        follows the dossier's last one."""
        form = Form(self.Contract.with_user(self.referent).with_context(default_beneficiary_id=self.dossier_north.id))
        form.situation = "Première élaboration"
        contract = form.save()
        self.assertEqual(contract.date_signature, date(2026, 11, 15))
        self.assertEqual(contract.date_start, date(2026, 12, 1))
        self.assertEqual(contract.number, 1)
        self.assertEqual(contract.state, "proposition")
        self.assertEqual(contract.agreement, "nc")
        second = self.Contract.with_user(self.referent).create({"beneficiary_id": self.dossier_north.id})
        self.assertEqual(second.number, 2)
        # the numbering is per dossier
        other = self.Contract.create({"beneficiary_id": self.dossier_south.id})
        self.assertEqual(other.number, 1)

    def test_restoration_starts_in_the_signature_month(self):
        contract = self.Contract.with_user(self.referent).create({
            "beneficiary_id": self.dossier_north.id, "is_restoration": True, "date_signature": date(2026, 10, 31)})
        self.assertEqual(contract.date_start, date(2026, 10, 1))
        form = Form(self.Contract.with_user(self.referent).with_context(default_beneficiary_id=self.dossier_north.id))
        form.date_signature = date(2026, 12, 31)
        self.assertEqual(form.date_start, date(2027, 1, 1))
        form.is_restoration = True
        self.assertEqual(form.date_start, date(2026, 12, 1))

    @freeze_time("2026-01-31 22:30:00")
    def test_default_start_at_a_month_end(self):
        """On the 31st of January (23:30 in Paris), next month is February; on
        the last day of the year, the next year's January."""
        contract = self.Contract.create({"beneficiary_id": self.dossier_north.id})
        self.assertEqual(contract.date_start, date(2026, 2, 1))
        self.assertEqual(self.Contract._default_date_start(date(2026, 12, 31), False), date(2027, 1, 1))
        self.assertEqual(self.Contract._default_date_start(date(2028, 2, 29), True), date(2028, 2, 1))

    def test_end_before_start_refused(self):
        with self.assertRaisesMessage(ValidationError, "cannot end before it starts"):
            self.Contract.create({
                "beneficiary_id": self.dossier_north.id, "date_start": date(2026, 12, 1),
                "date_end": date(2026, 11, 30)})

    def test_validated_duration_sets_the_end(self):
        contract = self._contract(self.dossier_north, "waiting", date_start=date(2026, 12, 1),
                                  date_end=date(2027, 5, 31))
        contract.with_user(self.manager).write({"validated_months": 3, "decision": "validated_other_duration"})
        self.assertEqual(contract.date_end, date(2027, 2, 28))
        contract.with_user(self.manager).write({"date_start": date(2027, 1, 1), "validated_months": 12})
        self.assertEqual(contract.date_end, date(2027, 12, 31))

    def test_objective_before_submission(self):
        contract = self.Contract.with_user(self.referent).create({"beneficiary_id": self.dossier_north.id})
        with self.assertRaisesMessage(UserError, "has no objective"):
            contract.action_submit()
        contract.write({"objective_ids": [Command.create({"theme_id": self.theme.id, "person_action": "CV"})]})
        contract.action_submit()
        self.assertEqual(contract.state, "submitted")

    def test_objective_steps_of_the_dossier_only(self):
        contract = self._contract(self.dossier_north)
        offer = self.env["casework.offer"].create({
            "name": "Atelier CV", "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
            "operator_id": self.env["res.partner"].create({"name": "Tremplin", "is_company": True}).id})
        steps = self.env["casework.step"].create([{
            "beneficiary_id": dossier.id, "offer_id": offer.id, "date_planned_start": date(2026, 11, 20),
            "date_planned_end": date(2026, 12, 20)} for dossier in (self.dossier_north, self.dossier_south)])
        objective = contract.objective_ids.with_user(self.referent)
        objective.step_ids = [Command.link(steps[0].id)]
        self.assertEqual(objective.step_ids, steps[0])
        with self.assertRaises(AccessError):
            objective.step_ids = [Command.link(steps[1].id)]
        # linked later, even once validated (the seed's "lier à un objectif")
        contract.sudo().state = "validated"
        objective.step_ids = [Command.clear()]
        self.assertFalse(objective.step_ids)
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            objective.person_action = "Autre chose"

    def test_link_from_the_step(self):
        """The référent links a step to an objective from the step, even
        once the contract is validated; never to another dossier's."""
        contract = self._contract(self.dossier_north, "validated")
        other = self._contract(self.dossier_south)
        offer = self.env["casework.offer"].create({
            "name": "Atelier CV", "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
            "operator_id": self.env["res.partner"].create({"name": "Tremplin", "is_company": True}).id})
        step = self.env["casework.step"].create({
            "beneficiary_id": self.dossier_north.id, "offer_id": offer.id, "date_planned_start": date(2026, 11, 20),
            "date_planned_end": date(2026, 12, 20)}).with_user(self.referent)
        step.contract_objective_ids = [Command.link(contract.objective_ids.id)]
        self.assertEqual(contract.objective_ids.step_ids, step)
        self.assertEqual(step.contract_objective_ids.display_name, f"CER {contract.number}: Emploi")
        with self.assertRaises(AccessError):
            step.contract_objective_ids = [Command.link(other.objective_ids.id)]

    def test_decision_dates_and_activity(self):
        contract = self._contract(self.dossier_north, "waiting")
        contract.with_user(self.manager).action_validate(comment="Accord du chef de service")
        self.assertEqual(contract.state, "validated")
        self.assertEqual(contract.date_validation, date(2026, 11, 15))
        transition = contract.transition_ids
        self.assertEqual(len(transition), 1)
        self.assertRecordValues(transition, [{
            "user_id": self.manager.id, "state_from": "waiting", "state_to": "validated",
            "comment": "Accord du chef de service", "beneficiary_id": self.dossier_north.id}])
        activity = contract.activity_ids
        self.assertEqual(activity.user_id, self.referent)
        # the référent reads the decision and marks the to-do done
        activity.with_user(self.referent).action_feedback(feedback="Décision lue")
        self.assertFalse(contract.activity_ids)
        # the référent reads the history of their contract
        self.assertEqual(contract.with_user(self.referent).transition_ids.state_to, "validated")
        contract.with_user(self.manager).action_refuse()
        self.assertEqual(contract.date_refusal, date(2026, 11, 15))
        self.assertEqual(len(contract.transition_ids), 2)

    def test_system_fields_refused(self):
        contract = self._contract(self.dossier_north)
        with self.assertRaises(AccessError):
            contract.with_user(self.referent).write({"state": "validated"})
        with self.assertRaises(AccessError):
            self.env["casework.contract.transition"].with_user(self.manager).create({
                "contract_id": contract.id, "user_id": self.manager.id, "date": "2026-11-15 10:00:00",
                "state_from": "proposition", "state_to": "validated"})

    def test_new_contract_without_decision(self):
        with self.assertRaisesMessage(UserError, "its decision is filled in later"):
            self.Contract.with_user(self.manager).create({
                "beneficiary_id": self.dossier_north.id, "decision": "validated"})

    def test_only_propositions_deleted(self):
        contract = self._contract(self.dossier_north, "submitted")
        with self.assertRaisesMessage(UserError, "Only a contract still in proposition"):
            contract.with_user(self.manager).unlink()
        draft = self._contract(self.dossier_north)
        draft.with_user(self.referent).unlink()
        self.assertFalse(draft.exists())

    def test_dossier_button(self):
        self._contract(self.dossier_north)
        dossier = self.dossier_north.with_user(self.referent)
        self.assertEqual(dossier.contract_count, 1)
        action = dossier.action_open_contracts()
        self.assertEqual(action["context"], {"default_beneficiary_id": self.dossier_north.id})
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.finance).read(["contract_count"])
