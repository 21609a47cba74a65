from freezegun import freeze_time

from odoo.tests import tagged

from ..demo import generate
from .common import ContractCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestDemo(ContractCommon):
    """The demo generator, run on the test dossiers: contracts in every
    state, each moved by the right roles, their history recorded."""

    def test_generate(self):
        contracts = generate.generate(self.env)
        self.assertEqual(
            set(contracts.mapped("state")),
            {"proposition", "submitted", "commission", "waiting", "validated", "refused"},
        )
        self.assertEqual(len(contracts), len(generate.PATHS))
        for contract, (state, moves) in zip(contracts, generate.PATHS, strict=True):
            self.assertEqual(contract.state, state)
            self.assertTrue(contract.objective_ids)
            self.assertEqual(len(contract.transition_ids), len(moves))
        validated = contracts.filtered(lambda c: c.state == "validated")
        self.assertTrue(all(c.date_validation and c.decision == "validated" for c in validated))
        self.assertTrue(validated.transition_ids.filtered(lambda t: t.user_id == self.manager))
