from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .common import InvoicingCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestAccess(InvoicingCommon):
    """Finance invoices without reading case content; nobody else invoices;
    the anonymisation of a dossier leaves a posted invoice unchanged."""

    def test_finance_invoices_without_reading_the_dossiers(self):
        move = self._invoice()
        move.with_user(self.finance).action_post()
        self.assertTrue(move.with_user(self.finance).invoice_line_ids.mapped("name"))
        for model, records in (
            ("casework.beneficiary", self.dossier_north),
            ("casework.step", self.step_a),
            ("casework.attendance", self.step_a.attendance_ids),
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                records.with_user(self.finance).check_access("read")
        lines = move.casework_invoice_line_ids.with_user(self.finance)
        self.assertEqual(len(lines), 2)
        self.assertEqual(lines.mapped("funder_id"), self.departement)
        with self.assertRaises(AccessError):
            lines.read(["step_id"])

    def test_others_cannot_invoice(self):
        for user in (self.referent, self.secretariat, self.manager, self.fse, self.operator, self.outsider):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._invoice(user=user)
                with self.assertRaises(AccessError):
                    self.env["casework.invoicing.wizard"].with_user(user).create({
                        "convention_ids": self.convention.ids,
                        "date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30),
                    })
        self.assertFalse(self.env["account.move"].search([("casework_convention_id", "!=", False)]))

    def test_finance_cannot_forge_the_convention_of_an_invoice(self):
        move = self._invoice()
        with self.assertRaisesRegex(AccessError, "set by the invoicing of funders only"):
            move.with_user(self.finance).casework_period_end = date(2026, 12, 31)

    def test_finance_cannot_switch_the_names_on(self):
        """Naming the participants is the administrators' decision: finance
        (and FSE managers) may not turn it on to read the names."""
        for user in (self.finance, self.fse):
            with self.subTest(user=user.login), self.assertRaisesRegex(AccessError, "Only Casework administrators"):
                self.convention.with_user(user).invoice_participant_names = True
        self.convention.with_user(self.admin).invoice_participant_names = True
        self.assertTrue(self.convention.invoice_participant_names)

    def test_no_invoice_back_to_draft(self):
        """A cancelled invoice released its steps, a credit note too: neither
        returns to draft (it would invoice the steps a second time)."""
        move = self._invoice()
        move.with_user(self.finance).button_cancel()
        with self.assertRaisesRegex(UserError, "cannot return to draft"):
            move.with_user(self.finance).button_draft()
        again = self._invoice()
        credit = self._credit(again)
        for record in (credit, again):
            with self.subTest(move=record.move_type), self.assertRaisesRegex(UserError, "cannot return to draft"):
                record.with_user(self.finance).button_draft()

    def test_funders_invoices_for_finance_only(self):
        """Whatever accounting rights a user has, a funder's invoice (which
        lists dossiers) is read by finance and the administrators only."""
        move = self._invoice()
        accountant = new_test_user(self.env, login="cw_accountant", password=PASSWORD,
                                   groups="base.group_user,account.group_account_manager")
        self.assertFalse(self.env["account.move"].with_user(accountant).search([("id", "=", move.id)]))
        self.assertFalse(self.env["account.move.line"].with_user(accountant).search([("move_id", "=", move.id)]))
        with self.assertRaises(AccessError):
            move.with_user(accountant).read(["name"])
        self.assertEqual(self.env["account.move"].with_user(self.finance).search([("id", "=", move.id)]), move)

    def test_anonymisation_leaves_the_posted_invoice(self):
        self.convention.invoice_participant_names = True
        move = self._invoice()
        move.with_user(self.finance).action_post()
        before = move.invoice_line_ids.read(["name", "price_subtotal", "quantity"])
        self.assertIn(self.dossier_north.name, " ".join(line["name"] for line in before))
        totals = (move.amount_total, move.partner_id, move.name, move.ref)
        self.dossier_north._casework_anonymise()
        self.env.invalidate_all()
        self.assertTrue(self.dossier_north.is_anonymised)
        self.assertEqual(move.invoice_line_ids.read(["name", "price_subtotal", "quantity"]), before)
        self.assertEqual((move.amount_total, move.partner_id, move.name, move.ref), totals)
        self.assertEqual(move.state, "posted")
