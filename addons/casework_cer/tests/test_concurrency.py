import re
from datetime import date

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, TwoTransactionsCase

CONFLICT = "Someone else is changing this contract at this very moment, or just did"


@tagged("post_install", "-at_install")
class TestDecisionConcurrency(TwoTransactionsCase):
    """Two heads of service deciding the same contract at once, in two
    transactions: one wins, the other is told so and nothing is lost. The
    data is committed by its own cursor (the transactions must see it) and
    deleted afterwards."""

    def _commit_data(self, env):
        territory = env["casework.territory"].create({"name": "Concurrence CER", "code": "T-CONC-CER"})
        managers = env["res.users"]
        for login in ("cw_cer_manager_1", "cw_cer_manager_2"):
            managers |= new_test_user(env, login=login, password=PASSWORD,
                                      groups="base.group_user,casework_base.group_casework_manager")
        managers.casework_territory_ids = [Command.set(territory.ids)]
        dossier = env["casework.beneficiary"].create({
            "civility": "mme", "first_name": "Anne", "usage_name": "Concurrence",
            "birth_date": date(1990, 5, 4), "territory_id": territory.id,
        })
        contract = env["casework.contract"].create({
            "beneficiary_id": dossier.id,
            "objective_ids": [Command.create({"theme_id": env.ref("casework_cer.contract_theme_health").id})],
        })
        contract.state = "waiting"
        return {"territory": territory.id, "managers": managers.ids, "dossier": dossier.id, "contract": contract.id}

    def _users(self, data):
        return data["managers"]

    def _delete_data(self, env, data):
        env["casework.contract"].browse(data["contract"]).unlink()
        env["casework.beneficiary"].browse(data["dossier"]).unlink()
        env["res.users"].browse(data["managers"]).unlink()
        env["casework.territory"].browse(data["territory"]).unlink()

    def _contract(self, env):
        return env["casework.contract"].browse(self.data["contract"])

    def _committed(self):
        def state(env):
            contract = env["casework.contract"].browse(self.data["contract"])
            return contract.state, len(contract.transition_ids)
        return self._read_committed(state)

    def test_decision_while_the_other_decides(self):
        """The second one does not wait: it is told someone else is deciding;
        once the first committed, it finds the contract decided."""
        env1, env2 = self.envs
        self._contract(env1).action_validate()
        with self.assertRaisesRegex(UserError, re.escape(CONFLICT)):
            self._contract(env2).action_refuse()
        env2.cr.rollback()
        env1.cr.commit()
        env2.invalidate_all()
        with self.assertRaisesRegex(UserError, "cannot go to"):
            self._contract(env2).action_validate()
        env2.cr.rollback()
        self.assertEqual(self._committed(), ("validated", 1))

    def test_decision_after_the_snapshot(self):
        """The second one read the contract awaiting a decision before the
        first one committed its decision: it is refused, not overwriting it."""
        env1, env2 = self.envs
        self.assertEqual(self._contract(env2).state, "waiting")  # the snapshot starts
        self._contract(env1).action_validate()
        env1.cr.commit()
        with self.assertRaisesRegex(UserError, re.escape(CONFLICT)):
            self._contract(env2).action_refuse()
        env2.cr.rollback()
        self.assertEqual(self._committed(), ("validated", 1))
