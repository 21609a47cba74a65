import json

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import EventCommon


@tagged("post_install", "-at_install")
class TestRegistrationRpc(HttpCase, EventCommon):
    """The registrations over JSON-RPC, as the web client asks for them: a
    user out of the dossier's scope reads nothing of the person."""

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def _all_answers(self):
        spec = {"name": {}, "email": {}, "phone": {}, "company_name": {}, "display_name": {},
                "partner_id": {"fields": {"display_name": {}}},
                "casework_beneficiary_id": {"fields": {"display_name": {}}}}
        answers = [
            self.call("event.registration", "web_search_read", [], specification=spec),
            self.call("event.registration", "web_read_group", [], ["name", "email", "phone", "partner_id"],
                      aggregates=["__count"]),
            self.call("event.registration", "name_search", "Dupont"),
            self.call("event.registration", "search_read", [], ["name", "email", "phone", "partner_id"]),
            self.call("event.event", "web_read", self.job_fair.ids, specification={
                "registration_ids": {"fields": {"name": {}, "email": {}, "phone": {}}}, "seats_taken": {},
            }),
            self.call("event.registration", "export_data", self.reg_guest.ids, ["name", "email"]),
            self.call("mail.message", "search_read", [("model", "=", "event.registration")], ["body", "record_name"]),
        ]
        return json.dumps(answers, ensure_ascii=False)

    def test_out_of_scope_over_rpc(self):
        self.reg_north.with_user(self.referent).message_post(body="Mme Dupont viendra avec son CV")
        # even with the right to export
        self.referent_south.group_ids += self.env.ref("base.group_allow_export")
        self.authenticate("cw_referent_south", PASSWORD)
        text = self._all_answers()
        for secret in self.north_secrets:
            self.assertNotIn(secret, text)
        self.assertIn("Garcia".upper(), text.upper())
        for method, args in (("read", [self.reg_north.ids, ["name"]]),
                             ("web_read", [self.reg_north.ids]),
                             ("write", [self.reg_north.ids, {"casework_presence": "absent"}])):
            with self.subTest(method=method), self.assertRaises(JsonRpcException) as caught, \
                    mute_logger("odoo.http"):
                kwargs = {"specification": {"name": {}}} if method == "web_read" else {}
                self.call("event.registration", method, *args, **kwargs)
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_in_scope_over_rpc(self):
        self.secretariat.group_ids += self.env.ref("base.group_allow_export")
        self.authenticate("cw_secretariat", PASSWORD)
        text = self._all_answers()
        self.assertIn("marie.dupont@example.org", text)
        self.assertNotIn("Garcia".upper(), text.upper())

    def test_context_keys_open_nothing(self):
        self.authenticate("cw_referent_south", PASSWORD)
        context = {"active_test": False, "casework_visible_bypass": True, "default_casework_beneficiary_id": False}
        found = self.make_jsonrpc_request("/web/dataset/call_kw/event.registration/search_read", {
            "model": "event.registration", "method": "search_read", "args": [[], ["email"]],
            "kwargs": {"context": context},
        })
        self.assertNotIn("marie.dupont@example.org", json.dumps(found))

    def test_finance_and_operator_over_rpc(self):
        for login in ("cw_finance", "cw_operator"):
            self.authenticate(login, PASSWORD)
            with self.subTest(login=login), self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
                self.call("event.registration", "search_read", [], ["name"])
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
