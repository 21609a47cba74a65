import base64
import csv
import io
import zipfile

from freezegun import freeze_time

from odoo.tests import tagged

from .common import EventCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestEventDataProtection(EventCommon):
    """The registrations' copies of the person: anonymised with the dossier,
    listed by the subject-access export."""

    def test_anonymisation_erases_the_copies(self):
        registration = self.reg_north
        registration.with_user(self.referent).action_casework_set_present()
        registration.with_user(self.referent).message_post(body="Mme DUPONT Marie a rencontré trois employeurs")
        number = self.dossier_north.number
        self.dossier_north.with_user(self.admin).action_archive_anonymise()
        self.env.invalidate_all()
        # kept for the statistics, with no trace of the person
        self.assertTrue(registration.exists())
        self.assertEqual(registration.casework_beneficiary_id, self.dossier_north)
        self.assertEqual(registration.casework_presence, "present")
        self.assertEqual(registration.name, f"Anonymised dossier {number}")
        self.assertFalse(registration.email)
        self.assertFalse(registration.phone)
        self.assertFalse(registration.company_name)
        self.env.cr.execute(
            "SELECT name, email, phone FROM event_registration WHERE id = %s", (registration.id,))
        self.assertNotIn("dupont", repr(self.env.cr.fetchall()).lower())
        bodies = " ".join(registration.sudo().message_ids.mapped("body"))
        self.assertNotIn("DUPONT", bodies.upper())
        # out of every scope but the administrators'
        self.assertFalse(self.env["event.registration"].with_user(self.secretariat).search(
            [("id", "=", registration.id)]))
        self.assertEqual(self.job_fair.seats_taken, 3)

    def test_subject_access_export_lists_the_registrations(self):
        self.reg_north.with_user(self.referent).message_post(body="Inscrite au forum par sa référente")
        action = self.dossier_north.with_user(self.admin).action_open_subject_access_export()
        wizard = self.env[action["res_model"]].with_user(self.admin).with_context(**action["context"]).create({})
        wizard.action_generate()
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.export_file)))
        self.assertIn("records/event.registration.csv", archive.namelist())
        rows = list(csv.reader(io.StringIO(archive.read("records/event.registration.csv").decode())))
        self.assertEqual(len(rows), 2, "the header and the person's one registration")
        line = " ".join(rows[1])
        self.assertIn("Forum emploi de Privas", line)
        self.assertIn("marie.dupont@example.org", line)
        # not the other attendees of the event
        everything = " ".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
        self.assertNotIn("Garcia".upper(), everything.upper())
        self.assertNotIn("levivarais", everything)
        self.assertIn("Inscrite au forum par sa référente", archive.read("messages.txt").decode())
