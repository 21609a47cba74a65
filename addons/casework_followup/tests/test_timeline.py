import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon

from .test_document import PDF


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestTimeline(CaseworkCommon):
    """The timeline (frise) of a dossier: every kind of entry, in order,
    within the dossier's scope and the notes' confidentiality."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dossier = cls.dossier_north
        enrollment = dossier.enrollment_ids
        cls.env["casework.veille"].create({
            "enrollment_id": enrollment.id, "reason_id": cls.veille_reason.id,
            "date_start": date(2026, 3, 1), "date_end": date(2026, 3, 20),
        })
        cls.env["casework.formal.notice"].with_user(cls.referent).create({
            "beneficiary_id": dossier.id, "request_date": date(2026, 4, 1), "request_motive": "Absences répétées",
        })
        Note = cls.env["casework.note"]
        cls.public_note = Note.with_user(cls.referent).create({
            "name": "Point d'étape", "beneficiary_id": dossier.id, "date": date(2026, 5, 1),
        })
        cls.private_note = Note.with_user(cls.referent).create({
            "name": "Secret du référent", "beneficiary_id": dossier.id, "date": date(2026, 5, 2),
            "visibility": "private",
        })
        cls.secretary_note = Note.with_user(cls.secretariat).create({
            "name": "Secret du secrétariat", "beneficiary_id": dossier.id, "date": date(2026, 5, 3),
            "visibility": "private",
        })
        cls.env["casework.document"].with_user(cls.referent).create({
            "name": "Attestation", "beneficiary_id": dossier.id, "date": date(2026, 6, 1),
            "file": base64.b64encode(PDF),
        })
        cls.env["calendar.event"].create({
            "name": "Entretien individuel", "start": datetime(2026, 7, 1, 9, 0), "stop": datetime(2026, 7, 1, 10, 0),
            "res_model_id": cls.env["ir.model"]._get_id("casework.beneficiary"), "res_id": dossier.id,
            "user_id": cls.referent.id,
        })
        dossier.with_user(cls.referent).activity_schedule(
            "casework_followup.mail_activity_type_task",
            date_deadline=date(2026, 12, 1),
            summary="Relancer l'employeur",
            user_id=cls.referent.id,
        )
        done = dossier.with_user(cls.referent).activity_schedule(
            "casework_followup.mail_activity_type_task", date_deadline=date(2026, 11, 20), summary="Envoyer le CV",
            user_id=cls.referent.id,
        )
        done.action_feedback("fait")
        # another dossier's history must not show up
        cls.env["casework.note"].with_user(cls.referent_other).create({
            "name": "Autre dossier", "beneficiary_id": cls.dossier_north_other.id,
        })

    def _timeline(self, user, dossier=None):
        dossier = dossier or self.dossier_north
        return self.env["casework.timeline.entry"].with_user(user).search([("beneficiary_id", "=", dossier.id)])

    def test_every_kind_in_order(self):
        entries = self._timeline(self.referent)
        got = [(entry.date, entry.entry_type, entry.description) for entry in entries]
        self.assertEqual(got, [
            (date(2026, 12, 1), "task", "Relancer l'employeur"),
            (date(2026, 11, 15), "task_done", "Envoyer le CV"),
            (date(2026, 7, 1), "appointment", "Entretien individuel"),
            (date(2026, 6, 1), "document", "Attestation"),
            (date(2026, 5, 2), "note", "Secret du référent"),
            (date(2026, 5, 1), "note", "Point d'étape"),
            (date(2026, 4, 1), "notice_request", "Absences répétées"),
            (date(2026, 3, 1), "veille_start", self.veille_reason.name),
            (date(2026, 1, 5), "referent_start", self.referent.name),
            (date(2026, 1, 5), "enrollment_entry", self.rsa.name),
        ])

    def test_note_privacy(self):
        def notes(user):
            return set(self._timeline(user).filtered(lambda e: e.entry_type == "note").mapped("summary"))

        self.assertEqual(notes(self.referent), {"Point d'étape", "Secret du référent"})
        self.assertEqual(notes(self.secretariat), {"Point d'étape", "Secret du secrétariat"})
        self.assertEqual(notes(self.manager), {"Point d'étape"})
        self.assertEqual(notes(self.admin), {"Point d'étape"})
        # the row of a private note cannot be read by id either
        row = self.env["casework.timeline.entry"].sudo().search([
            ("res_model", "=", "casework.note"), ("res_id", "=", self.private_note.id),
        ])
        with self.assertRaisesMessage(AccessError, ""):
            row.with_user(self.secretariat).read(["summary"])

    def test_scope(self):
        self.assertTrue(self._timeline(self.referent))
        self.assertTrue(self._timeline(self.fse))
        self.assertFalse(self._timeline(self.referent_other))
        self.assertFalse(self._timeline(self.referent_south))
        for user in (self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, ""):
                self._timeline(user)
        # a referent reads the timeline of their own dossiers only
        self.assertEqual(
            set(self.env["casework.timeline.entry"].with_user(self.referent).search([]).beneficiary_id.ids),
            {self.dossier_north.id},
        )

    def test_every_entry_opens_its_record(self):
        for entry in self._timeline(self.referent):
            with self.subTest(entry=entry.entry_type):
                action = entry.action_open_source()
                self.assertEqual((action["res_model"], action["res_id"]), (entry.res_model, entry.res_id))
        # out of scope: neither the entry nor its record
        note = self.env["casework.timeline.entry"].sudo().search([
            ("beneficiary_id", "=", self.dossier_north.id), ("entry_type", "=", "note")], limit=1)
        for user in (self.referent_other, self.referent_south, self.finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                note.with_user(user).action_open_source()
        # a private note's entry opens for nobody else
        private = self.env["casework.timeline.entry"].sudo().search([
            ("res_model", "=", "casework.note"), ("res_id", "=", self.private_note.id)])
        with self.assertRaises(AccessError):
            private.with_user(self.secretariat).action_open_source()

    def test_action_from_dossier(self):
        action = self.dossier_north.with_user(self.referent).action_open_timeline()
        self.assertEqual(action["res_model"], "casework.timeline.entry")
        entries = self.env["casework.timeline.entry"].with_user(self.referent).search(action["domain"])
        self.assertEqual(entries, self._timeline(self.referent))
