"""The scope, tried over JSON-RPC as the web client and an RPC client call it:
what a user sends (values, context keys) opens nothing."""

from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import PASSWORD


@tagged("post_install", "-at_install")
class TestRpcScope(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.north = env["casework.territory"].create({"name": "Nord", "code": "RPC-NORD"})
        cls.south = env["casework.territory"].create({"name": "Sud", "code": "RPC-SUD"})

        def user(login, group, territories=None):
            new = new_test_user(env, login=login, password=PASSWORD, groups=f"base.group_user,casework_base.{group}")
            if territories:
                new.casework_territory_ids = [Command.set(territories.ids)]
            return new

        cls.referent_north = user("rpc_referent_nord", "group_casework_referent")
        cls.referent_south = user("rpc_referent_sud", "group_casework_referent")
        cls.secretariat_north = user("rpc_secretariat_nord", "group_casework_secretariat", cls.north)
        cls.finance = user("rpc_finance", "group_casework_finance")
        Dossier = env["casework.beneficiary"]
        common = {"civility": "mme", "birth_date": date(1988, 6, 1), "phone": "06 11 22 33 44"}
        cls.dossier_north = Dossier.create({
            **common, "first_name": "Nadia", "usage_name": "Nordiste", "territory_id": cls.north.id,
            "email": "nadia@example.org",
            "enrollment_ids": [Command.create({"program_id": env.ref("casework_base.program_rsa").id,
                                               "date_entry": date(2026, 1, 5)})],
            "assignment_ids": [Command.create({"user_id": cls.referent_north.id, "date_start": date(2026, 1, 5)})],
        })
        cls.dossier_south = Dossier.create({
            **common, "first_name": "Sophie", "usage_name": "Sudiste", "territory_id": cls.south.id,
            "email": "sophie@example.org",
            "assignment_ids": [Command.create({"user_id": cls.referent_south.id, "date_start": date(2026, 1, 5)})],
        })
        # created by the secretariat: no référent yet
        cls.unassigned = Dossier.with_user(cls.secretariat_north).create({
            **common, "first_name": "Ugo", "usage_name": "Sansreferent", "territory_id": cls.north.id})

    def call(self, model, method, *args, context=None, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": {**kwargs, "context": context or {}},
        })

    def assertRefused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self.call(model, method, *args, **kwargs)
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_context_keys_open_nothing(self):
        self.authenticate("rpc_finance", PASSWORD)
        bypass = {"casework_visible_bypass": True, "casework_merge": True, "active_test": False}
        partners = self.call("res.partner", "search_read", [["name", "ilike", "Sudiste"]], ["name", "phone", "email"],
                             context=bypass)
        self.assertEqual(partners, [])
        self.assertEqual(self.call("res.partner", "name_search", "Nordiste", context=bypass), [])
        self.assertRefused("res.partner", "read", [self.dossier_south.partner_id.id], ["name"], context=bypass)

    def test_a_referent_cannot_repoint_a_dossier(self):
        self.authenticate("rpc_referent_nord", PASSWORD)
        self.assertRefused("casework.beneficiary", "write", [self.dossier_north.id],
                           {"partner_id": self.dossier_south.partner_id.id})
        self.assertRefused("casework.beneficiary", "web_save", [self.dossier_north.id],
                           {"partner_id": self.dossier_south.partner_id.id}, specification={"name": {}})
        self.assertRefused("res.partner", "read", [self.dossier_south.partner_id.id], ["name"])

    def test_a_referent_cannot_take_a_dossier(self):
        self.authenticate("rpc_referent_sud", PASSWORD)
        self.assertRefused("casework.referent.assignment", "create",
                           {"beneficiary_id": self.unassigned.id, "user_id": self.referent_south.id})
        self.assertRefused("casework.beneficiary", "read", [self.unassigned.id], ["name"])

    def test_read_only_fields_are_not_a_boundary(self):
        self.authenticate("rpc_referent_nord", PASSWORD)
        for vals in ({"number": "D2026-000001"}, {"external_ref": "42"}, {"last_meeting_date": "2026-11-01"},
                     {"age_band": "18_25"}, {"territory_id": self.south.id}):
            if not set(vals) <= set(self.env["casework.beneficiary"]._fields):
                continue  # a field of an addon not installed (the feed's)
            with self.subTest(vals=vals):
                self.assertRefused("casework.beneficiary", "write", [self.dossier_north.id], vals)
        enrollment = self.dossier_north.enrollment_ids
        self.assertRefused("casework.enrollment", "write", enrollment.ids, {"beneficiary_id": self.dossier_south.id})
