from datetime import date

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


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
            user = new_test_user(cls.env, login=login, groups=f"base.group_user,casework_base.{group}")
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
        cls.outsider = new_test_user(cls.env, login="cw_outsider", groups="base.group_user")

        cls.dossier_north = cls._create_dossier("Dupont", "Marie", cls.north, cls.referent)
        cls.dossier_north_other = cls._create_dossier("Leroy", "Paul", cls.north, cls.referent_other)
        cls.dossier_south = cls._create_dossier("Garcia", "Inès", cls.south, cls.referent_south)

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
