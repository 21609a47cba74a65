from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

PASSWORD = "Casework-2026"


class CaseworkCommon(TransactionCase):
    """Two territories, one user per role, and a few dossiers:

    * ``dossier_north``: territory North, référent de parcours ``referent``;
    * ``dossier_north_other``: territory North, référent ``referent_other``;
    * ``dossier_south``: territory South, référent ``referent_south``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.today = date(2026, 11, 15)
        cls.north = cls.env["casework.territory"].create({"name": "Nord", "code": "T-NORD"})
        cls.south = cls.env["casework.territory"].create({"name": "Sud", "code": "T-SUD"})
        cls.rsa = cls.env.ref("casework_base.program_rsa")
        cls.plie = cls.env.ref("casework_base.program_plie")
        cls.motive = cls.env.ref("casework_base.exit_motive_employment")
        cls.veille_reason = cls.env.ref("casework_base.veille_reason_training")

        def user(login, group, territories=None):
            user = new_test_user(
                cls.env, login=login, groups=f"base.group_user,casework_base.{group}", password=PASSWORD
            )
            if territories:
                user.casework_territory_ids = [Command.set(territories.ids)]
            return user

        cls.referent = user("cw_referent", "group_casework_referent")
        cls.referent_other = user("cw_referent_other", "group_casework_referent")
        cls.referent_south = user("cw_referent_south", "group_casework_referent")
        cls.secretariat = user("cw_secretariat", "group_casework_secretariat", cls.north)
        cls.manager = user("cw_manager", "group_casework_manager", cls.north)
        cls.fse = user("cw_fse", "group_casework_fse", cls.north)
        cls.finance = user("cw_finance", "group_casework_finance")
        cls.operator = user("cw_operator", "group_casework_operator")
        cls.admin = user("cw_admin", "group_casework_admin")
        cls.outsider = new_test_user(cls.env, login="cw_outsider", groups="base.group_user", password=PASSWORD)

        cls.dossier_north = cls._create_dossier("Dupont", "Marie", cls.north, cls.referent)
        cls.dossier_north_other = cls._create_dossier(
            "Leroy", "Paul", cls.north, cls.referent_other, phone="06 22 33 44 55"
        )
        cls.dossier_south = cls._create_dossier("Garcia", "Inès", cls.south, cls.referent_south, phone="07 81 22 33 44")

    @classmethod
    def _create_dossier(cls, usage_name, first_name, territory, referent, start=date(2026, 1, 5), **extra):
        vals = {
            "civility": "mme",
            "first_name": first_name,
            "usage_name": usage_name,
            "birth_date": date(1985, 3, 12),
            "phone": "06 12 34 56 78",
            "email": f"{first_name}.{usage_name}@example.org".lower(),
            "street": "12 rue des Lilas",
            "city": "Privas",
            "territory_id": territory.id,
            "enrollment_ids": [Command.create({"program_id": cls.rsa.id, "date_entry": start})],
            "assignment_ids": [
                Command.create({"user_id": referent.id, "role": "parcours", "date_start": start})
            ],
        }
        vals.update(extra)
        return cls.env["casework.beneficiary"].create(vals)

    def _attempt(self, func, refusal=None):
        """Run ``func`` and undo whatever it did.

        :param refusal: a fragment of the message of the business refusal
            (``UserError``, ``ValidationError``) expected when the call is
            refused for a reason other than access
        :return: True when the call went through, False when it was refused
            by an ``AccessError`` (or by the expected business refusal)
        :raise AssertionError: on a business refusal that was not expected,
            or whose message does not contain ``refusal``: a business rule
            must not pass for an access check, nor the other way round
        """
        self.env.flush_all()
        with self.env.cr.savepoint(flush=False) as savepoint:
            try:
                func()
                self.env.flush_all()
                allowed = True
            except AccessError:
                allowed = False
            except UserError as error:
                savepoint.rollback()
                self.env.clear()
                if refusal is None or refusal not in str(error):
                    raise AssertionError(f"unexpected business refusal: {error}") from error
                return False
            savepoint.rollback()
        # what the refused call left in the cache is gone with the savepoint
        self.env.clear()
        return allowed

    def assertRaisesMessage(self, exception, fragment):
        """``assertRaises`` (which rolls back what the failed call did) that
        also checks the message."""
        return _RaisesMessage(self, exception, fragment)


class _RaisesMessage:
    def __init__(self, case, exception, fragment):
        self.case, self.fragment = case, fragment
        self.manager = case.assertRaises(exception)

    def __enter__(self):
        self.context = self.manager.__enter__()
        return self.context

    def __exit__(self, *exc_info):
        result = self.manager.__exit__(*exc_info)
        self.case.assertIn(self.fragment, str(self.context.exception))
        return result


class TwoTransactionsCase(TransactionCase):
    """Two users acting at once, in two real transactions.

    ``_commit_data(env)`` (to define) creates the data as superuser in a cursor
    of its own, committed so that both transactions see it, and returns a dict
    of what the test needs; ``_delete_data(env, data)`` (to define) deletes it
    afterwards. ``self.envs`` holds one environment per user of
    ``_users(data)`` (superuser twice by default), each on its own cursor,
    rolled back and closed at the end; ``self._read_committed(fn)`` calls
    ``fn(env)`` as superuser in a fresh cursor (what was committed).
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True})
            self.data = self._commit_data(env)
        self.envs = [api.Environment(self.registry.cursor(), uid, {}) for uid in self._users(self.data)]
        self.addCleanup(self._clean_transactions)

    def _commit_data(self, env):
        raise NotImplementedError

    def _delete_data(self, env, data):
        raise NotImplementedError

    def _users(self, data):
        return [SUPERUSER_ID, SUPERUSER_ID]

    def _clean_transactions(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()
        with self.registry.cursor() as cr:
            self._delete_data(api.Environment(cr, SUPERUSER_ID, {}), self.data)

    def _read_committed(self, fn):
        with self.registry.cursor() as cr:
            return fn(api.Environment(cr, SUPERUSER_ID, {}))
