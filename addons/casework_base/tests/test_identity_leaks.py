"""The person's identity never comes back to a user out of the dossier's
scope through a side door: a reply to a message, a follower, a contact
under the person, the day taken from the client, a refusal message, the
audit trail."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import PASSWORD, CaseworkCommon


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestIdentityLeaks(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.it_admin = new_test_user(cls.env, login="cw_leak_it_admin", password=PASSWORD,
                                     groups="base.group_user,base.group_system")
        cls.person_south = cls.dossier_south.partner_id
        cls.south_message = cls.dossier_south.with_user(cls.referent_south).message_post(
            body="Rendez-vous avec Mme Garcia", message_type="comment", subtype_xmlid="mail.mt_note")

    # -- 1. replies and posts --------------------------------------------

    def test_reply_to_a_hidden_message_is_refused(self):
        Message = self.env["mail.message"].with_user(self.referent)
        with self.assertRaises(AccessError):
            Message.create({
                "model": "casework.beneficiary", "res_id": self.dossier_north.id, "body": "Re",
                "message_type": "comment", "parent_id": self.south_message.id,
            })
        own = self.dossier_north.with_user(self.referent).message_post(body="Note", message_type="comment")
        with self.assertRaises(AccessError):
            own.write({"parent_id": self.south_message.id})

    def test_a_reply_posted_on_an_own_dossier_keeps_no_hidden_parent(self):
        reply = self.dossier_north.with_user(self.referent).message_post(
            body="Re", message_type="comment", parent_id=self.south_message.id)
        self.assertNotEqual(reply.parent_id, self.south_message)

    def test_a_reply_to_a_hidden_message_of_the_same_thread_drops_it(self):
        # a message of the dossier sent to another dossier's person (by the
        # system): hidden from the référent, who answers it
        hidden = self.dossier_north.message_post(
            body="Copie à Mme Garcia", partner_ids=self.person_south.ids, message_type="comment",
            subtype_xmlid="mail.mt_note")
        self.assertFalse(hidden.with_user(self.referent)._filtered_access("read"))
        reply = self.dossier_north.with_user(self.referent).message_post(
            body="Re", message_type="comment", parent_id=hidden.id)
        self.assertNotEqual(reply.parent_id, hidden)

    def test_posting_on_a_hidden_dossier_is_refused(self):
        with self.assertRaises(AccessError):
            self.dossier_south.with_user(self.referent).message_post(body="Bonjour", message_type="comment")

    # -- 2. followers ------------------------------------------------------

    def test_a_hidden_person_cannot_be_subscribed(self):
        for record in (self.dossier_north, self.referent.partner_id):
            with self.assertRaises(AccessError):
                record.with_user(self.referent).message_subscribe(partner_ids=self.person_south.ids)
        self.assertFalse(self.env["mail.followers"].search([("partner_id", "=", self.person_south.id),
                                                           ("res_id", "in", (self.dossier_north.id,
                                                                             self.referent.partner_id.id))]))

    def test_a_hidden_person_cannot_be_made_a_follower_by_hand(self):
        with self.assertRaises(AccessError):
            self.env["mail.followers"].with_user(self.referent).create({
                "res_model": "casework.beneficiary", "res_id": self.dossier_north.id,
                "partner_id": self.person_south.id})

    def test_visible_partners_can_still_be_subscribed(self):
        self.dossier_north.with_user(self.referent).message_subscribe(
            partner_ids=(self.dossier_north.partner_id | self.secretariat.partner_id).ids)
        self.assertIn(self.secretariat.partner_id, self.dossier_north.message_partner_ids)

    # -- 3. messages of a hidden dossier ----------------------------------

    def test_messages_of_a_hidden_dossier_are_not_found(self):
        Message = self.env["mail.message"].with_user(self.referent)
        self.assertFalse(Message.search([("model", "=", "casework.beneficiary"),
                                         ("res_id", "=", self.dossier_south.id)]))
        with self.assertRaises(AccessError):
            self.south_message.with_user(self.referent).read(["body", "author_id", "record_name"])

    # -- 4. the day is the server's -------------------------------------

    def test_the_client_time_zone_does_not_move_the_active_file(self):
        assignment = self.dossier_north.assignment_ids
        assignment.date_end = date(2026, 11, 15)
        with freeze_time("2026-11-15 23:30:00"):  # 16 November, 00:30 in Paris
            self.env.invalidate_all()
            Dossier = self.env["casework.beneficiary"].with_user(self.referent)
            for tz in ("America/Los_Angeles", "Pacific/Honolulu", "UTC", "Europe/Paris"):
                self.env.invalidate_all()
                self.assertFalse(Dossier.with_context(tz=tz).search([("id", "=", self.dossier_north.id)]), tz)
            self.referent.tz = "Pacific/Honolulu"
            self.env.invalidate_all()
            self.assertFalse(Dossier.search([("id", "=", self.dossier_north.id)]))
            self.assertFalse(
                self.env["res.partner"].with_user(self.referent).with_context(tz="Pacific/Honolulu").search(
                    [("id", "=", self.dossier_north.partner_id.id)]))

    def test_the_casework_day_follows_the_company_time_zone(self):
        with freeze_time("2026-11-15 23:30:00"):
            self.assertEqual(self.env["casework.beneficiary"].with_context(tz="Pacific/Honolulu")._casework_today(),
                             date(2026, 11, 16))
            self.env.company.partner_id.tz = "America/Cayenne"
            self.assertEqual(self.env["casework.beneficiary"]._casework_today(), date(2026, 11, 15))

    # -- 5. contacts under a person -----------------------------------------

    def test_a_contact_under_a_hidden_person_is_hidden(self):
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Garage Garcia", "is_company": True, "parent_id": self.person_south.id})
        contact = Partner.create({"name": "Accueil", "parent_id": company.id})
        deeper = Partner.create({"name": "Standard", "is_company": True, "parent_id": contact.id})
        chain = company | contact | deeper
        self.env.flush_all()
        self.assertFalse(Partner.with_user(self.referent).search([("id", "in", chain.ids)]))
        self.assertEqual(Partner.with_user(self.referent_south).search([("id", "in", chain.ids)]), chain)
        for partner in chain:
            with self.assertRaises(AccessError):
                partner.with_user(self.referent).read(["display_name", "parent_id", "commercial_partner_id"])
        self.assertFalse(any(chain.with_user(self.referent).mapped("casework_visible")))

    def test_a_company_does_not_name_a_hidden_person_among_its_contacts(self):
        employer = self.env["res.partner"].create({"name": "Boulangerie du Sud", "is_company": True})
        self.person_south.parent_id = employer
        self.env.flush_all()
        data = employer.with_user(self.referent).read(["display_name", "child_ids", "commercial_company_name"])
        self.assertNotIn("Garcia", str(data))
        try:
            data = employer.with_user(self.referent).web_read({"child_ids": {"fields": {"display_name": {}}}})
        except AccessError:
            data = None
        self.assertNotIn("Garcia", str(data))

    def test_a_partner_cannot_be_put_under_a_hidden_person(self):
        Partner = self.env["res.partner"].with_user(self.referent)
        with self.assertRaises(AccessError):
            Partner.create({"name": "Employeur", "is_company": True, "parent_id": self.person_south.id})
        mine = Partner.create({"name": "Employeur", "is_company": True})
        with self.assertRaises(AccessError):
            mine.write({"parent_id": self.person_south.id})

    # -- 6. refusals name no hidden dossier ----------------------------------

    def test_an_activity_refusal_names_no_hidden_dossier(self):
        Activity = self.env["mail.activity"].with_user(self.referent)
        with self.assertRaises(UserError) as caught:
            Activity.create({
                "res_model_id": self.env["ir.model"]._get_id("casework.beneficiary"),
                "res_id": self.dossier_south.id, "user_id": self.finance.id, "summary": "Appeler",
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            })
        self.assertNotIn(self.dossier_south.number, str(caught.exception))
        self.assertNotIn("Garcia", str(caught.exception))

    def test_a_constraint_of_a_hidden_dossier_names_nothing(self):
        # an overlapping period in the same programme: refused by a
        # constraint, which Odoo checks before the record rules
        Enrollment = self.env["casework.enrollment"].with_user(self.referent)
        with self.assertRaisesMessage(AccessError, "You may not add records to a dossier you may not change"):
            Enrollment.create({"beneficiary_id": self.dossier_south.id, "program_id": self.rsa.id,
                               "date_entry": date(2026, 3, 1)})
        # the business refusal stays for those who may change the dossier
        with self.assertRaisesMessage(UserError, "periods in the same programme cannot overlap"):
            self.env["casework.enrollment"].with_user(self.referent_south).create({
                "beneficiary_id": self.dossier_south.id, "program_id": self.rsa.id, "date_entry": date(2026, 3, 1)})

    def test_a_referent_creating_a_dossier_keeps_the_business_refusals(self):
        with self.assertRaisesMessage(UserError, "An exit needs an exit motive."):
            self.env["casework.beneficiary"].with_user(self.referent).create({
                "civility": "m", "first_name": "Jean", "usage_name": "Neuf", "territory_id": self.north.id,
                "birth_date": date(1990, 1, 1),
                "enrollment_ids": [Command.create({"program_id": self.rsa.id, "date_entry": date(2026, 11, 1),
                                                   "date_exit": date(2026, 11, 10)})],
            })

    # -- 7. the audit trail ----------------------------------------------

    def test_system_administrators_do_not_read_the_casework_audit_trail(self):
        logs = self.dossier_south._casework_audit("read") | self.dossier_north._casework_audit("read")
        lines = self.env["auditlog.log.line"].sudo().create({
            "log_id": logs[0].id, "field_id": self.env["ir.model.fields"]._get("casework.beneficiary", "usage_name").id,
            "old_value": "Garcia", "new_value": "Garcia-Lopez"})
        self.env.flush_all()
        domain = [("id", "in", logs.ids)]
        self.assertFalse(self.env["auditlog.log"].with_user(self.it_admin).search(domain))
        self.assertFalse(self.env["auditlog.log.line"].with_user(self.it_admin).search([("id", "in", lines.ids)]))
        with self.assertRaises(AccessError):
            lines.with_user(self.it_admin).read(["old_value"])
        self.assertEqual(self.env["auditlog.log"].with_user(self.admin).search(domain), logs)
        self.assertEqual(self.env["auditlog.log.line"].with_user(self.admin).search([("id", "in", lines.ids)]), lines)
        report = self.env["auditlog.log.line.view"]
        self.assertFalse(report.with_user(self.it_admin).search([("id", "in", lines.ids)]))
        self.assertEqual(report.sudo().search([("id", "in", lines.ids)]).ids, lines.ids)


@tagged("post_install", "-at_install")
class TestIdentityLeaksRpc(HttpCase):
    """The same, over the mail client's own routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        north = env["casework.territory"].create({"name": "Nord", "code": "LEAK-NORD"})
        south = env["casework.territory"].create({"name": "Sud", "code": "LEAK-SUD"})
        cls.referent = new_test_user(env, login="leak_referent_nord", password=PASSWORD,
                                     groups="base.group_user,casework_base.group_casework_referent")
        other = new_test_user(env, login="leak_referent_sud", password=PASSWORD,
                              groups="base.group_user,casework_base.group_casework_referent")
        Dossier = env["casework.beneficiary"]
        common = {"civility": "mme", "birth_date": date(1988, 6, 1)}
        cls.dossier = Dossier.create({
            **common, "first_name": "Nadia", "usage_name": "Nordiste", "territory_id": north.id,
            "assignment_ids": [Command.create({"user_id": cls.referent.id, "date_start": date(2026, 1, 5)})]})
        cls.hidden = Dossier.create({
            **common, "first_name": "Sophie", "usage_name": "Sudiste", "territory_id": south.id,
            "assignment_ids": [Command.create({"user_id": other.id, "date_start": date(2026, 1, 5)})]})
        cls.hidden_message = cls.hidden.message_post(body="Secret de Mme Sudiste", message_type="comment",
                                                     subtype_xmlid="mail.mt_note")
        # a message of the référent's dossier sent to the hidden person
        cls.copy_message = cls.dossier.message_post(body="Copie confidentielle", message_type="comment",
                                                    partner_ids=cls.hidden.partner_id.ids,
                                                    subtype_xmlid="mail.mt_note")

    def setUp(self):
        super().setUp()
        self.authenticate("leak_referent_nord", PASSWORD)

    def post(self, dossier, **post_data):
        return self.make_jsonrpc_request("/mail/message/post", {
            "thread_model": "casework.beneficiary", "thread_id": dossier.id,
            "post_data": {"body": "Re", "message_type": "comment", "subtype_xmlid": "mail.mt_comment", **post_data},
        })

    def test_a_reply_brings_back_no_hidden_message(self):
        for parent in (self.hidden_message, self.copy_message):
            result = self.post(self.dossier, parent_id=parent.id)
            text = str(result)
            for secret in ("Sudiste", "Secret", "Copie confidentielle"):
                self.assertNotIn(secret, text)
            self.assertNotEqual(self.env["mail.message"].browse(result["message_id"]).parent_id, parent)

    def test_posting_on_a_hidden_dossier_is_refused(self):
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.post(self.hidden)
        self.assertEqual(self.hidden.message_ids, self.hidden_message | self.hidden.message_ids[-1:])

    def test_subscribing_a_hidden_person_is_refused(self):
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self.make_jsonrpc_request("/mail/thread/subscribe", {
                "res_model": "casework.beneficiary", "res_id": self.dossier.id,
                "partner_ids": self.hidden.partner_id.ids})
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        self.assertNotIn(self.hidden.partner_id, self.dossier.message_partner_ids)

    def test_the_link_of_a_hidden_message_names_nothing(self):
        with mute_logger("odoo.http"):
            response = self.url_open(f"/mail/message/{self.hidden_message.id}", allow_redirects=False)
        self.assertIn(response.status_code, (303, 404))
        self.assertNotIn("Sudiste", response.text)
