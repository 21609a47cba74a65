import base64
import json
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import PASSWORD

from .test_attendance import AttendanceCommon

SHEET_A = b"%PDF-1.4 Feuille signee: DUPONT Marie, GARCIA Ines, LEROY Paul"
SHEET_MULTI = b"%PDF-1.4 Feuille signee: DUPONT Marie (Tremplin), GARCIA Ines (Cap Formation)"


class AttackCommon(AttendanceCommon):
    """The attendance fixtures, plus an offer run by both operators (its
    operator chosen at enrolment) with a past session, a participant of each
    operator on it, the signed sheets filed back on ``session_past`` (by the
    operator running it) and on the shared session (by an offer manager),
    and a system administrator without any Casework role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.it_admin = new_test_user(
            env, login="cw_it_admin", groups="base.group_user,base.group_system", password=PASSWORD,
        )
        cls.offer_multi = env["casework.offer"].create({
            "name": "Mobilité et permis", "date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31),
            "is_multi_operator": True, "operator_ids": [Command.set((cls.org_a | cls.org_b).ids)],
        })
        cls.session_multi = env["casework.offer.session"].create({
            "name": "Séance mobilité du 12 novembre", "offer_id": cls.offer_multi.id,
            "date_start": datetime(2026, 11, 12, 8, 0), "date_end": datetime(2026, 11, 12, 12, 0),
        })
        cls.step_multi_a = cls._create_step(cls.dossier_north, cls.offer_multi, operator_id=cls.org_a.id)
        cls.step_multi_b = cls._create_step(cls.dossier_south, cls.offer_multi, operator_id=cls.org_b.id)
        cls.line_south = cls._attend(cls.session_past, cls.step_south)
        cls._attend(cls.session_multi, cls.step_multi_a)
        cls._attend(cls.session_multi, cls.step_multi_b)
        cls.session_past.with_user(cls.operator).signed_sheet = base64.b64encode(SHEET_A)
        cls.session_multi.with_user(cls.offer_manager).signed_sheet = base64.b64encode(SHEET_MULTI)

    def _sheet_attachments(self, user):
        """The files of signed sheets ``user`` finds (an access refusal: none)."""
        return self.env["ir.attachment"].with_user(user).search([
            ("res_model", "=", "casework.offer.session"), ("res_field", "=", "signed_sheet"),
        ])


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestAttackReview(AttackCommon):
    """Paths found open by the review, each closed by a fix."""

    def test_shared_session_sheet_is_for_the_offer_managers(self):
        """On an offer run by several operators, the signed sheet names the
        participants of each: no operator reads it, nor files one back."""
        for user in (self.operator, self.operator_b):
            with self.subTest(user=user.login):
                session = self.session_multi.with_user(user)
                self.assertFalse(session.read(["signed_sheet"])[0]["signed_sheet"])
                self.assertFalse(session.web_read({"signed_sheet": {}, "signed_sheet_name": {}})[0]["signed_sheet"])
                self.assertNotIn(self.session_multi.id, self._sheet_attachments(user).mapped("res_id"))
                with self.assertRaises(AccessError):
                    session.write({"signed_sheet": base64.b64encode(b"%PDF-1.4 autre")})
        manager_values = self.session_multi.with_user(self.offer_manager).read(["signed_sheet"])[0]
        self.assertEqual(base64.b64decode(manager_values["signed_sheet"]), SHEET_MULTI)
        self.assertIn(self.session_multi.id, self._sheet_attachments(self.offer_manager).mapped("res_id"))

    def test_sole_operator_keeps_its_sheet(self):
        """The operator running an offer alone reads and files back its sheets."""
        session = self.session_past.with_user(self.operator)
        self.assertEqual(base64.b64decode(session.read(["signed_sheet"])[0]["signed_sheet"]), SHEET_A)
        self.assertEqual(self._sheet_attachments(self.operator).res_id, self.session_past.id)
        session.write({"signed_sheet": base64.b64encode(b"%PDF-1.4 v2"), "signed_sheet_name": "v2.pdf"})
        self.assertFalse(self._sheet_attachments(self.operator_b))

    def test_system_administrator_reads_no_signed_sheet(self):
        """Odoo lets system administrators read any field's file: not the
        sheets, which name the participants."""
        attachment = self._sheet_attachments(self.offer_manager).filtered(
            lambda att: att.res_id == self.session_past.id)
        self.assertTrue(attachment)
        self.assertFalse(self._sheet_attachments(self.it_admin))
        self.assertFalse(self.env["ir.attachment"].with_user(self.it_admin).search([("id", "=", attachment.id)]))
        with self.assertRaises(AccessError):
            attachment.with_user(self.it_admin).read(["datas", "name"])
        with self.assertRaises(AccessError):
            self.session_past.with_user(self.it_admin).read(["signed_sheet"])
        # the other files of the system stay theirs
        other = self.env["ir.attachment"].create({"name": "logo.txt", "raw": b"logo", "res_model": "res.partner",
                                                  "res_id": self.org_a.id})
        self.assertEqual(self.env["ir.attachment"].with_user(self.it_admin).search([("id", "=", other.id)]), other)

    def test_operator_reads_no_territory_of_the_dossier(self):
        """The dossier's territory (where the person lives) is the dossier's,
        as its number: the operator reads neither on a step nor an attendance."""
        for record in (self.step_south, self.line_south):
            with self.subTest(model=record._name):
                Model = self.env[record._name].with_user(self.operator)
                with self.assertRaises(AccessError):
                    record.with_user(self.operator).read(["territory_id"])
                with self.assertRaises(AccessError):
                    Model.search([("territory_id", "=", self.south.id)])
                with self.assertRaises(AccessError):
                    Model.formatted_read_group([], ["territory_id"], ["__count"])
                # what the operator reads still works
                self.assertEqual(record.with_user(self.operator).participant_name, "GARCIA Inès")
        self.assertEqual(self.step_south.with_user(self.referent_south).territory_id, self.south)

    def test_step_operator_is_the_offers_or_none(self):
        """An offer without operator gives its steps none: a step naming an
        organisation would show the person to it."""
        offer = self.env["casework.offer"].create({
            "name": "Atelier interne", "date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31)})
        Step = self.env["casework.step"].with_user(self.referent_south)
        vals = {"beneficiary_id": self.dossier_south.id, "offer_id": offer.id,
                "date_planned_start": date(2026, 11, 16), "date_planned_end": date(2026, 12, 18)}
        with self.assertRaisesMessage(ValidationError, "has no operator: its steps have none either"):
            Step.create({**vals, "operator_id": self.org_b.id})
        step = Step.create(vals)
        self.assertFalse(step.operator_id)
        with self.assertRaisesMessage(ValidationError, "has no operator: its steps have none either"):
            step.write({"operator_id": self.org_b.id})
        self.assertFalse(self.env["casework.step"].with_user(self.operator_b).search([("offer_id", "=", offer.id)]))

    def test_offer_keeps_the_operators_of_its_steps(self):
        """Handing an offer people were positioned on to another operator
        would leave the former one reading their names: refused."""
        message = "cannot change. Deactivate the offer and create another one."
        with self.assertRaisesMessage(ValidationError, message):
            self.offer.with_user(self.offer_manager).write({"operator_id": self.org_b.id})
        with self.assertRaisesMessage(ValidationError, message):
            self.offer_multi.with_user(self.offer_manager).write({"operator_ids": [Command.unlink(self.org_b.id)]})
        org_c = self.env["res.partner"].create({
            "name": "Alpes Compétences", "is_company": True,
            "casework_profile_ids": [Command.create({"role": "operator"})],
        })
        self.offer_multi.with_user(self.offer_manager).write({"operator_ids": [Command.link(org_c.id)]})
        self.session_future.sudo().unlink()
        unused = self.env["casework.offer"].create({
            "name": "Atelier sans inscrits", "date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31),
            "operator_id": self.org_a.id})
        unused.with_user(self.offer_manager).write({"operator_id": self.org_b.id})
        self.assertEqual(unused.operator_id, self.org_b)

    def test_session_with_participants_stays_on_its_offer(self):
        """A referent named manager of two offers moves no session with
        participants to the other offer (its operator would read the sheet
        naming them) and deletes none (the attendance of people out of their
        scope would go with it)."""
        (self.offer | self.offer_b).sudo().manager_ids = [Command.link(self.referent_south.id)]
        session = self.session_past.with_user(self.referent_south)
        message = "cannot be moved to another offer nor deleted"
        with self.assertRaisesMessage(UserError, message):
            session.write({"offer_id": self.offer_b.id})
        with self.assertRaisesMessage(UserError, message):
            session.unlink()
        with self.assertRaisesMessage(UserError, message):
            self.session_multi.with_user(self.offer_manager).unlink()
        self.assertEqual(self.line_south.exists(), self.line_south)
        # an empty session is theirs to move or delete
        self.session_future.with_user(self.referent_south).write({"offer_id": self.offer_b.id})
        self.session_future.with_user(self.referent_south).unlink()
        self.assertFalse(self.session_future.exists())


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestAttackReviewClosed(AttackCommon):
    """Paths tried and found closed: kept closed."""

    def test_related_paths_in_domains_do_not_filter(self):
        """A domain through a field the user may not read is refused, not
        silently used to enumerate people."""
        operator_domains = {
            "casework.step": [
                [("beneficiary_id.birth_date", "=", "1985-03-12")],
                [("attendance_ids.beneficiary_id.phone", "like", "06")],
                [("appointment_ids.casework_beneficiary_id.birth_date", "=", "1985-03-12")],
            ],
            "casework.attendance": [
                [("step_id.beneficiary_id.birth_date", "=", "1985-03-12")],
                [("beneficiary_id.phone", "like", "06")],
            ],
            "casework.offer": [[("step_ids.beneficiary_id.phone", "like", "06")]],
            "casework.offer.session": [[("step_ids.beneficiary_id.phone", "like", "06")]],
        }
        for model, domains in operator_domains.items():
            for domain in domains:
                with self.subTest(model=model, domain=domain), self.assertRaises(AccessError):
                    self.env[model].with_user(self.operator).search(domain)
        for user in (self.finance, self.outsider, self.it_admin):
            for model, domain in (
                ("casework.offer.session", [("step_ids.participant_name", "ilike", "Dupont")]),
                ("casework.offer", [("session_ids.attendance_ids.participant_name", "ilike", "Garcia")]),
                ("casework.offer", [("session_ids.step_ids.participant_name", "ilike", "Dupont")]),
            ):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search(domain)

    def test_names_of_other_territories_are_not_enumerated(self):
        south = self.referent_south
        Step = self.env["casework.step"].with_user(south)
        self.assertFalse(Step.search([("participant_name", "ilike", "Dupont")]))
        self.assertFalse(Step.search([("participant_name", "in", ["DUPONT Marie", "LEROY Paul"])]))
        self.assertFalse(self.env["casework.offer.session"].with_user(south).search(
            [("attendance_ids.participant_name", "ilike", "Dupont")]))
        self.assertFalse(self.env["casework.offer"].with_user(south).search(
            [("step_ids.participant_name", "ilike", "Leroy")]))
        groups = Step.formatted_read_group([], ["beneficiary_id"], ["__count"])
        self.assertEqual({group["beneficiary_id"][0] for group in groups}, {self.dossier_south.id})
        rows = self.session_past.with_user(south)._attendance_sheet_rows()
        self.assertEqual([row["name"] for row in rows], ["GARCIA Inès"])
        self.assertEqual(self.offer.with_user(south).step_count, 1)
        # the other operator: nothing of this offer's people
        self.assertFalse(self.env["casework.step"].with_user(self.operator_b).search(
            [("participant_name", "ilike", "Leroy")]))
        self.assertEqual(self.session_multi.with_user(self.operator_b)._attendance_sheet_rows()[0]["name"],
                         "GARCIA Inès")
        self.assertEqual(len(self.session_multi.with_user(self.operator_b)._attendance_sheet_rows()), 1)

    def test_finance_and_users_without_role_read_no_names(self):
        for user in (self.finance, self.outsider, self.it_admin):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.session_past.with_user(user)._attendance_sheet_rows()
                with self.assertRaises(AccessError):
                    self.session_past.with_user(user).web_read(
                        {"attendance_ids": {"fields": {"participant_name": {}}}})
                with self.assertRaises(AccessError):
                    self.offer.with_user(user).read(["step_ids"])
                with self.assertRaises(AccessError):
                    self.env["casework.attendance"].with_user(user).formatted_read_group(
                        [], ["step_id"], ["__count"])
                # numbers without names
                self.assertEqual(self.offer.with_user(user).attendance_hours, 4.0)
                self.assertEqual(self.offer.with_user(user).step_count, 0)

    def test_wizards_refuse_dossiers_out_of_scope(self):
        """A referent named manager of an offer enrols only the dossiers they
        may change, whatever the context says; nobody ends another's step."""
        self.offer.sudo().manager_ids = [Command.link(self.referent_south.id)]
        Enrol = self.env["casework.step.enroll.wizard"].with_user(self.referent_south)
        with self.assertRaises(AccessError):
            Enrol.with_context(active_model="casework.beneficiary", active_ids=[self.dossier_north.id]).default_get(
                ["beneficiary_ids", "offer_id"])
        with self.assertRaises(AccessError):
            Enrol.with_context(default_beneficiary_ids=[self.dossier_north.id]).default_get(["beneficiary_ids"])
        with self.assertRaises(AccessError):
            Enrol.create({"offer_id": self.offer.id, "beneficiary_ids": [Command.set(self.dossier_north.ids)]})
        End = self.env["casework.step.end.wizard"].with_user(self.referent_south)
        with self.assertRaises(AccessError):
            End.with_context(default_step_id=self.step_north.id).default_get(["step_id"])
        with self.assertRaises(AccessError):
            End.create({"step_id": self.step_north.id, "end_reason_id": self.env.ref(
                "casework_offers.step_end_reason_completed").id})
        with self.assertRaises(AccessError):
            self.step_north.with_user(self.referent_south).action_open_end_wizard()

    def test_proposing_on_a_dossier_out_of_scope(self):
        offer = self.offer.with_user(self.referent_south)
        with self.assertRaises(AccessError):
            offer.action_propose(self.dossier_north.id)
        with self.assertRaises(AccessError):
            offer.with_context(casework_propose_beneficiary_id=self.dossier_north.id).action_propose()
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.referent_south).action_propose_offer()
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.operator).read(["last_step_ids"])

    def test_records_do_not_point_out_of_scope(self):
        with self.assertRaises(AccessError):
            self.line_south.with_user(self.referent_south).write({"step_id": self.step_north.id})
        with self.assertRaises(AccessError):
            self.line_south.with_user(self.operator).write({"step_id": self.step_north_other.id})
        with self.assertRaises(AccessError):
            self.env["casework.attendance"].with_user(self.operator).create(
                {"session_id": self.session_b.id, "step_id": self.step_b.id})
        with self.assertRaises(AccessError):
            self.env["casework.attendance"].with_user(self.referent_south).create(
                {"session_id": self.session_past.id, "step_id": self.step_north.id})
        # a business refusal (the session is of another offer, on other dates), no access
        with self.assertRaises(ValidationError):
            self.step_south.with_user(self.referent_south).write({"session_id": self.session_b.id})
        with self.assertRaises(AccessError):
            self.step_north.with_user(self.referent_south).write({"date_planned_end": date(2026, 12, 20)})

    def test_chatter_of_offers_and_sessions(self):
        """Operators, finance and users without a Casework role do not post on
        the offers they read; sessions have no chatter."""
        for user, record in ((self.operator, self.offer), (self.finance, self.offer),
                             (self.outsider, self.offer), (self.operator_b, self.offer)):
            with self.subTest(user=user.login, model=record._name), self.assertRaises(AccessError):
                record.with_user(user).message_post(body="Mme Dupont est absente")
        # a session has no chatter: what would be written there about its participants
        # would reach every reader of the session (finance, every referent)
        self.assertNotIn("message_ids", self.env["casework.offer.session"]._fields)


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestAttackReviewHttp(HttpCase, AttackCommon):
    """The same over HTTP: the sheet's download, the printed sheet, JSON-RPC."""

    REPORT = "/report/html/casework_offers.casework_attendance_sheet_document/%s"
    SHEET = "/web/content/casework.offer.session/%s/signed_sheet"

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": {**kwargs, "context": {}},
        })

    def _get(self, url):
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model"):
            return self.url_open(url)

    def test_sheets_over_http(self):
        self.authenticate("cw_operator", PASSWORD)
        self.assertEqual(self._get(self.SHEET % self.session_past.id).content, SHEET_A)
        self.assertNotEqual(self._get(self.SHEET % self.session_multi.id).status_code, 200)
        self.authenticate("cw_operator_b", PASSWORD)
        for session in (self.session_past, self.session_multi):
            with self.subTest(session=session.name):
                response = self._get(self.SHEET % session.id)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(b"DUPONT", response.content)
        # the printed sheet of a shared session: its own participant only
        response = self._get(self.REPORT % self.session_multi.id)
        self.assertIn("GARCIA Inès", response.text)
        self.assertNotIn("DUPONT", response.text)
        self.assertNotEqual(self._get(self.REPORT % self.session_past.id).status_code, 200)
        for login in ("cw_finance", "cw_outsider", "cw_it_admin"):
            self.authenticate(login, PASSWORD)
            for url in (self.REPORT % self.session_past.id, self.SHEET % self.session_past.id,
                        self.SHEET % self.session_multi.id):
                with self.subTest(login=login, url=url):
                    response = self._get(url)
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn("DUPONT", response.text)

    def test_attachments_over_rpc(self):
        for login in ("cw_it_admin", "cw_operator_b"):
            self.authenticate(login, PASSWORD)
            with self.subTest(login=login):
                found = self.call("ir.attachment", "search_read", [
                    ("res_model", "=", "casework.offer.session"), ("res_field", "!=", False)],
                    ["name", "datas", "res_id"])
                self.assertFalse(found)

    def test_operator_over_rpc_reads_names_only(self):
        self.authenticate("cw_operator", PASSWORD)
        answers = [
            self.call("casework.step", "web_search_read", [], specification={
                "participant_name": {}, "date_start": {}, "offer_id": {"fields": {"display_name": {}}},
                "session_id": {"fields": {"display_name": {}}}, "attendance_ids": {"fields": {"hours": {}}}}),
            self.call("casework.offer.session", "web_read", [self.session_past.id, self.session_multi.id],
                      specification={"attendance_ids": {"fields": {"display_name": {}, "participant_name": {}}},
                                     "signed_sheet_name": {}}),
            self.call("casework.offer", "web_read", [self.offer.id], specification={
                "step_ids": {"fields": {"participant_name": {}, "display_name": {}}}}),
        ]
        dump = json.dumps(answers, ensure_ascii=False)
        self.assertIn("GARCIA Inès", dump)
        for secret in (self.dossier_south.number, "1985-03-12", "07 81 22 33 44", "rue des Lilas", "Sud"):
            self.assertNotIn(secret, dump)
        for model, method, args, kwargs in (
            ("casework.step", "read", [self.step_south.ids, ["territory_id"]], {}),
            ("casework.step", "search", [[("beneficiary_id.phone", "like", "07")]], {}),
            ("casework.step", "read", [self.step_multi_b.ids, ["participant_name"]], {}),
            ("casework.attendance", "formatted_read_group", [[], ["territory_id"], ["__count"]], {}),
        ):
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException) as caught, \
                    mute_logger("odoo.http"):
                self.call(model, method, *args, **kwargs)
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
