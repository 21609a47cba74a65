from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """The demo invoicing, when the module was installed with its demo data
    (``make run``): invoices posted, a credit note, and re-running the month
    creates nothing. Skipped on a database without demo."""

    def test_demo_invoices(self):
        if not self.env["ir.module.module"].search([("name", "=", "casework_invoicing")]).demo:
            self.skipTest("installed without demo data")
        moves = self.env["account.move"].search([("casework_convention_id", "!=", False)])
        self.assertTrue(moves.filtered(lambda m: m.move_type == "out_invoice" and m.state == "posted"))
        credit = moves.filtered(lambda m: m.move_type == "out_refund" and m.state == "posted")
        self.assertEqual(len(credit), 1)
        self.assertTrue(credit.reversed_entry_id.casework_is_reversed)
        invoice = credit.reversed_entry_id
        conventions = moves.casework_convention_id
        self.assertFalse(conventions._casework_invoice(invoice.casework_period_start, invoice.casework_period_end))
