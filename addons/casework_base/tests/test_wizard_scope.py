from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import PASSWORD, CaseworkCommon

MERGE_SPEC = {
    "beneficiary_a_id": {"fields": {"display_name": {}}},
    "beneficiary_b_id": {"fields": {"display_name": {}}},
    "survivor": {},
    "line_ids": {"fields": {"field_name": {}, "field_label": {}, "value_a": {}, "value_b": {}, "choice": {}}},
}


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestWizardScope(CaseworkCommon):
    """The wizards, called over RPC as the web client does (``onchange``,
    ``create``, ``write``, ``web_read``), never show nor act on a dossier out
    of the user's scope, and are private to their creator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secretariat_south = new_test_user(
            cls.env, login="cw_secretariat_south", password=PASSWORD,
            groups="base.group_user,casework_base.group_casework_secretariat",
        )
        cls.secretariat_south.casework_territory_ids = [Command.set(cls.south.ids)]
        # the same Inès Garcia, created again in the South under her birth name
        cls.twin_south = cls._create_dossier(
            "Garcia", "Inès", cls.south, cls.referent_south, birth_name="Ruiz", enrollment_ids=[],
            phone="07 81 22 33 99", assignment_ids=[Command.create({
                "user_id": cls.referent_south.id, "role": "etape",
                "date_start": date(2026, 1, 5), "date_end": date(2026, 12, 31)})],
        )
        cls.Merge = cls.env["casework.beneficiary.merge"]

    def assertNoIdentityOf(self, dossier, result):
        text = str(result)
        for value in (dossier.first_name, dossier.usage_name, dossier.number, dossier.email, dossier.phone):
            self.assertNotIn(value, text)

    # ------------------------------------------------------------------
    # Merge of two dossiers
    # ------------------------------------------------------------------

    def test_merge_onchange_refuses_a_dossier_out_of_scope(self):
        """The lines were computed as superuser: the onchange of a secretary
        of the South with a dossier of the North returned its identity."""
        values = {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.dossier_north.id}
        Merge = self.Merge.with_user(self.secretariat_south)
        result = None
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            result = Merge.onchange(dict(values), [], MERGE_SPEC)
        self.assertNoIdentityOf(self.dossier_north, result)
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            result = Merge.onchange(dict(values), ["beneficiary_b_id"], MERGE_SPEC)
        self.assertNoIdentityOf(self.dossier_north, result)
        # without the lines in the specification: the display name of the dossier
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            result = Merge.onchange(dict(values), [], {"beneficiary_b_id": {"fields": {"display_name": {}}}})
        self.assertNoIdentityOf(self.dossier_north, result)
        # within the scope: the lines
        result = Merge.onchange(
            {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id}, [], MERGE_SPEC)
        lines = {command[2]["field_name"]: command[2] for command in result["value"]["line_ids"] if command[0] == 0}
        self.assertEqual(lines["birth_name"]["value_b"], "Ruiz")

    def test_merge_create_and_write_refuse_a_dossier_out_of_scope(self):
        Merge = self.Merge.with_user(self.secretariat_south)
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            Merge.create({"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.dossier_north.id})
        wizard = Merge.create({"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id})
        with self.assertRaisesMessage(AccessError, "outside your scope"):
            wizard.write({"beneficiary_b_id": self.dossier_north.id})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertNoIdentityOf(self.dossier_north, wizard.web_read(MERGE_SPEC))

    def test_merge_is_refused_to_referents_with_the_reason(self):
        """A référent could merge, hence delete, a dossier of their active
        file; the onchange showed any dossier's identity."""
        twin = self._create_dossier("Dupont", "Marie", self.north, self.referent, birth_name="Martin",
                                    enrollment_ids=[], assignment_ids=[Command.create({
                                        "user_id": self.referent.id, "role": "etape",
                                        "date_start": date(2026, 1, 5), "date_end": date(2026, 12, 31)})])
        values = {"beneficiary_a_id": self.dossier_north.id, "beneficiary_b_id": twin.id}
        for user in (self.referent, self.referent_south):
            with self.subTest(user=user.login):
                Merge = self.Merge.with_user(user)
                with self.assertRaisesMessage(UserError, "Ask the secretariat"):
                    Merge.onchange(dict(values), [], MERGE_SPEC)
                with self.assertRaisesMessage(UserError, "Ask the secretariat"):
                    Merge.create(dict(values))
        with self.assertRaisesMessage(UserError, "Ask the secretariat"):
            self.Merge.with_user(self.referent).new(values)._merge()
        self.assertTrue(twin.exists())
        for user in (self.fse, self.finance, self.operator):
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, "Only the secretariat"):
                self.Merge.with_user(user).create(dict(values))

    def test_merge_created_without_onchange_has_its_lines(self):
        """``create`` over RPC, without the form's onchange, then a read."""
        wizard = self.Merge.with_user(self.secretariat).create(
            {"beneficiary_a_id": self.dossier_north.id, "beneficiary_b_id": self.dossier_north_other.id})
        self.env.flush_all()
        self.env.invalidate_all()
        [values] = wizard.web_read(MERGE_SPEC)
        lines = {line["field_name"]: line for line in values["line_ids"]}
        self.assertEqual(set(lines), {"first_name", "usage_name", "phone", "email"})
        self.assertEqual((lines["usage_name"]["value_a"], lines["usage_name"]["value_b"]), ("Dupont", "Leroy"))
        self.assertEqual(lines["usage_name"]["field_label"], "Usage Name")

    def test_merge_lines_only_choose_identity_fields(self):
        """The client could add a line for any field (the status, the
        justified identity...) that the merge then wrote as superuser, and
        write the values shown in the chatter."""
        wizard = self.Merge.with_user(self.secretariat_south).create(
            {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id})
        for fname in ("identity_justified", "number", "partner_id", "dossier_status"):
            with self.subTest(field=fname), self.assertRaisesMessage(ValidationError, "not an identity field"):
                wizard.write({"line_ids": [Command.create({"field_name": fname, "choice": "b"})]})
        line = wizard.line_ids.filtered(lambda line: line.field_name == "birth_name")
        line.write({"choice": "b", "value_b": "Invented", "field_label": "Anything"})
        wizard.action_merge()
        self.assertEqual(self.dossier_south.birth_name, "Ruiz")
        log = self.dossier_south.message_ids[:1]
        self.assertIn("Ruiz", log.body)
        self.assertNotIn("Invented", log.body)

    # ------------------------------------------------------------------
    # Wizards are private
    # ------------------------------------------------------------------

    def test_wizards_are_private_to_their_creator(self):
        """Any user with the access right on a wizard read everybody's: a
        secretary read the lines of an administrator's merge of two South
        dossiers."""
        wizard = self.Merge.with_user(self.admin).create(
            {"beneficiary_a_id": self.dossier_south.id, "beneficiary_b_id": self.twin_south.id})
        self.assertTrue(wizard.line_ids)
        self.env.flush_all()
        for user in (self.secretariat, self.manager):
            with self.subTest(user=user.login):
                self.assertFalse(self.Merge.with_user(user).search_read([], ["beneficiary_b_id"]))
                self.assertFalse(self.env["casework.beneficiary.merge.line"].with_user(user).search_read(
                    [], ["value_a", "value_b"]))
                with self.assertRaises(AccessError):
                    wizard.with_user(user).read(["beneficiary_a_id"])
                with self.assertRaises(AccessError):
                    wizard.line_ids.with_user(user).read(["value_b"])
        letter = self.env["casework.merge.wizard"].with_user(self.referent_south).create({
            "beneficiary_id": self.dossier_south.id,
            "template_id": self.env.ref("casework_base.casework_merge_template_convocation").id,
            "name": "Convocation",
        })
        self.assertFalse(self.env["casework.merge.wizard"].with_user(self.referent).search([]))
        with self.assertRaises(AccessError):
            letter.with_user(self.referent).read(["beneficiary_id"])
        self.assertEqual(letter.with_user(self.referent_south).read(["beneficiary_id"])[0]["beneficiary_id"][0],
                         self.dossier_south.id)

    # ------------------------------------------------------------------
    # Letters, collective appointments, exits, anonymisation
    # ------------------------------------------------------------------

    def test_letter_refuses_a_dossier_out_of_scope(self):
        """The letter wizard gave back the name of any dossier id."""
        template = self.env.ref("casework_base.casework_merge_template_convocation")
        Letter = self.env["casework.merge.wizard"].with_user(self.referent_south)
        spec = {"beneficiary_id": {"fields": {"display_name": {}}}, "template_id": {}, "name": {}}
        result = None
        with self.assertRaisesMessage(AccessError, "within your scope"):
            result = Letter.onchange({"beneficiary_id": self.dossier_north.id, "template_id": template.id}, [], spec)
        self.assertNoIdentityOf(self.dossier_north, result)
        with self.assertRaisesMessage(AccessError, "within your scope"):
            Letter.create({"beneficiary_id": self.dossier_north.id, "template_id": template.id})
        letter = Letter.create({"beneficiary_id": self.dossier_south.id, "template_id": template.id})
        with self.assertRaisesMessage(AccessError, "within your scope"):
            letter.write({"beneficiary_id": self.dossier_north.id})

    def test_letter_created_without_onchange_and_file_name_made_safe(self):
        """Created over RPC without a name, the letter failed (its name was
        computed after the row was inserted); the document took any name."""
        template = self.env.ref("casework_base.casework_merge_template_convocation")
        letter = self.env["casework.merge.wizard"].with_user(self.referent).create(
            {"beneficiary_id": self.dossier_north.id, "template_id": template.id})
        self.assertEqual(letter.name, "Convocation_entretien_2026-11-15")
        letter.name = "../../etc/passwd\n"
        document = letter._file_document(b"%PDF-1.4 letter")
        self.assertEqual((document.name, document.file_name), ("etc_passwd", "etc_passwd.pdf"))

    def test_collective_appointment_refuses_dossiers_out_of_scope(self):
        """The selection (``active_ids``) is only a default: another dossier
        was accepted by the wizard, and its name given back."""
        Wizard = self.env["casework.collective.appointment"].with_user(self.referent_south)
        spec = {"beneficiary_ids": {"fields": {"display_name": {}}}, "name": {}}
        with self.assertRaisesMessage(AccessError, "within your scope"):
            Wizard.with_context(active_model="casework.beneficiary",
                                active_ids=(self.dossier_south | self.dossier_north).ids).onchange({}, [], spec)
        with self.assertRaisesMessage(AccessError, "within your scope"):
            Wizard.create({
                "beneficiary_ids": [Command.set((self.dossier_south | self.dossier_north).ids)],
                "start": datetime(2026, 11, 24, 13, 0),
                "location_id": self.env["casework.appointment.location"].create({"name": "Salle"}).id,
            })
        result = Wizard.with_context(active_model="casework.beneficiary", active_ids=self.dossier_south.ids).onchange(
            {}, [], spec)
        self.assertEqual([command[1] for command in result["value"]["beneficiary_ids"]], self.dossier_south.ids)

    def test_exit_wizard_only_for_own_assignments(self):
        """A référent ended, through the wizard, the assignment of a
        colleague on a dossier of their active file."""
        stage = self.env["casework.referent.assignment"].create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "etape",
            "date_start": date(2026, 10, 1), "date_end": date(2026, 12, 31),
        })
        Exit = self.env["casework.assignment.exit"].with_user(self.referent)
        for assignments in (stage, self.dossier_south.assignment_ids):
            with self.subTest(assignments=assignments.ids), self.assertRaisesMessage(AccessError, "your own"):
                Exit.create({"assignment_ids": [Command.set(assignments.ids)], "date_end": date(2026, 11, 30)})
        with self.assertRaisesMessage(AccessError, "your own"):
            Exit.with_context(default_assignment_ids=stage.ids).onchange(
                {}, [], {"assignment_ids": {"fields": {"display_name": {}}}, "date_end": {}})
        self.assertEqual(stage.date_end, date(2026, 12, 31))
        own = self.dossier_north.assignment_ids.filtered(lambda a: a.user_id == self.referent)
        Exit.create({"assignment_ids": [Command.set(own.ids)], "date_end": date(2026, 11, 30)}).action_confirm()
        self.assertEqual(own.date_end, date(2026, 11, 30))
        # the secretariat exits anyone's, within its territories
        self.env["casework.assignment.exit"].with_user(self.secretariat).create(
            {"assignment_ids": [Command.set(stage.ids)], "date_end": date(2026, 11, 30)}).action_confirm()
        self.assertEqual(stage.date_end, date(2026, 11, 30))

    def test_anonymise_wizard_refuses_dossiers_out_of_scope(self):
        with self.assertRaises(AccessError):
            self.env["casework.anonymise.wizard"].with_user(self.secretariat).create(
                {"beneficiary_ids": [Command.set((self.dossier_north | self.dossier_south).ids)]})
        with self.assertRaises(AccessError):
            self.env["casework.anonymise.wizard"].with_user(self.secretariat).onchange(
                {"beneficiary_ids": [Command.set(self.dossier_south.ids)]}, [],
                {"beneficiary_ids": {"fields": {"display_name": {}}}})
        self.assertTrue(self.env["casework.anonymise.wizard"].with_user(self.secretariat).create(
            {"beneficiary_ids": [Command.set(self.dossier_north.ids)]}))
