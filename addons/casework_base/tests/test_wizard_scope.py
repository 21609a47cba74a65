from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import PASSWORD, CaseworkCommon

MERGE_SPEC = {
    "beneficiary_a_id": {"fields": {"display_name": {}}},
    "beneficiary_b_id": {"fields": {"display_name": {}}},
    "survivor": {},
    "line_ids": {"fields": {"field_name": {}, "field_label": {}, "value_a": {}, "value_b": {}, "choice": {}}},
}


class WizardScopeCommon(CaseworkCommon):
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

    def assertNoIdentityOf(self, dossier, result):
        text = str(result)
        for value in (dossier.first_name, dossier.usage_name, dossier.number, dossier.email, dossier.phone):
            self.assertNotIn(value, text)



@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestWizardScope(WizardScopeCommon):

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
