from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EventCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestRegistrationAccess(EventCommon):
    """Each role over the registrations of beneficiaries: the dossier's
    scope, and nothing of the person out of it."""

    def _readable(self, user):
        return self.env["event.registration"].with_user(user).search([("event_id", "=", self.job_fair.id)])

    def test_scope_per_role(self):
        everyone = self.reg_north | self.reg_south | self.reg_guest
        expected = {
            "referent": self.reg_north | self.reg_guest,          # référent of the dossier
            "referent_other": self.reg_guest,                      # another référent of the territory
            "referent_south": self.reg_south | self.reg_guest,    # référent of another territory
            "secretariat": self.reg_north | self.reg_guest,       # secretariat of the North
            "manager": self.reg_north | self.reg_guest,           # head of service of the North
            "admin": everyone,
        }
        for role, registrations in expected.items():
            with self.subTest(role=role):
                self.assertEqual(self._readable(getattr(self, role)), registrations)

    def test_no_event_access_for_finance_operator_fse_outsider(self):
        for role in ("finance", "operator", "fse", "outsider"):
            user = getattr(self, role)
            with self.subTest(role=role):
                Registration = self.env["event.registration"].with_user(user)
                with self.assertRaises(AccessError):
                    Registration.search([])
                with self.assertRaises(AccessError):
                    self.reg_north.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    Registration.create({"event_id": self.job_fair.id,
                                         "casework_beneficiary_id": self.dossier_north.id})
                # the dossier's form shows no event of theirs
                dossier_fields = self.env["casework.beneficiary"].with_user(user).fields_get()
                self.assertNotIn("event_registration_ids", dossier_fields)

    def test_read_write_in_and_out_of_scope(self):
        for role in ("referent", "secretariat", "manager", "admin"):
            with self.subTest(role=role):
                registration = self.reg_north.with_user(getattr(self, role))
                self.assertEqual(registration.read(["email"])[0]["email"], "marie.dupont@example.org")
                registration.write({"casework_presence": "absent"})
        for role in ("referent_other", "referent_south"):
            with self.subTest(role=role):
                registration = self.reg_north.with_user(getattr(self, role))
                with self.assertRaises(AccessError):
                    registration.read(["name"])
                with self.assertRaises(AccessError):
                    registration.write({"casework_presence": "present"})
                with self.assertRaises(AccessError):
                    registration.action_cancel()

    def test_register_only_within_scope(self):
        Registration = self.env["event.registration"]
        for role in ("referent_other", "referent_south"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                Registration.with_user(getattr(self, role)).create({
                    "event_id": self.info_session.id, "casework_beneficiary_id": self.dossier_north.id,
                })
            # nor by the person's partner
            with self.subTest(role=role), self.assertRaises(AccessError):
                Registration.with_user(getattr(self, role)).create({
                    "event_id": self.info_session.id, "partner_id": self.dossier_north.partner_id.id,
                })
        # an anonymous registration of another attendee is Odoo's
        guest = Registration.with_user(self.referent_south).create({
            "event_id": self.info_session.id, "name": "Conseillère France Travail",
        })
        self.assertFalse(guest.casework_beneficiary_id)

    def test_nothing_of_the_person_out_of_scope(self):
        Registration = self.env["event.registration"].with_user(self.referent_south)
        for secret in self.north_secrets:
            with self.subTest(secret=secret):
                self.assertFalse(Registration.search(["|", "|", ("name", "ilike", secret), ("email", "ilike", secret),
                                                      ("phone", "ilike", secret)]))
                self.assertFalse(Registration.name_search(secret))
        self.assertFalse(Registration.search([("casework_beneficiary_id", "=", self.dossier_north.id)]))
        self.assertFalse(Registration.search([("partner_id", "=", self.dossier_north.partner_id.id)]))
        groups = Registration.formatted_read_group([], ["name", "email", "phone", "partner_id"], ["__count"])
        text = repr(groups)
        for secret in self.north_secrets:
            self.assertNotIn(secret, text)
        # even with the right to export
        self.referent_south.group_ids += self.env.ref("base.group_allow_export")
        exported = Registration.search([]).export_data(["name", "email", "phone", "partner_id"])["datas"]
        for secret in self.north_secrets:
            self.assertNotIn(secret, repr(exported))

    def test_the_events_attendees_out_of_scope(self):
        event = self.job_fair.with_user(self.referent_south)
        self.assertEqual(event.registration_ids, self.reg_south | self.reg_guest)
        # the seat counts count everybody: numbers, no names
        self.assertEqual(event.seats_taken, 3)
        html, _format = self.env["ir.actions.report"].with_user(self.referent_south)._render_qweb_html(
            "event.action_report_event_event_attendee_list", self.job_fair.ids)
        html = html.decode()
        self.assertIn("Garcia".upper(), html.upper())
        for secret in self.north_secrets:
            self.assertNotIn(secret, html)

    def test_messages_answers_and_schedulers_follow_the_registration(self):
        message = self.reg_north.with_user(self.referent).message_post(body="Mme Dupont viendra avec son CV")
        self.assertFalse(self.env["mail.message"].with_user(self.referent_south).search([("id", "=", message.id)]))
        self.assertTrue(self.env["mail.message"].with_user(self.secretariat).search([("id", "=", message.id)]))
        with self.assertRaises(AccessError):
            message.with_user(self.referent_south).read(["body"])
        question = self.env["event.question"].create({
            "title": "Secteur recherché", "question_type": "text_box", "event_ids": [(4, self.job_fair.id)],
        })
        answer = self.env["event.registration.answer"].create({
            "question_id": question.id, "registration_id": self.reg_north.id, "value_text_box": "Restauration",
        })
        Answer = self.env["event.registration.answer"]
        self.assertFalse(Answer.with_user(self.referent_south).search([("id", "=", answer.id)]))
        self.assertEqual(Answer.with_user(self.referent).search([("id", "=", answer.id)]), answer)
        scheduler = self.env["event.mail"].create({
            "event_id": self.job_fair.id, "interval_unit": "now", "interval_type": "after_sub",
            "template_ref": f"mail.template,{self.env.ref('event.event_subscription').id}",
        })
        planned = self.env["event.mail.registration"].create({
            "scheduler_id": scheduler.id, "registration_id": self.reg_north.id,
        })
        Planned = self.env["event.mail.registration"]
        self.assertFalse(Planned.with_user(self.referent_south).search([("id", "=", planned.id)]))
        self.assertEqual(Planned.with_user(self.referent).search([("id", "=", planned.id)]), planned)
        # the scheduler's last registration (its name is the attendee's) is for system administrators
        scheduler.sudo().last_registration_id = self.reg_north
        with self.assertRaises(AccessError):
            scheduler.with_user(self.referent_south).read(["last_registration_id"])

    def test_a_hidden_person_without_dossier_link_is_hidden(self):
        # a contact under the person (their name shows in its display name) registered by the system
        contact = self.env["res.partner"].create({
            "name": "Adresse de travail", "parent_id": self.dossier_north.partner_id.id, "type": "other",
        })
        under = self.env["event.registration"].create({"event_id": self.job_fair.id, "partner_id": contact.id})
        # a registration of the person whose dossier link was lost (data imported by SQL)
        lost = self.env["event.registration"].create({"event_id": self.info_session.id, "name": "Importée"})
        self.env.cr.execute("UPDATE event_registration SET partner_id = %s WHERE id = %s",
                            (self.dossier_north.partner_id.id, lost.id))
        self.env.invalidate_all()
        self.assertFalse(under.casework_beneficiary_id)
        self.assertFalse(lost.casework_beneficiary_id)
        Registration = self.env["event.registration"].with_user(self.referent_south)
        self.assertFalse(Registration.search([("id", "in", (under | lost).ids)]))
        self.assertEqual(
            self.env["event.registration"].with_user(self.referent).search([("id", "in", (under | lost).ids)]),
            under | lost)

    def test_followers_cleanup_and_scope_change(self):
        # a user left as a follower (they may not read it) is unsubscribed when the dossier's scope changes
        self.reg_north.sudo().message_subscribe(partner_ids=self.referent_other.partner_id.ids)
        self.dossier_north.with_user(self.admin).write({"territory_id": self.south.id})
        self.assertNotIn(self.referent_other.partner_id, self.reg_north.sudo().message_partner_ids)
        self.assertEqual(self.reg_north.casework_territory_id, self.south)
        self.assertEqual(self._readable(self.secretariat), self.reg_guest)
        # still the référent's (active file)
        self.assertIn(self.reg_north, self._readable(self.referent))
