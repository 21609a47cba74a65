from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import EventCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestRegistration(EventCommon):
    """Registering a beneficiary from the event and from the dossier; the
    attendee's copies follow the dossier's person."""

    def test_register_from_the_event(self):
        registration = self.reg_north
        partner = self.dossier_north.partner_id
        self.assertEqual(registration.partner_id, partner)
        self.assertEqual(registration.name, partner.name)
        self.assertEqual(registration.email, "marie.dupont@example.org")
        self.assertEqual(registration.phone, partner.phone)
        self.assertTrue(registration.phone)
        self.assertEqual(registration.casework_presence, "registered")
        self.assertEqual(registration.state, "open")
        self.assertEqual(registration.casework_territory_id, self.north)
        self.assertEqual(registration.casework_event_type_id, self.env.ref("casework_event.event_type_job_fair"))
        self.assertEqual(registration.beneficiary_id, self.dossier_north)

    def test_register_from_the_event_form(self):
        form = Form(self.env["event.registration"].with_user(self.secretariat).with_context(
            default_event_id=self.info_session.id))
        form.casework_beneficiary_id = self.dossier_north_other
        self.assertEqual(form.partner_id, self.dossier_north_other.partner_id)
        self.assertEqual(form.name, self.dossier_north_other.partner_id.name)
        registration = form.save()
        self.assertEqual(registration.partner_id, self.dossier_north_other.partner_id)
        self.assertEqual(registration.email, "paul.leroy@example.org")

    def test_register_from_the_dossier(self):
        action = self.dossier_north.with_user(self.referent).action_register_to_event()
        self.assertEqual(action["res_model"], "event.registration")
        view = self.env.ref("casework_event.event_registration_view_form_casework_dossier")
        Registration = self.env["event.registration"].with_user(self.referent).with_context(**action["context"])
        form = Form(Registration, view=view)
        form.event_id = self.info_session
        registration = form.save()
        self.assertEqual(registration.casework_beneficiary_id, self.dossier_north)
        self.assertEqual(registration.partner_id, self.dossier_north.partner_id)
        self.assertEqual(registration.name, self.dossier_north.partner_id.name)
        # the dossier lists it
        self.assertIn(registration, self.dossier_north.with_user(self.referent).event_registration_ids)
        self.assertEqual(self.dossier_north.with_user(self.referent).event_registration_count, 2)
        listed = self.dossier_north.with_user(self.referent).action_open_event_registrations()
        self.assertEqual(self.env["event.registration"].with_user(self.referent).search(listed["domain"]),
                         registration | self.reg_north)

    def test_register_from_the_dossier_needs_write_access(self):
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.referent_south).action_register_to_event()
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.fse).action_register_to_event()

    def test_a_partner_who_is_a_person_brings_their_dossier(self):
        registration = self.env["event.registration"].with_user(self.referent).create({
            "event_id": self.info_session.id, "partner_id": self.dossier_north.partner_id.id,
        })
        self.assertEqual(registration.casework_beneficiary_id, self.dossier_north)
        # also set afterwards on a registration made without one
        guest = self.env["event.registration"].with_user(self.secretariat).create({
            "event_id": self.info_session.id, "name": "Quelqu'un",
        })
        self.assertFalse(guest.casework_beneficiary_id)
        guest.write({"partner_id": self.dossier_north_other.partner_id.id})
        self.assertEqual(guest.casework_beneficiary_id, self.dossier_north_other)
        self.assertEqual(guest.name, self.dossier_north_other.partner_id.name)

    def test_copies_follow_the_dossier(self):
        self.dossier_north.with_user(self.referent).write({
            "email": "marie.nouvelle@example.org", "phone": "07 81 99 88 77", "usage_name": "Martin",
        })
        self.assertEqual(self.reg_north.email, "marie.nouvelle@example.org")
        self.assertEqual(self.reg_north.phone, self.dossier_north.partner_id.phone)
        self.assertIn("MARTIN", self.reg_north.name.upper())
        # typed values are for other attendees only
        self.reg_north.with_user(self.referent).write({"name": "Autre nom", "email": "autre@example.org"})
        self.assertEqual(self.reg_north.name, self.dossier_north.partner_id.name)
        self.assertEqual(self.reg_north.email, "marie.nouvelle@example.org")
        self.reg_guest.with_user(self.referent).write({"name": "Recruteuse Le Vivarais"})
        self.assertEqual(self.reg_guest.name, "Recruteuse Le Vivarais")
        # created with typed values: the dossier's person wins
        registration = self.env["event.registration"].with_user(self.referent).create({
            "event_id": self.info_session.id, "casework_beneficiary_id": self.dossier_north.id,
            "name": "Faux nom", "email": "faux@example.org",
        })
        self.assertEqual(registration.name, self.dossier_north.partner_id.name)
        self.assertEqual(registration.email, "marie.nouvelle@example.org")

    def test_the_attendee_is_the_dossiers_person(self):
        with self.assertRaisesMessage(ValidationError, "The attendee of a registration of a dossier is the dossier's"):
            self.env["event.registration"].with_user(self.secretariat).create({
                "event_id": self.info_session.id, "casework_beneficiary_id": self.dossier_north.id,
                "partner_id": self.dossier_north_other.partner_id.id,
            })

    def test_a_registration_stays_in_its_dossier(self):
        with self.assertRaisesMessage(AccessError, "cannot be moved to another dossier"):
            self.reg_north.with_user(self.secretariat).write({"casework_beneficiary_id": self.dossier_north_other.id})
        with self.assertRaisesMessage(AccessError, "cannot be moved to another dossier"):
            self.reg_north.with_user(self.secretariat).write({"casework_beneficiary_id": False})

    def test_registered_once_per_event(self):
        with self.assertRaisesMessage(ValidationError, "This dossier is already registered to the event"):
            self.env["event.registration"].with_user(self.referent).create({
                "event_id": self.job_fair.id, "casework_beneficiary_id": self.dossier_north.id,
            })
        # a cancelled registration does not count
        self.reg_north.with_user(self.referent).action_cancel()
        again = self.env["event.registration"].with_user(self.referent).create({
            "event_id": self.job_fair.id, "casework_beneficiary_id": self.dossier_north.id,
        })
        self.assertEqual(again.casework_presence, "registered")

    def test_animator(self):
        self.assertEqual(self.job_fair.casework_animator_id, self.referent)
        event = self.env["event.event"].with_user(self.referent).create({
            "name": "Rencontre employeurs BTP", "event_type_id": self.env.ref(
                "casework_event.event_type_employer_meeting").id,
            "date_begin": "2026-12-10 08:00:00", "date_end": "2026-12-10 12:00:00",
            "casework_animator_id": self.referent_other.id,
        })
        self.assertEqual(event.casework_animator_id, self.referent_other)
        # the types send nothing by e-mail
        self.assertFalse(event.event_mail_ids)

    def test_schedulers_do_not_mail_a_dossiers_person(self):
        event = self.env["event.event"].create({
            "name": "Salon de l'alternance", "date_begin": "2026-12-10 08:00:00", "date_end": "2026-12-10 17:00:00",
            "event_mail_ids": [(0, 0, {
                "interval_unit": "now", "interval_type": "after_sub",
                "template_ref": f"mail.template,{self.env.ref('event.event_subscription').id}",
            })],
        })
        Registration = self.env["event.registration"]
        person = Registration.with_user(self.referent).create({
            "event_id": event.id, "casework_beneficiary_id": self.dossier_north.id,
        })
        guest = Registration.create({"event_id": event.id, "name": "Invitée", "email": "invitee@example.org"})
        # run as the cron does (the subscription mail goes out at registration unless asynchronous)
        event.event_mail_ids.sudo().execute()
        mails = self.env["mail.mail"].sudo().search([("model", "=", "event.registration")])
        self.assertIn(guest.id, mails.mapped("res_id"))
        self.assertNotIn(person.id, mails.mapped("res_id"))
        self.assertFalse(mails.filtered(lambda mail: "marie.dupont" in (mail.email_to or "")))
