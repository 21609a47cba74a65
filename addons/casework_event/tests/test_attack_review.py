import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import EventCommon

# users outside dossier_north's scope: another territory's referent, finance, an operator, an
# FSE manager of another territory, a user without Casework role, a system administrator
OUTSIDERS = ("cw_referent_south", "cw_finance", "cw_operator", "cw_outsider", "cw_it_admin")


@tagged("post_install", "-at_install")
class TestAttackReviewEvent(HttpCase, EventCommon):
    """Paths tried against the registrations of a dossier by users out of its
    scope, found closed: kept closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.it_admin = new_test_user(
            cls.env, login="cw_it_admin", groups="base.group_user,base.group_system", password=PASSWORD,
        )

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": {"context": {}, **kwargs},
        })

    def _answers(self):
        """Every answer a user gets (a refusal: its kind), as one text."""
        rid, eid = self.reg_north.id, self.job_fair.id
        calls = [
            ("event.event", "web_read", [[eid]], {"specification": {
                "registration_ids": {"fields": {"name": {}, "phone": {}, "email": {},
                                                "partner_id": {"fields": {"display_name": {}}}}},
                "seats_taken": {}}}),
            ("event.event", "search_read", [[("registration_ids.name", "ilike", "Dupont")]], {"fields": ["name"]}),
            ("event.event", "search_read", [[("registration_ids.partner_id.phone", "like", "06 12")]],
             {"fields": ["name"]}),
            ("event.event", "search_read",
             [[("registration_ids.casework_beneficiary_id.email", "ilike", "marie.dupont")]], {"fields": ["name"]}),
            ("event.registration", "search_read", [[("casework_beneficiary_id.email", "ilike", "marie.dupont")]],
             {"fields": ["name"]}),
            ("event.registration", "formatted_read_group", [[], ["partner_id"], ["__count"]], {}),
            ("event.registration", "formatted_read_group", [[], ["casework_beneficiary_id"], ["__count"]], {}),
            ("event.registration", "name_search", ["Dupont"], {}),
            ("event.registration", "read", [[rid], ["name"]], {}),
            ("event.registration", "web_read", [[rid]], {"specification": {"message_ids": {"fields": {"body": {}}}}}),
            ("event.registration", "default_get", [["partner_id", "name", "email", "phone"]],
             {"context": {"default_casework_beneficiary_id": self.dossier_north.id}}),
            ("mail.message", "search_read", [[("model", "=", "event.registration")]],
             {"fields": ["body", "record_name"]}),
            ("casework.timeline.entry", "search_read", [[("res_model", "=", "event.registration")]],
             {"fields": ["beneficiary_id", "description"]}),
            ("event.mail.registration", "search_read", [[]], {"fields": ["registration_id"]}),
            ("event.registration.answer", "search_read", [[]], {"fields": ["registration_id", "partner_id"]}),
        ]
        answers = []
        for model, method, args, kwargs in calls:
            try:
                with mute_logger("odoo.http"):
                    answers.append(self.call(model, method, *args, **kwargs))
            except Exception as error:  # noqa: BLE001 - a refusal of any kind names nobody
                answers.append(type(error).__name__)
        for url in (f"/report/html/event.event_event_attendee_list/{eid}",
                    f"/report/html/event.event_registration_report_template_badge/{rid}",
                    f"/report/html/event.event_registration_report_template_full_page_ticket/{rid}"):
            with mute_logger("odoo.http"):
                answers.append(self.url_open(url).text)
        return json.dumps(answers, ensure_ascii=False, default=str)

    def test_nothing_of_the_person_reaches_users_out_of_scope(self):
        self.reg_north.with_user(self.referent).message_post(body="Mme Dupont viendra avec son CV")
        for login in OUTSIDERS:
            with self.subTest(login=login):
                self.authenticate(login, PASSWORD)
                text = self._answers()
                for secret in self.north_secrets + ("marie.dupont", "D2026-000001"):
                    self.assertNotIn(secret, text)
        # the referent in scope reads them: the calls above do reach the data
        self.authenticate("cw_referent", PASSWORD)
        self.assertIn("DUPONT Marie", self._answers())

    def test_writes_pointing_out_of_scope(self):
        Registration = self.env["event.registration"].with_user(self.referent_south)
        for vals in ({"partner_id": self.dossier_north.partner_id.id},
                     {"casework_beneficiary_id": self.dossier_north.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Registration.create({"event_id": self.info_session.id, **vals})
        with self.assertRaises(AccessError):
            self.reg_south.with_user(self.referent_south).write({"casework_beneficiary_id": self.dossier_north.id})
        with self.assertRaises(AccessError):
            self.reg_north.with_user(self.referent_south).write({"event_id": self.info_session.id})
        with self.assertRaises(AccessError):
            self.reg_north.with_user(self.referent_south).message_post(body="x")
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.referent_south).action_register_to_event()
        # following it is ignored (Odoo does not raise)
        self.reg_north.with_user(self.referent_south).message_subscribe(
            partner_ids=self.referent_south.partner_id.ids)
        self.assertNotIn(self.referent_south.partner_id, self.reg_north.message_partner_ids)
