import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import PASSWORD

from .test_feed_import import HEADER, FeedCommon


@tagged("post_install", "-at_install")
class TestFeedJson2(HttpCase, FeedCommon):
    """The feed's API over Odoo 19's JSON-2 (``POST /json/2/<model>/<method>``
    with an API key in ``Authorization: bearer``), as an external system
    calls it (``scripts/casework_api_example.py``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feed_user = new_test_user(
            cls.env, login="cw_feed_json2", password=PASSWORD,
            groups="base.group_user,casework_feed.group_casework_feed",
        )

    def api_key(self, user):
        # as the user generates it in their preferences (sudo: a key without expiry)
        return self.env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "feed test", None)

    def call(self, key, method, **params):
        return self.url_open(
            f"/json/2/casework.feed.run/{method}", data=json.dumps(params),
            headers={"Authorization": f"bearer {key}", "Content-Type": "application/json"},
        )

    def test_push_and_status_with_the_api_key_of_a_feed_user(self):
        key = self.api_key(self.feed_user)
        record = dict(zip(HEADER, self.line("J2001"), strict=False))
        response = self.call(key, "api_push_person", mapping_code="genesis_test", record=record)
        self.assertEqual(response.status_code, 200, response.text)
        result = response.json()
        self.assertEqual(result["status"], "created", result)
        self.assertEqual([(d["external_ref"], d["rank"]) for d in result["dossiers"]], [("J2001", 1)])
        response = self.call(key, "api_dossier_status", external_ref="J2001")
        self.assertEqual(response.status_code, 200, response.text)
        status = response.json()
        self.assertEqual((status[0]["referent_login"], status[0]["in_active_file"]), ("cw_referent", True))
        # a bad line: rejected with its column, nothing created
        record = dict(zip(HEADER, self.line("J2002", phone="06 12"), strict=False))
        result = self.call(key, "api_push_person", mapping_code="genesis_test", record=record).json()
        self.assertEqual((result["status"], result["rejects"][0]["column"]), ("rejected", "TEL"))
        self.assertFalse(self.dossier("J2002"))

    def test_user_without_the_feed_right_refused(self):
        for user in (self.referent, self.secretariat):
            with self.subTest(user=user.login):
                key = self.api_key(user)
                record = dict(zip(HEADER, self.line("J2003"), strict=False))
                with mute_logger("odoo.http"):
                    response = self.call(key, "api_push_person", mapping_code="genesis_test", record=record)
                self.assertEqual(response.status_code, 403, response.text)
                self.assertIn("Only the administrators and the technical feed users", response.json()["message"])
                with mute_logger("odoo.http"):
                    response = self.call(key, "api_dossier_status", external_ref=self.dossier_north.external_ref or "")
                self.assertEqual(response.status_code, 403, response.text)
        self.assertFalse(self.dossier("J2003"))
        with mute_logger("odoo.http"):
            response = self.call("not-a-key", "api_dossier_status", external_ref="J2001")
        self.assertEqual(response.status_code, 401, response.text)
