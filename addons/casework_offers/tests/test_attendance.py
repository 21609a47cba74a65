from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon


class AttendanceCommon(CaseworkCommon):
    """Two operators (``org_a``, the test operator's organisation, and
    ``org_b``), an offer of each with attendance required and not managed by
    sessions, a past and a future session of ``offer``, and steps in
    progress on it for the three dossiers (North, North other, South).
    Today is 2026-11-15 (``CaseworkCommon``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        operator_profile = [Command.create({"role": "operator"})]
        cls.org_a = Partner.create({"name": "Tremplin Emploi", "is_company": True,
                                    "casework_profile_ids": operator_profile})
        cls.org_b = Partner.create({"name": "Cap Formation", "is_company": True,
                                    "casework_profile_ids": operator_profile})
        cls.operator.casework_operator_partner_id = cls.org_a
        groups = "base.group_user,casework_base.group_casework_operator"
        cls.operator_b = new_test_user(env, login="cw_operator_b", groups=groups, password=PASSWORD)
        cls.operator_b.casework_operator_partner_id = cls.org_b
        cls.operator_none = new_test_user(env, login="cw_operator_none", groups=groups, password=PASSWORD)
        cls.offer_manager = new_test_user(
            env, login="cw_offer_manager", password=PASSWORD,
            groups="base.group_user,casework_offers.group_casework_offer_manager",
        )
        cls.trainer = Partner.create({"name": "Claire Formatrice", "parent_id": cls.org_a.id})

        Offer = env["casework.offer"]
        offer_vals = {"date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31), "attendance_required": True}
        cls.offer = Offer.create({**offer_vals, "name": "Atelier CV et lettre de motivation",
                                  "operator_id": cls.org_a.id})
        cls.offer_b = Offer.create({**offer_vals, "name": "Permis B accompagné", "operator_id": cls.org_b.id})
        Session = env["casework.offer.session"]
        cls.session_past = Session.create({
            "name": "Séance du 10 novembre", "offer_id": cls.offer.id, "place": "Privas, salle 2",
            "date_start": datetime(2026, 11, 10, 8, 0), "date_end": datetime(2026, 11, 10, 12, 0),
            "trainer_id": cls.trainer.id,
        })
        cls.session_future = Session.create({
            "name": "Séance du 20 novembre", "offer_id": cls.offer.id,
            "date_start": datetime(2026, 11, 20, 8, 0), "date_end": datetime(2026, 11, 20, 12, 0),
        })
        cls.session_b = Session.create({
            "name": "Code de la route", "offer_id": cls.offer_b.id,
            "date_start": datetime(2026, 11, 9, 13, 0), "date_end": datetime(2026, 11, 9, 16, 0),
        })
        cls.step_north = cls._create_step(cls.dossier_north, cls.offer)
        cls.step_north_other = cls._create_step(cls.dossier_north_other, cls.offer)
        cls.step_south = cls._create_step(cls.dossier_south, cls.offer)
        cls.step_b = cls._create_step(cls.dossier_north, cls.offer_b)

    @classmethod
    def _create_step(cls, dossier, offer, **vals):
        return cls.env["casework.step"].create({
            "beneficiary_id": dossier.id, "offer_id": offer.id, "operator_id": offer.operator_id.id, "state": "step",
            "date_planned_start": date(2026, 11, 2), "date_planned_end": date(2026, 12, 15),
            "date_start": date(2026, 11, 2), **vals,
        })

    @classmethod
    def _attend(cls, session, step, **vals):
        return cls.env["casework.attendance"].create({"session_id": session.id, "step_id": step.id, **vals})


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestAttendance(AttendanceCommon):
    def test_prepare_creates_the_missing_lines(self):
        """One line per participant the user may sign off, present for the
        session's length; a second run adds nothing."""
        session = self.session_past
        self.assertEqual(session.duration, 4.0)
        self._attend(session, self.step_north_other, state="excused")
        created = session.with_user(self.manager)._prepare_attendance_lines()
        # the head of service of the North: the North dossiers only, one already prepared
        self.assertEqual(created.step_id, self.step_north)
        self.assertEqual((created.state, created.hours), ("present", 4.0))
        created = session.with_user(self.operator)._prepare_attendance_lines()
        self.assertEqual(created.step_id, self.step_south)
        self.assertFalse(session._prepare_attendance_lines())
        self.assertEqual(len(session.attendance_ids), 3)
        self.assertEqual(session.attendance_ids.filtered(lambda a: a.step_id == self.step_north_other).hours, 0.0)

    def test_participants_of_a_session(self):
        """Without sessions management: the steps of the offer in progress on
        the session's day; with it: the steps on the session."""
        self._create_step(self.dossier_south, self.offer, date_planned_start=date(2026, 11, 12),
                          date_start=date(2026, 11, 12))
        participants = self.step_north | self.step_north_other | self.step_south
        self.assertEqual(self.session_past._attendance_participant_steps(), participants)
        offer = self.env["casework.offer"].create({
            "name": "Remobilisation par le sport", "operator_id": self.org_a.id, "use_sessions": True,
            "date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31), "attendance_required": True,
        })
        session = self.env["casework.offer.session"].create({
            "name": "Groupe de novembre", "offer_id": offer.id, "capacity": 3,
            "date_start": datetime(2026, 11, 3, 8, 0), "date_end": datetime(2026, 11, 3, 16, 0),
        })
        vals = {"session_id": session.id, "date_planned_start": date(2026, 11, 3), "date_start": date(2026, 11, 3)}
        on_session = self._create_step(self.dossier_north, offer, **vals)
        positioning = self._create_step(self.dossier_south, offer, **{**vals, "state": "positioning",
                                                                     "date_start": False})
        self.assertEqual(session._attendance_participant_steps(), on_session)
        self.assertEqual((session.seats_taken, session.seats_left), (2, 1))
        positioning.state = "cancelled"
        session.invalidate_recordset(["seats_taken", "seats_left"])
        self.assertEqual((session.seats_taken, session.seats_left), (1, 2))
        with self.assertRaisesMessage(ValidationError, "does not take part in session Groupe de novembre"):
            self._attend(session, self.step_north)

    def test_hours_bounds(self):
        line = self._attend(self.session_past, self.step_north)
        self.assertEqual(line.hours, 4.0)
        with self.assertRaisesMessage(
            ValidationError, "4.5 hours of attendance are more than the 4.0 hours of session Séance du 10 novembre",
        ):
            line.write({"hours": 4.5})
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            line.write({"hours": -1})
        with self.assertRaisesMessage(ValidationError, "An absence counts no hours"):
            line.write({"state": "unexcused", "hours": 1})
        line.write({"hours": 2.5})
        self.assertEqual(line.hours, 2.5)
        line.state = "excused"
        self.assertEqual(line.hours, 0.0)
        # a shorter session length than hours signed is refused, a longer one than its span too
        self._attend(self.session_past, self.step_south, hours=3.5)
        with self.assertRaisesMessage(ValidationError, "a participant attended 3.5 hours"):
            self.session_past.duration = 3.0
        with self.assertRaisesMessage(ValidationError, "at most 4.0 hours"):
            self.session_past.duration = 5.0
        self.session_past.duration = 3.5

    def test_operator_business_refusal_is_not_an_access_refusal(self):
        """The operator creating a line of a step it runs gets the business
        message, not the access refusal of a dossier it may not change."""
        Attendance = self.env["casework.attendance"].with_user(self.operator)
        with self.assertRaisesMessage(ValidationError, "more than the 4.0 hours"):
            Attendance.create({"session_id": self.session_past.id, "step_id": self.step_south.id, "hours": 6})
        with self.assertRaises(AccessError):
            self.env["casework.attendance"].with_user(self.operator_b).create({
                "session_id": self.session_past.id, "step_id": self.step_south.id, "hours": 6})

    def test_sign_off_before_the_session_is_refused(self):
        for user in (self.manager, self.operator):
            with self.subTest(user=user.login), self.assertRaisesMessage(
                UserError, "Session Séance du 20 novembre ends on",
            ):
                self.session_future.with_user(user).action_sign_off()
        self.assertEqual(self.session_future.attendance_state, "open")

    def test_sign_off_needs_every_participant(self):
        self._attend(self.session_past, self.step_north)
        with self.assertRaisesMessage(UserError, "has 2 participants without attendance"):
            self.session_past.with_user(self.operator).action_sign_off()

    def test_sign_off_freezes_the_attendance(self):
        session = self.session_past
        session._prepare_attendance_lines()
        line = session.attendance_ids.filtered(lambda a: a.step_id == self.step_south)
        session.with_user(self.operator).action_sign_off()
        self.assertEqual(session.attendance_state, "done")
        # the operator, a referent of the dossier: refused
        with self.assertRaisesMessage(UserError, "session Séance du 10 novembre is signed off"):
            line.with_user(self.operator).write({"hours": 3})
        north_line = session.attendance_ids.filtered(lambda a: a.step_id == self.step_north)
        with self.assertRaisesMessage(UserError, "is signed off"):
            north_line.with_user(self.referent).write({"state": "unexcused"})
        with self.assertRaisesMessage(UserError, "is signed off"):
            north_line.with_user(self.referent).unlink()
        with self.assertRaises(AccessError):
            session.with_user(self.operator).action_reopen_attendance()
        with self.assertRaises(AccessError):
            session.with_user(self.operator).write({"attendance_state": "open"})
        # a manager of the offer corrects it, and reopens the sign-off
        north_line.with_user(self.manager).write({"state": "excused"})
        self.assertEqual(north_line.hours, 0.0)
        session.with_user(self.manager).action_reopen_attendance()
        self.assertEqual(session.attendance_state, "open")
        line.with_user(self.operator).write({"hours": 3})

    def test_sign_off_is_for_the_operator_and_the_managers(self):
        self.session_past._prepare_attendance_lines()
        for user in (self.operator_b, self.operator_none, self.fse, self.finance, self.referent):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.session_past.with_user(user).action_sign_off()
        self.session_past.with_user(self.offer_manager).action_sign_off()
        self.assertEqual(self.session_past.attendance_state, "done")

    def test_sessions_are_changed_by_the_managers_of_the_offer(self):
        session = self.session_past
        for user in (self.referent, self.operator, self.fse):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                session.with_user(user).write({"capacity": 12})
        with self.assertRaises(AccessError):
            self.env["casework.offer.session"].with_user(self.referent).create({
                "name": "Séance sauvage", "offer_id": self.offer.id,
                "date_start": datetime(2026, 12, 1, 8, 0), "date_end": datetime(2026, 12, 1, 12, 0)})
        session.with_user(self.offer_manager).write({"capacity": 12})
        self.offer.manager_ids = self.referent
        session.with_user(self.referent).write({"place": "Privas, salle 3"})
        # the operator files back the signed sheet of its own sessions only
        session.with_user(self.operator).write({"signed_sheet": "JVBERi0xLjQK", "signed_sheet_name": "sheet.pdf"})
        self.assertEqual(session.signed_sheet_name, "sheet.pdf")
        with self.assertRaises(AccessError):
            self.session_b.with_user(self.operator).write({"signed_sheet_name": "other.pdf"})
        # the scanned sheet names every participant: not for a referent, nor finance
        for user in (self.referent, self.finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                session.with_user(user).read(["signed_sheet"])

    def test_totals(self):
        """Hours per session (a sum finance reads) and per participant."""
        session = self.session_past
        self._attend(session, self.step_north, hours=3.5)
        self._attend(session, self.step_north_other, state="unexcused")
        self._attend(session, self.step_south)
        self._attend(self.session_b, self.step_b, hours=2)
        values = session.with_user(self.finance).read(["attendance_hours", "attendance_present_count", "seats_taken"])
        self.assertEqual(values[0]["attendance_hours"], 7.5)
        self.assertEqual(values[0]["attendance_present_count"], 2)
        Step = self.env["casework.step"]
        if "attendance_hours" in Step._fields:
            self.assertEqual(self.step_north.attendance_hours, 3.5)
            self.assertEqual(self.step_north_other.attendance_hours, 0.0)
        groups = self.env["casework.attendance"].with_user(self.manager)._read_group(
            [], ["step_id"], ["hours:sum"])
        self.assertEqual(dict(groups), {self.step_north: 3.5, self.step_north_other: 0.0, self.step_b: 2.0})
        if "attendance_hours" in self.env["casework.offer"]._fields:
            self.assertEqual(self.offer.with_user(self.finance).attendance_hours, 7.5)

    def test_finance_reads_no_participant(self):
        self._attend(self.session_past, self.step_north)
        session = self.session_past.with_user(self.finance)
        with self.assertRaises(AccessError):
            self.env["casework.attendance"].with_user(self.finance).search([])
        with self.assertRaises(AccessError):
            session.attendance_ids.mapped("participant_name")
        with self.assertRaises(AccessError):
            session._attendance_sheet_rows()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.finance)._render_qweb_html(
                "casework_offers.casework_attendance_sheet_report", session.ids)

    def test_sheet_renders_the_names_and_a_blank_signature_column(self):
        Report = self.env["ir.actions.report"]
        report = "casework_offers.casework_attendance_sheet_report"
        html = Report.with_user(self.manager)._render_qweb_html(report, self.session_past.ids)[0].decode()
        for text in ("Attendance sheet", "Atelier CV et lettre de motivation", "Séance du 10 novembre",
                     "Privas, salle 2", "Claire Formatrice", "Signature", "DUPONT Marie", "LEROY Paul"):
            self.assertIn(text, html)
        self.assertEqual(html.count('class="o_casework_signature"'), 2)
        # under the user's rights: the South participant is not the North manager's
        self.assertNotIn("GARCIA", html)
        # the sheet of the referent of one participant names that one only
        html = Report.with_user(self.referent)._render_qweb_html(report, self.session_past.ids)[0].decode()
        self.assertIn("DUPONT Marie", html)
        self.assertNotIn("LEROY", html)
