"""An attacker's pass: authenticated internal users out of the scope of a
dossier (finance, operator, a référent of another territory, a system
administrator without a Casework role) try the ways to its person that are
not the dossier's own models."""

import base64
import functools
import json
from datetime import date

from odoo import http
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import PASSWORD, CaseworkCommon


def models_naming(env, text, dossiers):
    """The stored fields (``model.field``) of the models ``env``'s user may
    read where a record they may read contains ``text`` (text fields) or
    points to the partner or one of ``dossiers`` (many-to-one fields, whose
    name Odoo shows to any reader)."""
    hits = set()

    @functools.cache
    def data_ids(name):
        # the records of Odoo's data files are not the person's (the French
        # banks include "CHOLET DUPONT SA")
        return env["ir.model.data"].sudo().search(
            [("model", "=", name), ("module", "not in", ("__export__", "__import__"))]).mapped("res_id")

    for name in sorted(env.registry):
        Model = env[name]
        if Model._abstract or not Model._auto or Model._transient or not Model.has_access("read"):
            continue
        for fname, field in Model._fields.items():
            if not field.store or not Model._has_field_access(field, "read"):
                continue
            if field.type in ("char", "text", "html") and not field.translate:
                domain = [(fname, "=ilike", f"%{text}%")]
            elif field.type == "many2one" and field.comodel_name == "res.partner":
                domain = [(fname, "in", dossiers.partner_id.ids)]
            elif field.type == "many2one" and field.comodel_name == dossiers._name:
                domain = [(fname, "in", dossiers.ids)]
            else:
                continue
            try:
                with env.cr.savepoint():
                    if Model.search_count(domain + [("id", "not in", data_ids(name))]):
                        hits.add(f"{name}.{fname}")
            except Exception:  # noqa: BLE001 -- a field that cannot be searched names nothing
                continue
    return hits


@tagged("post_install", "-at_install")
class TestAttackReview(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.it_admin = new_test_user(cls.env, login="cw_attack_it_admin", password=PASSWORD,
                                     groups="base.group_user,base.group_system")
        cls.attackers = (cls.finance, cls.operator, cls.referent_south, cls.it_admin)

    def _colleague_wizards(self):
        """Odoo's own wizards as the référent of ``dossier_north`` fills them."""
        env = self.env(user=self.referent)
        model = "casework.beneficiary"
        wizards = [
            env["sms.composer"].create({
                "composition_mode": "comment", "res_model": model, "res_id": self.dossier_north.id,
                "body": "Bonjour Mme Dupont, rendez-vous lundi.",
            }),
            env["mail.activity.schedule"].with_context(active_model=model, active_ids=self.dossier_north.ids).create({
                "res_model_id": self.env["ir.model"]._get_id(model), "res_ids": str(self.dossier_north.ids),
                "summary": "Rappeler Mme Dupont", "note": "Mme Dupont attend une réponse",
            }),
            env["mail.followers.edit"].create({
                "res_model": model, "res_ids": str(self.dossier_north.ids), "operation": "add",
                "message": "Dossier de Mme Dupont",
            }),
        ]
        if "base_import.import" in self.env:
            wizards.append(env["base_import.import"].create({
                "res_model": "res.partner", "file_name": "personnes.csv", "file_type": "text/csv",
                "file": base64.b64encode(b"name,phone\nDupont Marie,06 12 34 56 78\n"),
            }))
        return wizards

    def test_odoo_wizards_of_a_colleague_are_private(self):
        wizards = self._colleague_wizards()
        self.env.flush_all()
        for wizard in wizards:
            self.assertTrue(wizard.with_user(self.referent).read(["create_uid"]))
            for user in self.attackers:
                with self.subTest(wizard=wizard._name, user=user.login):
                    Wizard = self.env[wizard._name].with_user(user)
                    self.assertFalse(Wizard.search([("id", "=", wizard.id)]))
                    with self.assertRaises(AccessError):
                        wizard.with_user(user).read(["create_uid"])
                    with self.assertRaises(AccessError):
                        wizard.with_user(user).write({"create_uid": user.id})

    def _assert_names_nothing(self, func):
        """``func`` is refused, or what it returns names nothing of the dossier."""
        try:
            with self.env.cr.savepoint():
                result = func()
        except AccessError:
            return
        text = str(result).lower()
        for secret in ("dupont", "marie", "06 12 34 56 78", "+33612345678"):
            self.assertNotIn(secret, text)

    def test_odoo_wizards_given_a_hidden_dossier_name_nothing(self):
        model, dossier = "casework.beneficiary", self.dossier_north
        for user in self.attackers:
            env = self.env(user=user)
            with self.subTest(user=user.login):
                self._assert_names_nothing(lambda env=env: env["sms.composer"].create({
                    "composition_mode": "comment", "res_model": model, "res_id": dossier.id, "body": "Bonjour",
                }).read(["recipient_single_number_itf", "recipient_single_description", "body"]))
                self._assert_names_nothing(lambda env=env: env["mail.compose.message"].create({
                    "composition_mode": "comment", "model": model, "res_ids": str(dossier.ids),
                }).read(["subject", "partner_ids", "body"]))
                self._assert_names_nothing(lambda env=env: env["mail.compose.message"].with_context(
                    default_model=model, default_res_ids=dossier.ids, default_composition_mode="comment",
                ).onchange({}, [], {"subject": {}, "body": {}}))

    def test_pending_uploads_of_a_colleague_are_not_read(self):
        attachment = self.env["ir.attachment"].with_user(self.referent).create({
            "name": "cni_dupont_marie.pdf", "raw": b"%PDF-1.4 Dupont", "res_model": "mail.compose.message",
            "res_id": 0})
        self.assertEqual(attachment.with_user(self.referent).read(["name"])[0]["name"], "cni_dupont_marie.pdf")
        for user in self.attackers:
            with self.subTest(user=user.login):
                self.assertFalse(self.env["ir.attachment"].with_user(user).search([("id", "=", attachment.id)]))
                with self.assertRaises(AccessError):
                    attachment.with_user(user).read(["name", "raw"])

    def test_what_odoo_keeps_of_a_hidden_message_is_not_read(self):
        """Reactions, link previews and queued push notifications (system
        administrators read them all in Odoo)."""
        message = self.dossier_north.message_post(body="Mme Dupont https://example.org/dupont",
                                                  message_type="comment", subtype_xmlid="mail.mt_note")
        reaction = self.env["mail.message.reaction"].create({
            "message_id": message.id, "content": "👍", "partner_id": self.referent.partner_id.id})
        preview = self.env["mail.message.link.preview"].create({
            "message_id": message.id,
            "link_preview_id": self.env["mail.link.preview"].create({
                "source_url": "https://example.org/dupont", "og_title": "Dupont"}).id})
        device = self.env["mail.push.device"].create({
            "partner_id": self.referent.partner_id.id, "endpoint": "https://push.example.org/1",
            "keys": json.dumps({"p256dh": "x", "auth": "y"})})
        push = self.env["mail.push"].create({
            "mail_push_device_id": device.id,
            "payload": json.dumps({"title": self.dossier_north.display_name, "options": {"body": "Mme Dupont"}})})
        self.env.flush_all()
        for record in (reaction, preview, push):
            for user in self.attackers:
                with self.subTest(model=record._name, user=user.login):
                    try:
                        found = self.env[record._name].with_user(user).search([("id", "=", record.id)])
                    except AccessError:  # no access right on the model at all
                        found = False
                    self.assertFalse(found)
                    with self.assertRaises(AccessError):
                        record.with_user(user).read(["display_name"])

    def test_defaults_taken_from_the_selection_name_nothing(self):
        """``active_ids`` is client input: Odoo's contact merge takes its
        contacts (and the name of the one kept) from it."""
        hidden = self.dossier_north.partner_id
        visible = self.env["res.partner"].create({"name": "Contact visible", "email": hidden.email})
        Merge = self.env["base.partner.merge.automatic.wizard"].with_user(self.it_admin).with_context(
            active_model="res.partner", active_ids=[hidden.id, visible.id])
        spec = {"dst_partner_id": {"fields": {"display_name": {}}}, "partner_ids": {"fields": {"display_name": {}}}}
        self._assert_names_nothing(lambda: Merge.onchange({}, [], spec))
        self._assert_names_nothing(lambda: Merge.create({}).read(["dst_partner_id", "partner_ids"]))
        with self.assertRaises(AccessError):
            Merge.create({}).action_merge()
        self.assertTrue(hidden.exists())
        self.assertEqual(self.dossier_north.partner_id, hidden)

    def test_odoo_wizards_act_on_no_hidden_dossier(self):
        """Sending an SMS or an e-mail to the person, scheduling an activity
        or following the dossier through Odoo's wizards, out of the scope."""
        model, dossier = "casework.beneficiary", self.dossier_north
        SMS, Mail = self.env["sms.sms"].sudo(), self.env["mail.mail"].sudo()
        sms_before, mail_before = SMS.search_count([]), Mail.search_count([])
        for user in self.attackers:
            env = self.env(user=user)
            actions = {
                "sms mass": lambda env=env: env["sms.composer"].create({
                    "composition_mode": "mass", "res_model": model, "res_ids": str(dossier.ids),
                    "body": "Bonjour", "mass_keep_log": True}).action_send_sms(),
                "sms comment": lambda env=env: env["sms.composer"].create({
                    "composition_mode": "comment", "res_model": model, "res_id": dossier.id,
                    "body": "Bonjour"}).action_send_sms(),
                "mail mass": lambda env=env: env["mail.compose.message"].create({
                    "composition_mode": "mass_mail", "model": model, "res_ids": str(dossier.ids),
                    "subject": "Bonjour", "body": "<p>Bonjour</p>"}).action_send_mail(),
                "activity": lambda env=env, user=user: env["mail.activity.schedule"].with_context(
                    active_model=model, active_ids=dossier.ids).create({
                        "res_model_id": self.env["ir.model"]._get_id(model), "res_ids": str(dossier.ids),
                        "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                        "activity_user_id": user.id, "summary": "x"}).action_schedule_activities(),
                "unfollow a colleague": lambda env=env: env["mail.followers.edit"].create({
                    "res_model": model, "res_ids": str(dossier.ids), "operation": "remove",
                    "partner_ids": [Command.set(self.referent.partner_id.ids)]}).edit_followers(),
            }
            for name, action in actions.items():
                with self.subTest(user=user.login, action=name):
                    # Odoo's refusal of an activity for a user who may not read the document names its kind only
                    self.assertFalse(self._attempt(action, refusal="has no access to this record"),
                                     f"{name} went through")
            with self.subTest(user=user.login, action="follow"), self.env.cr.savepoint(flush=False) as savepoint:
                # following a document one may not read is ignored by Odoo, without an error
                env["mail.followers.edit"].create({
                    "res_model": model, "res_ids": str(dossier.ids), "operation": "add",
                    "partner_ids": [Command.set(user.partner_id.ids)], "notify": False}).edit_followers()
                self.assertNotIn(user.partner_id, dossier.sudo().message_partner_ids)
                savepoint.rollback()
        self.assertEqual(SMS.search_count([]), sms_before)
        self.assertEqual(Mail.search_count([]), mail_before)
        self.assertFalse(dossier.message_partner_ids & self.env["res.users"].concat(*self.attackers).partner_id)

    def test_nothing_is_filed_in_a_hidden_dossier(self):
        """Records attached to a dossier by (model, id), created directly."""
        model, dossier = "casework.beneficiary", self.dossier_north
        for user in self.attackers:
            env = self.env(user=user)
            actions = {
                "message": lambda env=env: env["mail.message"].create({
                    "model": model, "res_id": dossier.id, "body": "x", "message_type": "comment"}),
                "attachment": lambda env=env: env["ir.attachment"].create({
                    "name": "x.txt", "raw": b"x", "res_model": model, "res_id": dossier.id}),
                "follower": lambda env=env, user=user: env["mail.followers"].create({
                    "res_model": model, "res_id": dossier.id, "partner_id": user.partner_id.id}),
                "moved attachment": lambda env=env: env["ir.attachment"].create({
                    "name": "x.txt", "raw": b"x"}).write({"res_model": model, "res_id": dossier.id}),
                "moved event": lambda env=env, user=user: env["calendar.event"].create({
                    "name": "x", "start": "2026-12-01 09:00:00", "stop": "2026-12-01 10:00:00",
                    "user_id": user.id}).write({"res_model": model, "res_id": dossier.id}),
            }
            for name, action in actions.items():
                with self.subTest(user=user.login, action=name):
                    self.assertFalse(self._attempt(action), f"{name} went through")

    def test_no_readable_model_names_the_person(self):
        """Every stored model each attacker may read, searched for the
        person's name in its text fields and for her partner or dossier in
        its many-to-one fields (whose name Odoo shows to any reader)."""
        dossier = self.dossier_north
        dossier.with_user(self.referent).message_post(body="Dupont suivi", message_type="comment",
                                                     subtype_xmlid="mail.mt_note")
        dossier.with_user(self.referent).activity_schedule("mail.mail_activity_data_todo", summary="Dupont rappel",
                                                           user_id=self.referent.id)
        self.env["ir.attachment"].with_user(self.referent).create({
            "name": "dupont.txt", "raw": b"x", "res_model": dossier._name, "res_id": dossier.id})
        self.env.flush_all()

        def found(user):
            return models_naming(self.env(user=user), "dupont", dossier)

        # the référent finds her everywhere Odoo keeps her
        self.assertLessEqual({"res.partner.name", "mail.message.body", "mail.activity.summary",
                              "ir.attachment.name"}, found(self.referent))
        for user in self.attackers:
            with self.subTest(user=user.login):
                self.assertEqual(found(user), set())


@tagged("post_install", "-at_install")
class TestAttackReviewRpc(HttpCase):
    """The same over the web client's and the mail client's routes."""

    SECRETS = ("Sudiste", "Sophie", "sophie.sudiste", "07 81 22 33 44", "+33781223344", "Secret de Mme")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        north = env["casework.territory"].create({"name": "Nord", "code": "ATK-NORD"})
        south = env["casework.territory"].create({"name": "Sud", "code": "ATK-SUD"})
        cls.referent = new_test_user(env, login="atk_referent_nord", password=PASSWORD,
                                     groups="base.group_user,base.group_allow_export,"
                                            "casework_base.group_casework_referent")
        other = new_test_user(env, login="atk_referent_sud", password=PASSWORD,
                              groups="base.group_user,casework_base.group_casework_referent")
        # exporting is allowed: the export must still name nobody out of the scope
        new_test_user(env, login="atk_finance", password=PASSWORD,
                      groups="base.group_user,base.group_allow_export,casework_base.group_casework_finance")
        new_test_user(env, login="atk_it_admin", password=PASSWORD, groups="base.group_user,base.group_system")
        Dossier = env["casework.beneficiary"]
        common = {"civility": "mme", "birth_date": date(1988, 6, 1)}
        cls.dossier = Dossier.create({
            **common, "first_name": "Nadia", "usage_name": "Nordiste", "territory_id": north.id,
            "assignment_ids": [Command.create({"user_id": cls.referent.id, "date_start": date(2026, 1, 5)})]})
        cls.hidden = Dossier.create({
            **common, "first_name": "Sophie", "usage_name": "Sudiste", "territory_id": south.id,
            "email": "sophie.sudiste@example.org", "phone": "07 81 22 33 44",
            "assignment_ids": [Command.create({"user_id": other.id, "date_start": date(2026, 1, 5)})]})
        cls.hidden_message = cls.hidden.message_post(body="Secret de Mme Sudiste", message_type="comment",
                                                     subtype_xmlid="mail.mt_note")
        cls.hidden_attachment = env["ir.attachment"].create({
            "name": "Sudiste.pdf", "raw": b"Secret de Mme Sudiste", "res_model": "casework.beneficiary",
            "res_id": cls.hidden.id})
        # an e-mail received on the référent's dossier with the hidden person in copy (mail gateway)
        cls.copy_message = cls.dossier.message_post(body="Bonjour", message_type="email",
                                                    partner_ids=cls.hidden.partner_id.ids,
                                                    subtype_xmlid="mail.mt_comment")

    def jsonrpc(self, route, params):
        try:
            with mute_logger("odoo.http"):
                return self.make_jsonrpc_request(route, params)
        except JsonRpcException as error:
            return error.args

    def assertNamesNothing(self, result):
        text = str(result).lower()
        for secret in self.SECRETS:
            self.assertNotIn(secret.lower(), text)

    def test_mail_routes_name_nothing(self):
        for login in ("atk_referent_nord", "atk_finance", "atk_it_admin"):
            self.authenticate(login, PASSWORD)
            with self.subTest(login=login):
                for route, params in (
                    ("/mail/thread/messages", {"thread_model": "casework.beneficiary", "thread_id": self.hidden.id}),
                    ("/mail/thread/messages", {"thread_model": "casework.beneficiary", "thread_id": self.dossier.id}),
                    ("/mail/thread/recipients", {"thread_model": "casework.beneficiary", "thread_id": self.dossier.id}),
                    ("/mail/thread/recipients", {"thread_model": "casework.beneficiary", "thread_id": self.dossier.id,
                                                 "message_id": self.hidden_message.id}),
                    ("/mail/thread/recipients/get_suggested_recipients", {
                        "thread_model": "casework.beneficiary", "thread_id": self.dossier.id,
                        "partner_ids": self.hidden.partner_id.ids}),
                    ("/mail/message/translate", {"message_id": self.hidden_message.id}),
                    ("/mail/link_preview", {"message_id": self.hidden_message.id}),
                    ("/mail/read_subscription_data", {"follower_id": self.hidden.message_follower_ids[:1].id}),
                    ("/mail/data", {"fetch_params": [["mail.thread", {
                        "thread_model": "casework.beneficiary", "thread_id": self.hidden.id,
                        "request_list": ["followers", "suggestedRecipients", "attachments", "activities"]}]]}),
                    ("/mail/data", {"fetch_params": [["mail.thread", {
                        "thread_model": "casework.beneficiary", "thread_id": self.dossier.id,
                        "request_list": ["followers", "suggestedRecipients", "attachments", "activities"]}]]}),
                ):
                    with self.subTest(route=route, params=params):
                        self.assertNamesNothing(self.jsonrpc(route, params))
                # the partner found for an e-mail address is never the hidden person
                found = self.jsonrpc("/mail/partner/from_email", {
                    "thread_model": "casework.beneficiary", "thread_id": self.dossier.id,
                    "emails": ["sophie.sudiste@example.org"]})
                self.assertNotIn(self.hidden.partner_id.id, [p["id"] for p in found if isinstance(p, dict)])

    def test_http_routes_name_nothing(self):
        for login in ("atk_referent_nord", "atk_finance", "atk_it_admin"):
            self.authenticate(login, PASSWORD)
            for url in (
                f"/web/content/ir.attachment/{self.hidden_attachment.id}/raw",
                f"/web/content/{self.hidden_attachment.id}",
                f"/mail/message/{self.hidden_message.id}",
                f"/mail/view?model=casework.beneficiary&res_id={self.hidden.id}",
            ):
                with self.subTest(login=login, url=url), mute_logger("odoo.http"):
                    response = self.url_open(url, allow_redirects=False)
                    self.assertNotEqual(response.status_code, 200, response.text[:200])
                    self.assertNamesNothing(response.text)
            # the placeholder of a missing record, not the person's avatar (an initial)
            placeholder = self.url_open("/web/image/res.partner/0/avatar_128").content
            for url in (f"/web/image/res.partner/{self.hidden.partner_id.id}/avatar_128",
                        f"/web/image/casework.beneficiary/{self.hidden.id}/avatar_128"):
                with self.subTest(login=login, url=url), mute_logger("odoo.http"):
                    self.assertEqual(self.url_open(url).content, placeholder)
            with self.subTest(login=login, route="/mail/attachment/zip"), mute_logger("odoo.http"):
                response = self.url_open("/mail/attachment/zip", data={
                    "file_ids": str(self.hidden_attachment.id), "zip_name": "x.zip",
                    "csrf_token": http.Request.csrf_token(self)})
                self.assertNotIn(b"Secret", response.content)
            with self.subTest(login=login, route="/web/export/csv"), \
                    mute_logger("odoo.http", "odoo.addons.web.controllers.export"):
                fields = [{"name": name, "label": name} for name in ("name", "phone", "email")]
                response = self.url_open("/web/export/csv", data={"data": json.dumps({
                    "model": "res.partner", "fields": fields,
                    "ids": self.hidden.partner_id.ids, "domain": [], "import_compat": False}),
                    "csrf_token": http.Request.csrf_token(self)})
                self.assertNamesNothing(response.text)
