import base64
import csv
import io
import zipfile
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common_step import StepCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestStep(StepCommon):
    """Positionings become steps and end with an end reason; dates, operator,
    session and offer are checked on the server."""

    def _range(self, start, end):
        return f"{format_date(self.env, start)} to {format_date(self.env, end)}"

    def test_positioning_started_and_ended(self):
        step = self._propose()
        self.assertEqual(step.state, "positioning")
        self.assertEqual(step.operator_id, self.operator_a, "the offer's operator is filled in")
        self.assertEqual(step.sudo().proposed_by_id, self.referent)
        step.action_start()
        self.assertEqual((step.state, step.date_start), ("step", date(2026, 11, 15)))
        with self.assertRaisesMessage(UserError, "Only a positioning can be started"):
            step.action_start()
        with self.assertRaisesMessage(UserError, "Give the end reason of the step to end it."):
            step.action_end()
        wizard = self.env["casework.step.end.wizard"].with_user(self.referent).create({
            "step_id": step.id, "end_reason_id": self.completed.id, "date_end": date(2026, 11, 14),
        })
        with self.assertRaisesMessage(ValidationError, "A step cannot end before it starts"):
            wizard.action_confirm()
        wizard.date_end = date(2026, 11, 16)
        wizard.action_confirm()
        self.assertEqual((step.state, step.date_end, step.is_successful), ("done", date(2026, 11, 16), True))
        with self.assertRaisesMessage(UserError, "An ended step cannot go back to positioning."):
            step.action_reset()

    def test_form_starts_the_step(self):
        step = self._propose()
        view = self.env.ref("casework_offers.casework_step_view_form")
        form = Form(step.with_user(self.referent), view=view)
        self.assertEqual(form.state, "positioning")
        step.with_user(self.referent).action_start()
        self.assertEqual(step.state, "step")
        action = step.with_user(self.referent).action_open_end_wizard()
        self.assertEqual(action["res_model"], "casework.step.end.wizard")
        with self.assertRaises(AccessError):
            step.with_user(self.referent_south).action_open_end_wizard()

    def test_withdraw_and_propose_again(self):
        step = self._propose()
        step.action_cancel()
        self.assertEqual(step.state, "cancelled")
        step.action_reset()
        self.assertEqual(step.state, "positioning")
        step.action_start()
        with self.assertRaisesMessage(UserError, "Only a positioning can be withdrawn"):
            step.action_cancel()
        step.action_reset()
        self.assertEqual((step.state, step.date_start), ("positioning", False), "a step started by mistake")

    def test_states_are_checked_on_write(self):
        step = self._propose()
        with self.assertRaisesMessage(ValidationError, "A step in progress has an actual start"):
            step.write({"state": "step"})
        with self.assertRaisesMessage(ValidationError, "A positioning has no actual dates"):
            step.write({"date_start": date(2026, 11, 15)})
        with self.assertRaisesMessage(ValidationError, "An ended step needs its actual start"):
            step.write({"state": "done", "date_start": date(2026, 11, 2), "date_end": date(2026, 11, 14)})

    def test_actual_dates_within_the_offer(self):
        step = self._propose(offer=self.offer_multi, operator_id=self.operator_b.id)
        with self.assertRaises(ValidationError) as caught:
            step.write({"state": "step", "date_start": date(2026, 2, 20)})
        text = str(caught.exception)
        self.assertIn("The actual dates of the step (", text)
        self.assertIn(format_date(self.env, date(2026, 2, 20)), text)
        self.assertIn(f"must lie within the dates of the offer Permis B accompagné "
                      f"({self._range(date(2026, 3, 1), date(2027, 2, 28))}).", text)
        step.write({"state": "step", "date_start": date(2026, 3, 2)})
        with self.assertRaisesMessage(ValidationError, self._range(date(2026, 3, 1), date(2027, 2, 28))):
            step._action_end(self.completed, date(2027, 3, 1))

    def test_actual_dates_within_the_session(self):
        step = self._propose(offer=self.offer_sessions, session_id=self.session.id)
        with self.assertRaises(ValidationError) as caught:
            step.write({"state": "step", "date_start": date(2026, 11, 1)})
        self.assertEqual(str(caught.exception), (
            f"The actual dates of the step ({format_date(self.env, date(2026, 11, 1))} to …) must lie within the "
            f"dates of the session {self.session.display_name} ({self._range(date(2026, 11, 2), date(2026, 11, 27))})."
        ))
        step.write({"state": "step", "date_start": date(2026, 11, 2)})
        self.assertEqual(step.date_start, date(2026, 11, 2))

    def test_inactive_offer_cannot_be_proposed(self):
        self.offer.active = False
        with self.assertRaisesMessage(UserError, "The offer Atelier CV et lettre de motivation is no longer active: "
                                                 "it cannot be proposed."):
            self._propose()
        step = self._propose(offer=self.offer_multi, operator_id=self.operator_a.id)
        with self.assertRaisesMessage(UserError, "is no longer active"):
            step.write({"offer_id": self.offer.id})

    def test_operator_of_a_multi_operator_offer(self):
        with self.assertRaisesMessage(ValidationError, "The offer Permis B accompagné is run by several operators: "
                                                       "choose the operator of the step among"):
            self._propose(offer=self.offer_multi)
        with self.assertRaisesMessage(ValidationError, "run by several operators"):
            self._propose(offer=self.offer_multi, operator_id=self.employer.id)
        step = self._propose(offer=self.offer_multi, operator_id=self.operator_b.id)
        self.assertEqual(step.operator_id, self.operator_b)
        with self.assertRaisesMessage(ValidationError, "is the offer's: Ardèche Insertion Formation"):
            self._propose(operator_id=self.operator_b.id)

    def test_session_of_the_offer(self):
        with self.assertRaisesMessage(ValidationError, "The offer Découverte des métiers du soin is managed by "
                                                       "sessions: choose the session of the step."):
            self._propose(offer=self.offer_sessions)
        other = self.env["casework.offer.session"].create({
            "name": "Session CV", "offer_id": self.offer.id, "date_start": datetime(2026, 11, 3, 8),
            "date_end": datetime(2026, 11, 3, 12),
        })
        with self.assertRaisesMessage(ValidationError, f"The session {other.display_name} is not a session of the "
                                                       "offer Découverte des métiers du soin."):
            self._propose(offer=self.offer_sessions, session_id=other.id)

    def test_key_dates(self):
        step = self._propose(offer=self.offer_sessions, session_id=self.session.id)
        self.assertEqual(step.date_planned_end, date(2026, 12, 18), "given by hand at creation")
        self.assertEqual(step.date_entry, date(2026, 11, 2), "the first planned session")
        later = self.env["casework.offer.session"].create({
            "name": "Session de décembre", "offer_id": self.offer_sessions.id,
            "date_start": datetime(2026, 12, 1, 8), "date_end": datetime(2026, 12, 11, 16),
        })
        step.session_id = later
        self.assertEqual((step.date_entry, step.date_planned_end), (date(2026, 12, 1), date(2026, 12, 11)))
        # an appointment of the step planned before the session
        event = self._appointment(step, datetime(2026, 11, 20, 9))
        self.assertEqual(step.date_entry, date(2026, 11, 20))
        event.casework_outcome = "cancelled"
        self.assertEqual(step.date_entry, date(2026, 12, 1), "a cancelled appointment is no key date")
        # still editable by hand
        step.with_user(self.referent).write({"date_entry": date(2026, 11, 30), "date_planned_end": date(2026, 12, 15)})
        self.assertEqual((step.date_entry, step.date_planned_end), (date(2026, 11, 30), date(2026, 12, 15)))

    def _appointment(self, step, start, dossier=None):
        return self.env["calendar.event"].with_user(self.referent).create({
            "casework_beneficiary_id": (dossier or step.beneficiary_id).id,
            "casework_appointment_type_id": self.env.ref("casework_appointment.appointment_type_individual").id,
            "start": start, "stop": start + timedelta(hours=1), "casework_step_id": step.id,
        })

    def test_appointment_of_a_step_of_its_dossier(self):
        step = self._propose()
        event = self._appointment(step, datetime(2026, 11, 20, 9))
        self.assertEqual(step.appointment_ids, event)
        other_step = self._propose(dossier=self.dossier_south, user=self.referent_south)
        with self.assertRaisesMessage(ValidationError, "An appointment can only relate to a step of its own dossier."):
            event.sudo().write({"casework_step_id": other_step.id})
        with self.assertRaises(AccessError):
            event.with_user(self.referent).write({"casework_step_id": other_step.id})
        view = self.env.ref("casework_appointment.calendar_event_view_form_casework")
        arch = self.env["calendar.event"].with_user(self.referent).get_view(view.id)["arch"]
        self.assertIn('name="casework_step_id"', arch)

    def test_objectives_inline(self):
        step = self._propose()
        with Form(step.with_user(self.referent), view="casework_offers.casework_step_view_form") as form:
            with form.objective_ids.new() as line:
                line.kind = "know_how"
                line.name = "Rédiger un CV"
            with form.objective_ids.new() as line:
                line.kind = "deliverable"
                line.name = "CV à jour"
        self.assertEqual(step.objective_ids.mapped("name"), ["Rédiger un CV", "CV à jour"])
        self.assertEqual(step.objective_ids.beneficiary_id, self.dossier_north)
        self.assertFalse(self.env["casework.step.objective"].with_user(self.referent_south).search(
            [("step_id", "=", step.id)]))

    def test_fields_the_operator_and_finance_do_not_read(self):
        hidden = {"comment", "objective_ids", "prescriber_id", "employer_id", "tutor_id", "administrative_manager_id",
                  "ordering_party_id", "proposed_by_id", "end_reason_id", "is_successful"}
        for user in (self.operator, self.finance):
            with self.subTest(user=user.login):
                self.assertFalse(hidden & set(self.env["casework.step"].with_user(user).fields_get()))
        for user in (self.referent, self.fse):
            with self.subTest(user=user.login):
                self.assertLessEqual(hidden, set(self.env["casework.step"].with_user(user).fields_get()))
        self.assertIn("attendance_hours", self.env["casework.step"].with_user(self.operator).fields_get())

    def test_characteristics_at_the_end_of_the_step(self):
        family = self.env["casework.characteristic.family"].create({"name": "Parcours"})
        review = self.env["casework.characteristic.type"].create({
            "name": "Bilan de fin d'étape", "code": "bilan_fin_etape", "family_id": family.id, "value_type": "char",
        })
        self.offer.characteristic_type_ids = review
        step = self._propose()
        step.action_start()
        step.sudo().end_reason_id = self.completed
        with self.assertRaisesMessage(UserError, "Record the characteristics the offer asks for at the end of the "
                                                 "step before ending it: Parcours / Bilan de fin d'étape."):
            step.action_end()
        wizard = Form(self.env["casework.step.end.wizard"].with_user(self.referent).with_context(
            default_step_id=step.id))
        wizard.end_reason_id = self.completed
        self.assertEqual(len(wizard.line_ids), 1)
        with wizard.line_ids.edit(0) as line:
            self.assertEqual(line.type_id, review)
            line.value_char = "Objectifs atteints, CV finalisé"
        wizard.save().action_confirm()
        self.assertEqual(step.state, "done")
        value = self.dossier_north.characteristic_value_ids.filtered(lambda v: v.type_id == review)
        self.assertEqual((value.value_char, value.date), ("Objectifs atteints, CV finalisé", date(2026, 11, 15)))


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestStepPersonalData(StepCommon):
    """Steps, objectives and their attendance are in the subject-access
    export; their free texts are erased with the person."""

    def test_export_and_anonymisation(self):
        step = self._propose(comment="Motivée, garde d'enfant à trouver")
        self.env["casework.step.objective"].create({
            "step_id": step.id, "name": "Reprendre confiance", "note": "Suivi par Mme Dupont",
        })
        wizard = self.env["casework.subject.access.export"].with_user(self.admin).create(
            {"beneficiary_id": self.dossier_north.id})
        wizard.action_generate()
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.export_file)))
        steps = list(csv.DictReader(io.StringIO(archive.read("records/casework.step.csv").decode())))
        self.assertEqual([row["Offer"] for row in steps], ["Atelier CV et lettre de motivation"])
        self.assertEqual(steps[0]["Comment"], "Motivée, garde d'enfant à trouver")
        objectives = archive.read("records/casework.step.objective.csv").decode()
        self.assertIn("Reprendre confiance", objectives)

        self.dossier_north._casework_anonymise()
        step = step.sudo()
        self.assertFalse(step.comment)
        self.assertEqual(step.objective_ids.name, "***")
        self.assertFalse(step.objective_ids.note)
        self.assertEqual(step.offer_id, self.offer, "the step itself is kept for statistics")
