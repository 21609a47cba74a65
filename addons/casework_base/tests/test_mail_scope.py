"""Every Odoo model that copies or points to the person follows the
dossier's scope: messages, notifications (e-mail and SMS), e-mails, SMS,
their trackers, followers, activities, attendees.

``mail.notification`` is readable by every internal user in Odoo, and a
record that points to the person shows the person's name to whoever reads
it (Odoo reads the name of a many-to-one as superuser).
"""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import PASSWORD, CaseworkCommon

# model -> fields read (those that name a person or point to one)
MODELS = {
    "mail.notification": ["res_partner_id", "author_id", "mail_message_id", "sms_number", "mail_email_address",
                          "failure_reason"],
    "mail.message": ["record_name", "subject", "body", "partner_ids", "author_id", "email_from", "res_id", "model"],
    "mail.mail": ["subject", "body_html", "email_to", "recipient_ids", "record_name"],
    "sms.sms": ["number", "partner_id", "body", "mail_message_id"],
    "sms.tracker": ["sms_uuid", "mail_notification_id"],
    "mail.followers": ["partner_id", "name", "email", "res_model", "res_id"],
    "mail.activity": ["res_name", "summary", "res_model", "res_id", "casework_beneficiary_id", "calendar_event_id"],
    "calendar.event": ["name", "partner_ids", "description", "casework_beneficiary_id"],
    "calendar.attendee": ["common_name", "partner_id", "event_id", "email", "phone"],
    "calendar.recurrence": ["base_event_id", "name"],
    "mail.tracking.value": ["mail_message_id", "old_value_char", "new_value_char"],
    "mail.message.schedule": ["mail_message_id"],
}


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestMailScope(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.it_admin = new_test_user(cls.env, login="cw_it_admin", password=PASSWORD,
                                     groups="base.group_user,base.group_system")
        cls.person = cls.dossier_north.partner_id
        cls.outsiders = (cls.finance, cls.operator, cls.referent_south, cls.it_admin)
        dossier = cls.dossier_north.with_user(cls.referent)
        # a message to the person, an SMS to the person, a task for the secretariat
        dossier.message_post(body="Votre prochain rendez-vous", partner_ids=cls.person.ids,
                             message_type="comment", subtype_xmlid="mail.mt_comment", mail_auto_delete=False)
        dossier._message_sms("Rappel : rendez-vous le 20/11", partner_ids=cls.person.ids,
                             sms_pid_to_number={cls.person.id: "+33612345678"}, put_in_queue=True)
        # a tracked change of the person's names, a notification scheduled for later
        message = cls.env["mail.message"].sudo().search(
            [("model", "=", "casework.beneficiary"), ("res_id", "=", cls.dossier_north.id)], limit=1)
        cls.env["mail.tracking.value"].sudo().create({
            "field_id": cls.env["ir.model.fields"]._get("casework.beneficiary", "birth_name").id,
            "old_value_char": False, "new_value_char": "Dupontel", "mail_message_id": message.id})
        cls.env["mail.message.schedule"].sudo().create({
            "mail_message_id": message.id, "scheduled_datetime": datetime(2026, 11, 16, 8, 0)})
        task_type = cls.env.ref("casework_followup.mail_activity_type_task", raise_if_not_found=False)
        dossier.activity_schedule(activity_type_id=(task_type or cls.env.ref("mail.mail_activity_data_todo")).id,
                                  summary="Appeler Mme Dupont",
                                  user_id=cls.secretariat.id, date_deadline=date(2026, 11, 30))
        # an appointment and its SMS reminder (the reminder's own SMS and tracker)
        # (an appointment of casework_appointment when installed, else an event of the dossier)
        appointment_type = cls.env.ref("casework_appointment.appointment_type_individual", raise_if_not_found=False)
        cls.event = cls.env["calendar.event"].with_user(cls.referent).create({
            "start": datetime(2026, 11, 20, 9, 0), "stop": datetime(2026, 11, 20, 10, 0),
            **({"casework_beneficiary_id": cls.dossier_north.id, "casework_appointment_type_id": appointment_type.id}
               if appointment_type else
               {"name": "Entretien", "res_model_id": cls.env["ir.model"]._get_id("casework.beneficiary"),
                "res_id": cls.dossier_north.id, "partner_ids": [Command.link(cls.person.id)]}),
        })
        sms = cls.env["sms.sms"].sudo().create({
            "number": "+33612345678", "partner_id": cls.person.id, "body": "Rappel : RDV le 20/11 (Mme DUPONT)"})
        cls.env["sms.tracker"].sudo().create({"sms_uuid": sms.uuid})
        # the person's e-mail waiting in the queue, followers (a colleague who
        # never had access was added by a superuser process)
        cls.dossier_north.message_subscribe(partner_ids=(cls.person | cls.finance.partner_id).ids)
        # a recurring appointment
        cls.event.sudo().write({"recurrency": True, "rrule_type": "weekly", "fri": True, "count": 2})
        cls.env.flush_all()

    def _rows(self, user, model):
        """What ``user`` reads of ``model`` (nothing when the model is closed to them)."""
        try:
            Model = self.env[model].with_user(user)
            # (the fields of the addons installed)
            return Model.search_read([], [name for name in MODELS[model] if name in Model._fields])
        except AccessError:
            return []

    def _assert_nothing_names_the_person(self, user, model):
        rows = self._rows(user, model)
        text = repr(rows).lower()
        for marker in ("dupont", "marie.dupont", "612345678", "06 12 34 56 78"):
            self.assertNotIn(marker, text, f"{user.login} reads “{marker}” in {model}")
        for row in rows:
            for fname, value in row.items():
                if fname in ("partner_ids", "recipient_ids"):
                    self.assertNotIn(self.person.id, value, f"{user.login} reads {model} {row}")
                elif fname in ("partner_id", "res_partner_id", "author_id") and value:
                    self.assertNotEqual(value[0], self.person.id, f"{user.login} reads {model} {row}")
            if "casework.beneficiary" in (row.get("model"), row.get("res_model")):
                self.assertNotEqual(row.get("res_id"), self.dossier_north.id, f"{user.login} reads {model} {row}")

    def test_copies_exist(self):
        """The records this class checks are there (as superuser)."""
        for model in MODELS:
            with self.subTest(model=model):
                self.assertTrue(self.env[model].sudo().search([]), model)
        notification = self.env["mail.notification"].sudo().search([("res_partner_id", "=", self.person.id),
                                                                     ("notification_type", "=", "sms")])
        self.assertEqual(notification.sms_number, "+33612345678")
        self.assertTrue(self.env["mail.mail"].sudo().search([("recipient_ids", "in", self.person.ids)]))

    def test_outside_the_scope_nothing_names_the_person(self):
        for user in self.outsiders:
            for model in MODELS:
                with self.subTest(user=user.login, model=model):
                    self._assert_nothing_names_the_person(user, model)

    def test_direct_reads_refused(self):
        notifications = self.env["mail.notification"].sudo().search([("res_partner_id", "=", self.person.id)])
        messages = self.env["mail.message"].sudo().search([("model", "=", "casework.beneficiary"),
                                                          ("res_id", "=", self.dossier_north.id)])
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", self.person.id)])
        mails = self.env["mail.mail"].sudo().search([("recipient_ids", "in", self.person.ids)])
        self.assertTrue(notifications and messages and sms and mails)
        for user in self.outsiders:
            for records in (notifications, messages, sms, mails):
                with self.subTest(user=user.login, model=records._name), self.assertRaises(AccessError):
                    records.with_user(user).read(MODELS[records._name])

    def test_readers_of_the_dossier_read_them(self):
        for user in (self.referent, self.secretariat, self.admin):
            with self.subTest(user=user.login):
                rows = self.env["mail.notification"].with_user(user).search_read(
                    [("res_partner_id", "=", self.person.id), ("notification_type", "=", "sms")], ["sms_number"])
                self.assertEqual([row["sms_number"] for row in rows], ["+33612345678"])
                messages = self.env["mail.message"].with_user(user).search(
                    [("model", "=", "casework.beneficiary"), ("res_id", "=", self.dossier_north.id)])
                self.assertIn("Votre prochain rendez-vous", "".join(messages.mapped("body")))
                self.assertTrue(
                    self.env["calendar.attendee"].with_user(user).search([("partner_id", "=", self.person.id)])
                )

    def test_own_notifications_still_read(self):
        supplier = self.env["res.partner"].create({"name": "Fournisseur Papeterie"})
        supplier.message_post(body="Facture reçue", partner_ids=(self.finance | self.referent_south).partner_id.ids,
                              message_type="comment", subtype_xmlid="mail.mt_comment")
        for user in (self.finance, self.referent_south):
            with self.subTest(user=user.login):
                rows = self.env["mail.notification"].with_user(user).search_read(
                    [("res_partner_id", "=", user.partner_id.id)], ["mail_message_id"])
                self.assertEqual(len(rows), 1)
                message = self.env["mail.message"].with_user(user).browse(rows[0]["mail_message_id"][0])
                self.assertIn("Facture reçue", message.body)

    def test_lost_access_ends_the_reading(self):
        """A référent who leaves the dossier no longer reads its messages,
        notifications, followers nor its person's SMS notifications."""
        Notification = self.env["mail.notification"].with_user(self.referent)
        self.assertTrue(Notification.search([("res_partner_id", "=", self.person.id)]))
        self.dossier_north.assignment_ids.with_user(self.secretariat).write({"date_end": date(2026, 11, 14)})
        self.env.invalidate_all()
        for model in MODELS:
            with self.subTest(model=model):
                self._assert_nothing_names_the_person(self.referent, model)
