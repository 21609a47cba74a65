import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestMerge(CaseworkCommon):
    """Merging two dossiers of the same person: nothing lost, history kept,
    the other dossier and its partner gone, the merge logged, and who may."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caf = cls.env.ref("casework_identity.identifier_type_caf")
        cls.france_travail = cls.env.ref("casework_identity.identifier_type_france_travail")
        # the same Marie Dupont, created again under her birth name, PLIE only
        cls.twin = cls.env["casework.beneficiary"].create({
            "civility": "mme", "first_name": "Marie", "usage_name": "Martin", "birth_name": "Martin",
            "birth_date": date(1985, 3, 12), "phone": "07 81 22 33 55", "territory_id": cls.north.id,
            "enrollment_ids": [Command.create({"program_id": cls.plie.id, "date_entry": date(2026, 3, 2)})],
            "assignment_ids": [Command.create({
                "user_id": cls.referent.id, "role": "etape",
                "date_start": date(2026, 3, 2), "date_end": date(2026, 12, 31),
            })],
            "identifier_ids": [
                Command.create({"type_id": cls.caf.id, "value": "1234567"}),
                Command.create({"type_id": cls.france_travail.id, "value": "9876543X"}),
            ],
        })
        cls.dossier_north.identifier_ids = [Command.create({"type_id": cls.caf.id, "value": "123 45 67"})]

    def _wizard(self, user, a, b, **vals):
        return self.env["casework.beneficiary.merge"].with_user(user).create(
            {"beneficiary_a_id": a.id, "beneficiary_b_id": b.id, **vals})

    def test_merge_nothing_lost(self):
        survivor, twin = self.dossier_north, self.twin
        twin_partner, twin_number = twin.partner_id, twin.number
        # history of characteristics on both
        survivor.set_characteristic("etat_droit", "ouvert_versable", date(2026, 2, 1))
        twin.set_characteristic("etat_droit", "clos", date(2026, 6, 1))
        twin.set_characteristic("num_caf", "1234567", date(2026, 3, 2))
        # chatter, documents, tasks, followers, appointment
        twin.message_post(body="Entretien du 3 mars : projet d'aide à domicile.")
        attachment = self.env["ir.attachment"].create({
            "name": "cv.pdf", "datas": base64.b64encode(b"%PDF cv"), "res_model": twin._name, "res_id": twin.id})
        activity = twin.activity_schedule("mail.mail_activity_data_todo", summary="Rappeler", user_id=self.referent.id)
        colleague = self.env["res.partner"].create({"name": "Collègue"})
        twin.message_subscribe(partner_ids=[colleague.id, self.referent.partner_id.id])
        survivor.message_subscribe(partner_ids=[self.referent.partner_id.id])
        event = self.env["calendar.event"].create({
            "name": "Entretien", "start": datetime(2026, 11, 20, 9), "stop": datetime(2026, 11, 20, 10),
            "res_model_id": self.env["ir.model"]._get_id(twin._name), "res_id": twin.id,
            "partner_ids": [Command.link(twin_partner.id)],
        })
        other_message = self.env["mail.message"].search([("author_id", "=", twin_partner.id)])

        wizard = self._wizard(self.secretariat, survivor, twin)
        lines = {line.field_name: line for line in wizard.line_ids}
        self.assertEqual(lines["birth_name"].value_b, "Martin")
        self.assertNotIn("first_name", lines, "same value: nothing to choose")
        lines["birth_name"].choice = "b"
        lines["phone"].choice = "b"
        wizard.action_merge()

        self.assertFalse(twin.exists())
        self.assertFalse(twin_partner.exists())
        self.assertEqual(survivor.birth_name, "Martin")
        self.assertEqual(survivor.usage_name, "Dupont")
        self.assertEqual(survivor.phone, "+33781223355")
        self.assertEqual(survivor.enrollment_ids.program_id, self.rsa | self.plie)
        self.assertEqual(survivor.state, "entree")
        self.assertEqual(len(survivor.assignment_ids), 2)
        self.assertEqual(len(survivor.characteristic_value_ids), 3, "the whole history is kept")
        current = survivor.current_characteristic_ids
        self.assertEqual(current.filtered(lambda v: v.type_id.code == "etat_droit").option_id.code, "clos")
        self.assertEqual(len(current), 2)
        self.assertEqual(
            sorted(survivor.identifier_ids.mapped("value_normalized")), ["1234567", "9876543X"],
            "the same CAF number once, the France Travail number kept")
        self.assertEqual((attachment.res_model, attachment.res_id), (survivor._name, survivor.id))
        self.assertEqual(activity.res_id, survivor.id)
        self.assertEqual(event.res_id, survivor.id)
        self.assertIn(survivor.partner_id, event.partner_ids)
        followers = colleague | self.referent.partner_id
        self.assertEqual(survivor.message_partner_ids & followers, followers)
        self.assertEqual(
            len(survivor.message_follower_ids.filtered(lambda f: f.partner_id == self.referent.partner_id)), 1)
        bodies = survivor.message_ids.mapped("body")
        self.assertTrue(any("projet d'aide à domicile" in body for body in bodies))
        log = survivor.message_ids.filtered(lambda m: twin_number in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.secretariat.partner_id)
        self.assertIn("Martin", log.body)
        audit = self.env["auditlog.log"].search([("res_id", "=", survivor.id), ("method", "=", "merge")])
        self.assertEqual(len(audit), 1, "the merge is in the audit trail")
        self.assertIn(twin_number, audit.casework_details)
        self.assertNotIn("Martin", audit.casework_details, "the audit trail names dossiers by number only")
        self.assertFalse(other_message.exists() and other_message.author_id == twin_partner)

    def test_merge_joins_the_consultations(self):
        """Each user's consultations of the two dossiers become one line of
        the survivor: the latest date, the openings added."""
        survivor, twin = self.dossier_north, self.twin
        spec = {"name": {}}
        with freeze_time("2026-11-10 08:00:00"):
            survivor.with_user(self.secretariat).web_read(spec)
            twin.with_user(self.referent).web_read(spec)
        with freeze_time("2026-11-12 09:00:00"):
            twin.with_user(self.secretariat).web_read(spec)
        self._wizard(self.secretariat, survivor, twin).action_merge()
        Visit = self.env["casework.beneficiary.visit"]
        lines = Visit.search([("beneficiary_id", "=", survivor.id)])
        self.assertEqual(
            {(line.user_id, line.last_date, line.count) for line in lines},
            {(self.secretariat, datetime(2026, 11, 12, 9, 0), 2), (self.referent, datetime(2026, 11, 10, 8, 0), 1)},
        )
        self.assertEqual(survivor.with_user(self.secretariat).last_visit_date, datetime(2026, 11, 12, 9, 0))

    def test_survivor_b_and_overlap_refused(self):
        # two open RSA periods overlap: refused with the model's own message
        twin = self._create_dossier("Dupont", "Marie", self.north, self.referent_other, start=date(2026, 2, 1))
        wizard = self._wizard(self.admin, self.dossier_north, twin, survivor="b")
        with self.assertRaisesMessage(UserError, "cannot be merged as they are"):
            wizard.action_merge()
        self.assertTrue(twin.exists() and self.dossier_north.exists())

    def test_justified_identity_kept_unless_administrator(self):
        self.dossier_north.with_user(self.secretariat).action_justify_identity()
        wizard = self._wizard(self.secretariat, self.dossier_north, self.twin)
        wizard.line_ids.filtered(lambda line: line.field_name == "birth_name").choice = "b"
        with self.assertRaisesMessage(UserError, "has been justified"):
            wizard.action_merge()
        self.assertTrue(self.twin.exists())
        wizard = self._wizard(self.admin, self.dossier_north, self.twin)
        wizard.line_ids.filtered(lambda line: line.field_name == "birth_name").choice = "b"
        wizard.action_merge()
        self.assertEqual(self.dossier_north.birth_name, "Martin")
        self.assertFalse(self.twin.exists())

    def test_merge_rights_per_role(self):
        # (user, a, b, allowed)
        south_twin = self._create_dossier("Dupont", "Marie", self.south, self.referent_south, enrollment_ids=[],
                                          assignment_ids=[Command.create({
                                              "user_id": self.referent_south.id, "role": "etape",
                                              "date_start": date(2026, 1, 5), "date_end": date(2026, 12, 31)})])
        cases = [
            ("referent both in active file", self.referent, self.dossier_north, self.twin, False),
            ("referent, other's dossier", self.referent, self.dossier_north, self.dossier_north_other, False),
            ("referent_other, one outside", self.referent_other, self.dossier_north_other, self.twin, False),
            ("secretariat in territory", self.secretariat, self.dossier_north, self.twin, True),
            ("secretariat across territories", self.secretariat, self.dossier_north, south_twin, False),
            ("manager in territory", self.manager, self.twin, self.dossier_north, True),
            ("manager across territories", self.manager, south_twin, self.dossier_north, False),
            ("fse", self.fse, self.dossier_north, self.twin, False),
            ("finance", self.finance, self.dossier_north, self.twin, False),
            ("operator", self.operator, self.dossier_north, self.twin, False),
            ("outsider", self.outsider, self.dossier_north, self.twin, False),
            ("admin across territories", self.admin, self.dossier_north, south_twin, True),
        ]
        for label, user, a, b, allowed in cases:
            with self.subTest(case=label):
                self.env.flush_all()
                with self.env.cr.savepoint() as savepoint:
                    try:
                        self._wizard(user, a, b)._merge()
                        done = True
                    except (AccessError, UserError):
                        done = False
                    self.assertEqual(done, allowed)
                    if done:
                        self.assertFalse(b.exists())
                    savepoint.rollback()
                self.env.invalidate_all()

    def test_refusal_messages(self):
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            self.env["casework.beneficiary.merge"].with_user(self.secretariat).new(
                {"beneficiary_a_id": self.dossier_north.id, "beneficiary_b_id": self.dossier_south.id}
            )._check_merge_rights()
        with self.assertRaisesMessage(UserError, "Ask the secretariat"):
            self.env["casework.beneficiary.merge"].with_user(self.referent).new(
                {"beneficiary_a_id": self.dossier_north.id, "beneficiary_b_id": self.twin.id}
            )._check_merge_rights()
        with self.assertRaisesMessage(AccessError, "Only the secretariat"):
            self.env["casework.beneficiary.merge"].with_user(self.fse).new(
                {"beneficiary_a_id": self.dossier_north.id, "beneficiary_b_id": self.twin.id}
            )._check_merge_rights()
        with self.assertRaisesMessage(UserError, "two different dossiers"):
            self._wizard(self.secretariat, self.dossier_north, self.dossier_north)._merge()

    def test_wizard_form_from_list(self):
        action_context = {"active_model": "casework.beneficiary", "active_ids": [self.dossier_north.id, self.twin.id]}
        form = Form(self.env["casework.beneficiary.merge"].with_user(self.secretariat).with_context(**action_context))
        self.assertEqual(form.beneficiary_b_id, self.twin)
        form.survivor = "b"
        wizard = form.save()
        wizard.action_merge()
        self.assertFalse(self.dossier_north.exists())
        self.assertEqual(len(self.twin.enrollment_ids), 2)
