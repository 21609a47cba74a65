
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_wizard_scope import WizardScopeCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestAnonymiseWizardScope(WizardScopeCommon):

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
