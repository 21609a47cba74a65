import base64
import csv
import io
import zipfile
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import BaseCase, tagged

from odoo.addons.casework_appointment.tests.test_appointment import AppointmentCommon
from odoo.addons.casework_lifecycle.tools.archive_names import safe_file_name, unique_member_name


@tagged("post_install", "-at_install")
class TestArchiveNames(BaseCase):
    def test_member_names_stay_inside_their_folder(self):
        taken = set()
        names = [
            unique_member_name("attachments", name, taken)
            for name in ("../../etc/passwd", "/etc/shadow", "C:\\Windows\\win.ini", "a\x00b\nc\x1b.txt", "..", "",
                         None, "CV.pdf", "cv.PDF", "cv.pdf", "facture\u202efdp.exe", "con.txt", "x" * 300 + ".pdf",
                         " .bashrc", "Été à Privas.pdf")
        ]
        self.assertEqual(names[:4], [
            "attachments/etc_passwd", "attachments/etc_shadow",
            "attachments/C_Windows_win.ini", "attachments/a_b_c_.txt",
        ])
        self.assertEqual(names[4:7], ["attachments/file", "attachments/file (2)", "attachments/file (3)"])
        self.assertEqual(names[7:10], ["attachments/CV.pdf", "attachments/cv (2).PDF", "attachments/cv (3).pdf"])
        self.assertEqual(names[10:12], ["attachments/facture_fdp.exe", "attachments/_con.txt"])
        self.assertTrue(names[12].endswith(".pdf") and len(names[12]) <= len("attachments/") + 120)
        self.assertEqual(names[13:], ["attachments/bashrc", "attachments/Été à Privas.pdf"])
        self.assertEqual(len({name.lower() for name in names}), len(names), "unique, whatever the case")
        for name in names:
            folder, _sep, base = name.partition("/")
            self.assertEqual(folder, "attachments")
            self.assertNotIn("/", base)
            self.assertNotIn("\\", base)
            self.assertFalse(base.startswith("."))
            self.assertTrue(all(char.isprintable() for char in base), base)
        self.assertEqual(safe_file_name("rapport.final.pdf"), "rapport.final.pdf")


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestSubjectAccessExport(AppointmentCommon):
    """The export holds what the system has about this person, nothing of
    another person, in files whose names are safe."""

    def _event(self, dossier, start, *partners, **vals):
        return self.env["calendar.event"].create({
            "casework_beneficiary_id": dossier.id,
            "casework_appointment_type_id": self.individual.id,
            "casework_location_id": self.location.id,
            "user_id": dossier.referent_id.id,
            "start": start,
            "stop": start.replace(hour=start.hour + 1),
            "partner_ids": [Command.link(partner.id) for partner in partners],
            **vals,
        })

    def _export(self, dossier):
        wizard = self.env["casework.subject.access.export"].with_user(self.admin).create({"beneficiary_id": dossier.id})
        wizard.action_generate()
        return zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.export_file)))

    def test_nothing_of_another_person(self):
        """Other attendees, recipients, followers, contacts, and records of
        another dossier where the person appears were exported by name."""
        marie, paul = self.dossier_north, self.dossier_north_other
        self.env["res.partner"].create({"name": "Jean Conjoint", "parent_id": marie.partner_id.id,
                                        "phone": "06 99 88 77 66"})
        # Marie's appointment, with Paul attending too
        own_event = self._event(marie, datetime(2026, 11, 20, 9, 0), paul.partner_id)
        self.assertIn(paul.partner_id, own_event.partner_ids)
        # Paul's appointment, with Marie attending
        self._event(paul, datetime(2026, 11, 21, 9, 0), marie.partner_id, name="Entretien de Paul Leroy")
        # a message on Marie's dossier sent to Paul, one from Marie on Paul's dossier
        marie.message_post(body="Point sur la recherche d'emploi", partner_ids=paul.partner_id.ids)
        paul.message_post(body="Message de Marie au sujet de Paul", author_id=marie.partner_id.id)
        marie.message_subscribe(partner_ids=paul.partner_id.ids)

        archive = self._export(marie)
        text = "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
        for value in ("Leroy", "LEROY", "Paul", "paul.leroy", "+33622334455", "Jean Conjoint", "+33699887766",
                      "Message de Marie au sujet de Paul"):
            self.assertNotIn(value, text)
        for value in ("DUPONT Marie", "Point sur la recherche d'emploi", self.referent.name, "Another person"):
            self.assertIn(value, text)
        events = archive.read("records/calendar.event.csv").decode()
        self.assertEqual(len(list(csv.reader(io.StringIO(events)))), 2, "the header and Marie's appointment only")
        self.assertIn("Another person", events)
        self.assertIn("Another person", archive.read("records/mail.followers.csv").decode())
        self.assertNotIn("records/res.partner.csv", archive.namelist())

    def test_member_names_safe_and_unique(self):
        """Attachments were written as ``attachments/<id>_<name>`` with the
        name as typed: ``../`` went out of the folder."""
        marie = self.dossier_north
        for name, content in (("../../etc/passwd", b"one"), ("/root/.ssh/id_rsa", b"two"), ("cv.pdf", b"three"),
                              ("cv.pdf", b"four"), ("bilan\x1b\n.txt", b"five")):
            self.env["ir.attachment"].create(
                {"name": name, "raw": content, "res_model": marie._name, "res_id": marie.id}
            )
        archive = self._export(marie)
        names = archive.namelist()
        self.assertEqual(len(names), len(set(names)))
        attachments = {name: archive.read(name) for name in names if name.startswith("attachments/")}
        self.assertEqual(attachments, {
            "attachments/etc_passwd": b"one",
            "attachments/root_.ssh_id_rsa": b"two",
            "attachments/cv.pdf": b"three",
            "attachments/cv (2).pdf": b"four",
            "attachments/bilan__.txt": b"five",
        })
        for name in names:
            self.assertFalse(name.startswith("/") or ".." in name.split("/"), name)

    def test_for_administrators_within_their_scope(self):
        for user in (self.secretariat, self.referent):
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, "Only an administrator"):
                self.env["casework.subject.access.export"].with_user(user).create(
                    {"beneficiary_id": self.dossier_north.id})
