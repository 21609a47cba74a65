"""An attacker's pass over every model: a private note, a note of a
confidentiality circle and a task are found nowhere by users out of the
dossier's scope, nor the narrowed notes by readers of the dossier outside
their circle."""

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon
from odoo.addons.casework_base.tests.test_attack_review import models_naming


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFollowupAttackReview(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.it_admin = new_test_user(cls.env, login="cw_followup_it_admin", password=PASSWORD,
                                     groups="base.group_user,base.group_system")
        circle = cls.env["casework.circle"].create({"name": "Santé", "user_ids": [Command.set(cls.referent.ids)]})
        Note = cls.env["casework.note"].with_user(cls.referent)
        common = {"beneficiary_id": cls.dossier_north.id}
        cls.private = Note.create({**common, "name": "Zorglub privé", "visibility": "private",
                                   "body": "<p>Zorglub diagnostic</p>"})
        cls.in_circle = Note.create({**common, "name": "Zorglub santé", "visibility": "public",
                                     "circle_id": circle.id, "body": "<p>Zorglub traitement</p>"})
        cls.dossier_north.with_user(cls.referent).activity_schedule(
            "mail.mail_activity_data_todo", summary="Zorglub rappel", user_id=cls.referent.id)
        cls.in_circle.with_user(cls.referent).message_post(body="Zorglub suite", message_type="comment",
                                                          subtype_xmlid="mail.mt_note")
        cls.in_circle.with_user(cls.referent).write({"name": "Zorglub santé (suite)"})

    def test_the_notes_are_found_by_their_readers_only(self):
        self.env.flush_all()
        mine = models_naming(self.env(user=self.referent), "zorglub", self.dossier_north)
        self.assertLessEqual({"casework.note.name", "casework.note.body", "mail.activity.summary"}, mine)
        for user in (self.finance, self.operator, self.referent_south, self.it_admin):
            with self.subTest(user=user.login):
                self.assertEqual(models_naming(self.env(user=user), "zorglub", self.dossier_north), set())
        # readers of the dossier outside the circle and not the author: the task only
        for user in (self.secretariat, self.manager, self.admin):
            with self.subTest(user=user.login):
                found = models_naming(self.env(user=user), "zorglub", self.dossier_north.browse())
                self.assertEqual(found - {"mail.activity.summary", "mail.activity.res_name"}, set(), found)
