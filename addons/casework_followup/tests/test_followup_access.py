import base64

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon

from .test_document import PDF

ROLES = ("referent", "referent_other", "secretariat", "manager", "fse", "finance", "operator", "outsider", "admin")


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFollowupAccessMatrix(CaseworkCommon):
    """Every role on notes (public, of another author), documents and the
    timeline of dossier_north: read, create, write, unlink; and nothing of
    the dossier's identity reachable out of scope."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a public note written by the secretariat, so that nobody below is its author
        cls.note = cls.env["casework.note"].with_user(cls.secretariat).create({
            "name": "Point", "beneficiary_id": cls.dossier_north.id,
        })
        cls.document = cls.env["casework.document"].with_user(cls.referent).create({
            "name": "Attestation", "beneficiary_id": cls.dossier_north.id, "file": base64.b64encode(PDF),
        })

    def _read(self, record, user):
        return self._attempt(lambda: record.with_user(user).read(["display_name"]))

    def test_note_matrix(self):
        # role -> (read, create, write (not author), close (not author), unlink (not author))
        expected = {
            "referent": (True, True, False, False, False),
            "referent_other": (False, False, False, False, False),
            "secretariat": (True, True, True, True, True),  # the author
            "manager": (True, True, False, False, False),
            "fse": (True, False, False, False, False),
            "finance": (False, False, False, False, False),
            "operator": (False, False, False, False, False),
            "outsider": (False, False, False, False, False),
            "admin": (True, True, False, False, False),
        }
        Note = self.env["casework.note"]
        for role in ROLES:
            user = getattr(self, role)
            with self.subTest(role=role):
                got = (
                    self._read(self.note, user),
                    self._attempt(lambda: Note.with_user(user).create({
                        "name": "Nouvelle", "beneficiary_id": self.dossier_north.id,
                    })),
                    self._attempt(lambda: self.note.with_user(user).write({"body": "<p>modifiée</p>"})),
                    self._attempt(lambda: self.note.with_user(user).action_close()),
                    self._attempt(lambda: self.note.with_user(user).unlink()),
                )
                self.assertEqual(got, expected[role])

    def test_document_matrix(self):
        # role -> (read, create, write, unlink)
        expected = {
            "referent": (True, True, True, True),
            "referent_other": (False, False, False, False),
            "secretariat": (True, True, True, True),
            "manager": (True, True, True, True),
            "fse": (True, False, False, False),
            "finance": (False, False, False, False),
            "operator": (False, False, False, False),
            "outsider": (False, False, False, False),
            "admin": (True, True, True, True),
        }
        Document = self.env["casework.document"]
        for role in ROLES:
            user = getattr(self, role)
            with self.subTest(role=role):
                got = (
                    self._read(self.document, user),
                    self._attempt(lambda: Document.with_user(user).create({
                        "name": "Nouveau", "beneficiary_id": self.dossier_north.id, "file": base64.b64encode(PDF),
                    })),
                    self._attempt(lambda: self.document.with_user(user).write({"name": "Renomme"})),
                    self._attempt(lambda: self.document.with_user(user).unlink()),
                )
                self.assertEqual(got, expected[role])

    def test_timeline_matrix(self):
        Timeline = self.env["casework.timeline.entry"]
        expected_read = {"referent", "secretariat", "manager", "fse", "admin"}
        for role in ROLES:
            user = getattr(self, role)
            with self.subTest(role=role):
                timeline = Timeline.with_user(user)
                readable = timeline.has_access("read") and bool(
                    timeline.search([("beneficiary_id", "=", self.dossier_north.id)], limit=1)
                )
                self.assertEqual(readable, role in expected_read)
                entry = Timeline.sudo().search([("beneficiary_id", "=", self.dossier_north.id)], limit=1)
                self.assertFalse(self._attempt(lambda: entry.with_user(user).write({"summary": "x"})))

    def test_identity_not_reachable_out_of_scope(self):
        """A référent of another dossier reaches neither the dossier's name nor
        its notes and documents through these models."""
        user = self.referent_other
        name = self.dossier_north.name
        for model, domain in (
            ("casework.note", [("beneficiary_id.name", "ilike", "Dupont")]),
            ("casework.document", [("beneficiary_id", "=", self.dossier_north.id)]),
            ("casework.timeline.entry", [("beneficiary_id", "=", self.dossier_north.id)]),
            ("mail.activity", [("res_name", "ilike", "Dupont")]),
        ):
            with self.subTest(model=model):
                records = self.env[model].with_user(user).search(domain)
                self.assertFalse(records)
        self.dossier_north.with_user(self.referent).activity_schedule(
            "casework_followup.mail_activity_type_task", summary="Rappeler", user_id=self.referent.id,
        )
        rows = self.env["mail.activity"].with_user(user).search_read([], ["res_name"])
        self.assertNotIn(name, {row["res_name"] for row in rows})
        with self.assertRaisesMessage(AccessError, ""):
            self.note.with_user(user).beneficiary_id.read(["name"])

    def test_dossier_form_loads_for_every_reader(self):
        for role in ("referent", "secretariat", "manager", "fse", "admin"):
            user = getattr(self, role)
            with self.subTest(role=role):
                dossier = self.dossier_north.with_user(user)
                arch = dossier.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertIn("action_open_timeline", arch)
                values = dossier.web_read({
                    "note_count": {}, "task_count": {}, "document_count": {}, "cv_document_id": {},
                })[0]
                self.assertEqual(values["note_count"], 1)
                self.assertEqual(values["document_count"], 1)
