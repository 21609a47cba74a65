from collections import Counter
from datetime import timedelta

from stdnum.fr import siret

from odoo.tests import TransactionCase, tagged

DEMO_ORGANISATIONS = [
    "demo_operator_tremplin", "demo_operator_vivarais", "demo_operator_mobilite", "demo_employer_ehpad",
    "demo_employer_transports", "demo_employer_scop", "demo_employer_ressourcerie",
    "demo_prescriber_france_travail", "demo_prescriber_ccas", "demo_prescriber_mission_locale",
    "demo_funder_departement", "demo_funder_fse", "demo_ordering_party_plie",
]
OPERATOR_USERS = {
    "casework_base.demo_user_operateur_nord": "casework_offers.demo_operator_tremplin",
    "casework_base.demo_user_operateur_centre": "casework_offers.demo_operator_vivarais",
    "casework_base.demo_user_operateur_sud": "casework_offers.demo_operator_mobilite",
}


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """The demo catalogue, when the module was installed with its demo data
    (``make run``): its size, the consistency of its dates and seats, and
    the scope of the demo operators. Skipped on a database without demo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo_offer = cls.env.ref("casework_offers.demo_offer_cv", raise_if_not_found=False)
        if cls.demo_offer:
            cls.offers = cls.env["casework.offer"].with_context(active_test=False).search(
                [("id", "in", [cls.env.ref(xmlid).id for xmlid in cls._demo_xmlids("casework.offer")])]
            )
            cls.steps = cls.offers.step_ids
            cls.sessions = cls.offers.session_ids

    @classmethod
    def _demo_xmlids(cls, model):
        data = cls.env["ir.model.data"].search([
            ("module", "=", "casework_offers"), ("model", "=", model), ("name", "=like", "demo_%"),
        ])
        return [f"casework_offers.{name}" for name in data.mapped("name")]

    def setUp(self):
        super().setUp()
        if not self.demo_offer:
            self.skipTest("casework_offers was installed without its demo data")

    def test_directory(self):
        organisations = [self.env.ref(f"casework_offers.{xmlid}") for xmlid in DEMO_ORGANISATIONS]
        for organisation in organisations:
            self.assertTrue(organisation.is_company)
            self.assertTrue(siret.is_valid(organisation.company_registry), organisation.name)
            self.assertRegex(organisation.casework_naf_code, r"^\d{2}\.\d{2}[A-Z]$")
            self.assertTrue(organisation.casework_legal_form)
            self.assertTrue(organisation.casework_profile_ids, organisation.name)
        roles = Counter(role for org in organisations for role in set(org.casework_profile_ids.mapped("role")))
        self.assertEqual(roles["operator"], 3)
        for role in ("employer", "prescriber", "funder", "ordering_party", "accompanist"):
            self.assertTrue(roles[role], role)
        for user_xmlid, operator_xmlid in OPERATOR_USERS.items():
            operator = self.env.ref(operator_xmlid)
            self.assertEqual(self.env.ref(user_xmlid).casework_operator_partner_id, operator)
            self.assertEqual(operator.casework_contact_user_id, self.env.ref(user_xmlid))

    def test_catalogue(self):
        self.assertEqual(len(self.offers.classification_id), 4)
        self.assertTrue(14 <= len(self.offers) <= 20, len(self.offers))
        self.assertEqual(len(self.offers.filtered("is_multi_operator")), 1)
        self.assertEqual(len(self.offers.filtered("is_multi_operator").operator_ids), 3)
        self.assertTrue(self.offers.filtered(lambda o: not o.active), "one past offer is archived")
        self.assertTrue(self.offers.filtered("use_sessions"))
        self.assertTrue(self.offers.filtered("attendance_required"))
        referent = self.env.ref("casework_base.demo_user_referent_nord")
        self.assertEqual(len(self.offers.filtered(lambda o: referent in o.manager_ids)), 1)
        self.assertGreaterEqual(len(self.sessions), 30)
        self.assertTrue(all(self.sessions.mapped("trainer_id")))
        self.assertTrue(all(self.sessions.mapped("place")))

    def test_steps(self):
        self.assertTrue(130 <= len(self.steps) <= 220, len(self.steps))
        states = Counter(self.steps.mapped("state"))
        for state in ("positioning", "step", "done", "cancelled"):
            self.assertGreaterEqual(states[state], 10, state)
        self.assertGreaterEqual(len(self.steps.beneficiary_id), 80)
        if self.env["casework.step.end.reason"].search_count([]):
            done = self.steps.filtered(lambda s: s.state == "done")
            self.assertTrue(all(done.mapped("end_reason_id")))
            self.assertTrue(done.filtered("end_reason_id.is_successful"))
            self.assertTrue(done.filtered(lambda s: not s.end_reason_id.is_successful))
        self.assertGreaterEqual(len(self.steps.objective_ids), 30)
        self.assertTrue(all(self.steps.mapped("operator_id")))
        multi = self.steps.filtered("offer_id.is_multi_operator")
        self.assertGreater(len(multi.operator_id), 1)
        # the contacts have the profile of their role, for the step's programme
        for field, role in (("operator_id", "operator"), ("prescriber_id", "prescriber"),
                            ("employer_id", "employer"), ("ordering_party_id", "ordering_party")):
            for step in self.steps.filtered(field):
                programs = step.offer_id.program_ids
                profiles = step[field].casework_profile_ids.filtered(
                    lambda p, role=role, programs=programs: p.role == role
                    and (not p.program_id or p.program_id in programs)
                )
                self.assertTrue(profiles, f"{step[field].name} as {role}")

    def test_dates_and_seats(self):
        for step in self.steps:
            offer, session = step.offer_id, step.session_id
            self.assertLessEqual(step.date_planned_start, step.date_planned_end)
            self.assertEqual(bool(session), offer.use_sessions, step.display_name)
            for day in filter(None, (step.date_start, step.date_end)):
                self.assertTrue(offer.date_start <= day <= offer.date_end, step.display_name)
                if session:
                    self.assertTrue(
                        session.date_start.date() <= day <= session.date_end.date(), step.display_name
                    )
            if step.state in ("step", "done"):
                self.assertTrue(step.date_start)
            if step.state == "done":
                self.assertTrue(step.date_start <= step.date_end)
        for session in self.sessions.filtered("capacity"):
            self.assertLessEqual(len(session.step_ids), session.capacity, session.name)

    def test_attendance(self):
        attendance = self.sessions.attendance_ids
        self.assertGreaterEqual(len(attendance), 40)
        self.assertEqual(set(attendance.mapped("state")), {"present", "excused", "unexcused"})
        for line in attendance:
            session = line.session_id
            length = (session.date_end - session.date_start).total_seconds() / 3600
            self.assertTrue(0 <= line.hours <= length, session.name)
            self.assertLess(session.date_end, self.env.cr.now() + timedelta(days=1))
            self.assertEqual(line.step_id.offer_id, session.offer_id)
        self.assertTrue(self.sessions.filtered(lambda s: s.attendance_state == "done"))
        self.assertFalse(self.sessions.filtered(lambda s: s.attendance_state == "done" and not s.attendance_ids))

    def test_operators_read_their_offers_steps_only(self):
        for user_xmlid, operator_xmlid in OPERATOR_USERS.items():
            user, operator = self.env.ref(user_xmlid), self.env.ref(operator_xmlid)
            own = self.steps.filtered(lambda s, operator=operator: s.operator_id == operator)
            self.assertTrue(own, operator.name)
            seen = self.env["casework.step"].with_user(user).search([("offer_id", "in", self.offers.ids)])
            self.assertEqual(seen, own, user.login)
            seen_attendance = self.env["casework.attendance"].with_user(user).search(
                [("offer_id", "in", self.offers.ids)]
            )
            self.assertEqual(seen_attendance.sudo().step_id.operator_id, operator, user.login)
