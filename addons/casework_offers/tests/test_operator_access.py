import json

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import PASSWORD

from .test_attendance import AttendanceCommon

# what the operator never reads of a step: the counsellors' side of it
STEP_CASE_FIELDS = (
    "comment", "objective_ids", "prescriber_id", "employer_id", "tutor_id", "administrative_manager_id",
    "ordering_party_id", "proposed_by_id", "end_reason_id",
)


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestOperatorAccess(AttendanceCommon):
    """The operator running an offer: the steps' dates and the participants'
    names, the attendance it signs off, nothing else of the dossiers, nothing
    of the people on other operators' offers. Finance: numbers, no names."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line_south = cls._attend(cls.session_past, cls.step_south)
        cls.line_b = cls._attend(cls.session_b, cls.step_b)
        cls.own_steps = cls.step_north | cls.step_north_other | cls.step_south

    def test_operator_opens_casework_on_its_offers(self):
        action = self.env.ref("casework_base.casework_home_action").with_user(self.operator).run()
        self.assertEqual(action["id"], self.env.ref("casework_offers.casework_offer_action_operator").id)

    def test_scope_mixin_comes_before_the_case_mixin(self):
        """The operator's scope overrides the case mixin's: its classes come
        first in the method resolution order of every model inheriting it."""
        mixin = self.env.registry["casework.operator.scope.mixin"]
        case = self.env.registry["casework.case.mixin"]
        for name, cls in self.env.registry.items():
            if issubclass(cls, mixin) and not cls._abstract:
                with self.subTest(model=name):
                    self.assertLess(cls.__mro__.index(mixin), cls.__mro__.index(case))

    def test_operator_reads_its_steps_dates_and_participants(self):
        Step = self.env["casework.step"].with_user(self.operator)
        self.assertEqual(Step.search([]), self.own_steps)
        values = self.step_north.with_user(self.operator).read(
            ["offer_id", "state", "date_planned_start", "date_planned_end", "date_start", "date_end",
             "participant_name"])
        self.assertEqual(values[0]["participant_name"], "DUPONT Marie")
        self.assertEqual(Step.search([("participant_name", "ilike", "dupont")]), self.step_north)
        self.assertEqual(self.step_north.with_user(self.operator).casework_scope, "read")
        # the steps of its offers as a whole: one per participant, never the dossier
        self.assertEqual(Step.search_count([("offer_id", "=", self.offer.id)]), 3)

    def test_operator_reads_nothing_else_of_the_dossier(self):
        step = self.step_north.with_user(self.operator)
        dossier = self.dossier_north.with_user(self.operator)
        with self.assertRaises(AccessError):
            dossier.read(["name"])
        with self.assertRaises(AccessError):
            dossier.search([("name", "ilike", "dupont")])
        with self.assertRaises(AccessError):
            self.dossier_north.partner_id.with_user(self.operator).read(["name", "phone", "email"])
        self.assertFalse(self.env["res.partner"].with_user(self.operator).search([("name", "ilike", "dupont")]))
        # the dossier field, whose value shows the dossier's name and number
        for call in (
            lambda: step.read(["beneficiary_id"]),
            lambda: step.web_read({"beneficiary_id": {"fields": {"display_name": {}}}}),
            lambda: step.search_read([], ["beneficiary_id"]),
            lambda: step.search([("beneficiary_id", "=", self.dossier_north.id)]),
            lambda: step._read_group([], ["beneficiary_id"], ["__count"]),
            lambda: step.formatted_read_group([], ["beneficiary_id"], ["__count"]),
        ):
            with self.subTest(call=call), self.assertRaises(AccessError):
                call()
        # exporting is refused to operators altogether (and would be refused the field)
        for path in ("beneficiary_id", "beneficiary_id/birth_date"):
            with self.subTest(export=path), self.assertRaises(UserError):
                step.export_data([path])
        # the counsellors' side of the step
        for fname in STEP_CASE_FIELDS:
            if fname in step._fields:
                with self.subTest(field=fname), self.assertRaises(AccessError):
                    step.read([fname])
        # characteristics, messages, attachments of the dossier
        with self.assertRaises(AccessError):
            self.env["casework.characteristic.value"].with_user(self.operator).search([])
        self.dossier_north.message_post(body="Point d'étape")
        self.env["ir.attachment"].create({
            "name": "cv.txt", "raw": b"CV", "res_model": "casework.beneficiary", "res_id": self.dossier_north.id})
        self.assertFalse(self._found("ir.attachment", [("res_model", "=", "casework.beneficiary")]))
        self.assertFalse(self._found("mail.message", [("model", "=", "casework.beneficiary")]))

    def _found(self, model, domain):
        """What the operator finds of ``model`` (an access refusal: nothing)."""
        try:
            return self.env[model].with_user(self.operator).search(domain)
        except AccessError:
            return self.env[model]

    def test_operator_sees_no_number_through_a_many2one(self):
        """The step of an attendance line shows as Odoo reads it (as
        superuser): no dossier number, no birth date in it."""
        line = self.line_south.with_user(self.operator)
        values = line.web_read({"step_id": {"fields": {"display_name": {}}}, "participant_name": {},
                                "session_id": {"fields": {"display_name": {}}}, "display_name": {}})
        dump = json.dumps(values, default=str, ensure_ascii=False)
        self.assertIn("GARCIA Inès", dump)
        for secret in (self.dossier_south.number, "1985-03-12", "07 81 22 33 44", self.dossier_south.email):
            self.assertNotIn(secret, dump)

    def test_operator_reads_nothing_of_other_operators(self):
        with self.assertRaises(AccessError):
            self.step_b.with_user(self.operator).read(["state"])
        with self.assertRaises(AccessError):
            self.line_b.with_user(self.operator).read(["hours"])
        with self.assertRaises(AccessError):
            self.session_b.with_user(self.operator).read(["name"])
        self.assertFalse(self.env["casework.attendance"].with_user(self.operator).search(
            [("participant_name", "ilike", "dupont"), ("offer_id", "=", self.offer_b.id)]))
        # the other operator: nothing of this offer
        self.assertEqual(self.env["casework.step"].with_user(self.operator_b).search([]), self.step_b)
        self.assertEqual(self.env["casework.attendance"].with_user(self.operator_b).search([]), self.line_b)

    def test_operator_signs_off_its_attendance_not_the_steps(self):
        Attendance = self.env["casework.attendance"].with_user(self.operator)
        line = Attendance.create({"session_id": self.session_past.id, "step_id": self.step_north.id})
        self.assertEqual(line.hours, 4.0)
        line.write({"state": "unexcused"})
        self.line_south.with_user(self.operator).write({"hours": 3.0})
        self.assertEqual(self.line_south.with_user(self.operator).casework_scope, "write")
        self.assertEqual(set(Attendance.search([("casework_scope", "=", "write")]).ids), {line.id, self.line_south.id})
        with self.assertRaises(AccessError):
            line.unlink()
        with self.assertRaises(AccessError):
            self.line_b.with_user(self.operator).write({"hours": 1.0})
        with self.assertRaises(AccessError):
            self.step_north.with_user(self.operator).write({"date_planned_end": "2026-12-20"})
        with self.assertRaises(AccessError):
            self.env["casework.step"].with_user(self.operator).create({
                "beneficiary_id": self.dossier_north.id, "offer_id": self.offer.id,
                "date_planned_start": "2026-11-20", "date_planned_end": "2026-12-20"})

    def test_operator_without_organisation_sees_nothing(self):
        for model in ("casework.step", "casework.attendance", "casework.offer.session"):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(self.operator_none).search([]))

    def test_finance_reads_numbers_and_no_names(self):
        for model in ("casework.step", "casework.attendance"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.finance).search([])
        session = self.session_past.with_user(self.finance)
        values = session.read(["attendance_hours", "attendance_present_count", "seats_taken", "duration"])[0]
        self.assertEqual((values["attendance_hours"], values["attendance_present_count"]), (4.0, 1))
        with self.assertRaises(AccessError):
            session.step_ids.mapped("participant_name")
        with self.assertRaises(AccessError):
            session.web_read({"attendance_ids": {"fields": {"participant_name": {}}}})


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestOperatorRpc(HttpCase, AttendanceCommon):
    """The operator over JSON-RPC, as the web client calls the server."""

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": {**kwargs, "context": {}},
        })

    def assertRefused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self.call(model, method, *args, **kwargs)
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_operator_over_rpc(self):
        line = self._attend(self.session_past, self.step_south)
        self.authenticate("cw_operator", PASSWORD)
        result = self.call("casework.attendance", "web_search_read", [], specification={
            "participant_name": {}, "state": {}, "hours": {}, "display_name": {},
            "session_id": {"fields": {"display_name": {}}}, "step_id": {"fields": {"display_name": {}}},
        })
        self.assertEqual([record["id"] for record in result["records"]], line.ids)
        dump = json.dumps(result, ensure_ascii=False)
        self.assertIn("GARCIA Inès", dump)
        for secret in (self.dossier_south.number, "1985-03-12", "07 81 22 33 44", "rue des Lilas"):
            self.assertNotIn(secret, dump)
        steps = self.call("casework.step", "search_read", [], ["participant_name", "date_start", "state"])
        self.assertEqual({step["participant_name"] for step in steps}, {"DUPONT Marie", "LEROY Paul", "GARCIA Inès"})
        self.assertRefused("casework.step", "read", self.step_south.ids, ["beneficiary_id"])
        self.assertRefused("casework.step", "web_read", self.step_south.ids,
                           specification={"beneficiary_id": {"fields": {"display_name": {}}}})
        self.assertRefused("casework.beneficiary", "read", [self.dossier_south.id], ["name", "birth_date"])
        self.assertRefused("casework.step", "read", self.step_b.ids, ["state"])
        self.assertRefused("casework.attendance", "write", line.ids, {"step_id": self.step_b.id})
