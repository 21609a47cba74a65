"""An attacker's pass over every model: an appointment, its restricted
synthesis and what Odoo copies of it (title, attendees, meeting activity,
alarms) are found nowhere by users out of the dossier's scope, nor the
synthesis by readers of the dossier outside its circle."""

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD
from odoo.addons.casework_base.tests.test_attack_review import models_naming

from .test_appointment_attack import SECRET_SYNTHESIS, AppointmentAttackCommon


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestAppointmentAttackReview(AppointmentAttackCommon):
    def test_the_appointment_is_found_by_its_readers_only(self):
        it_admin = new_test_user(self.env, login="cw_appointment_it_admin", password=PASSWORD,
                                 groups="base.group_user,base.group_system")
        event, _circle = self._restricted_appointment()
        self._book()  # a planned one too, with its meeting activity and alarms
        self.env.flush_all()
        secret = SECRET_SYNTHESIS.lower()
        mine = models_naming(self.env(user=self.referent), "dupont", self.dossier_north)
        self.assertIn("calendar.event.casework_beneficiary_id", mine)
        for user in (self.finance, self.operator, self.referent_south, it_admin):
            with self.subTest(user=user.login):
                self.assertEqual(models_naming(self.env(user=user), "dupont", self.dossier_north), set())
                self.assertEqual(models_naming(self.env(user=user), secret, self.dossier_north.browse()), set())
        # readers of the dossier outside the synthesis' circle, a system administrator among them
        secretariat_it = new_test_user(self.env, login="cw_appointment_secretariat_it", password=PASSWORD,
                                       groups="base.group_user,base.group_system,"
                                              "casework_base.group_casework_secretariat")
        secretariat_it.casework_territory_ids = self.secretariat.casework_territory_ids
        for user in (self.secretariat, self.manager, secretariat_it):
            with self.subTest(user=user.login):
                self.assertEqual(models_naming(self.env(user=user), secret, self.dossier_north.browse()), set())
