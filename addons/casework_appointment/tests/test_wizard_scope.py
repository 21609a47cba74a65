from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_base.tests.test_wizard_scope import WizardScopeCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCollectiveWizardScope(WizardScopeCommon):

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
