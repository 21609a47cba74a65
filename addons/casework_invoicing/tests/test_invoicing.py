from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import InvoicingCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestInvoicing(InvoicingCommon):
    """Invoices to the funders: lines per step, co-funders' shares to the
    cent, nothing invoiced twice, credit notes and re-invoicing."""

    def test_hourly_convention_one_line_per_step(self):
        move = self._invoice()
        self.assertEqual(len(move), 1)
        self.assertEqual(move.partner_id, self.departement)
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.casework_convention_id, self.convention)
        self.assertEqual(
            (move.casework_period_start, move.casework_period_end), (date(2026, 11, 1), date(2026, 11, 30)),
        )
        self.assertEqual(move.buyer_reference, "DGAS-INSERTION")
        self.assertEqual(move.purchase_order_reference, "EJ20260004512")
        self.assertIn("CD07-2026-014", move.ref)
        lines = move.invoice_line_ids.sorted("price_subtotal")
        self.assertEqual(lines.mapped("quantity"), [6.5, 8.0])
        self.assertEqual(lines.mapped("price_unit"), [40.0, 40.0])
        self.assertEqual(move.amount_untaxed, 580.0)
        self.assertEqual(move.amount_total, 580.0, "the funded service carries no VAT by default")
        self.assertEqual(move.casework_amount_words, "cinq cent quatre-vingts euros")
        # the participant by the dossier number only, by default
        self.assertIn(f"Dossier {self.dossier_north_other.number}", lines[0].name)
        self.assertNotIn(self.dossier_north_other.name, lines[0].name)
        self.assertIn("Atelier CV et lettre de motivation", lines[0].name)
        # the convention's figures
        self.assertEqual(self.convention.amount_invoiced, 580.0)
        self.assertEqual(self.step_b.convention_amount_invoiced, 260.0)

    def test_names_when_the_convention_requires_them(self):
        self.convention.invoice_participant_names = True
        move = self._invoice()
        names = " ".join(move.invoice_line_ids.mapped("name"))
        self.assertIn(self.dossier_north.name, names)
        self.assertIn(self.dossier_north.number, names)

    def test_rerun_creates_nothing(self):
        move = self._invoice()
        self.assertFalse(self._invoice())
        move.with_user(self.finance).action_post()
        self.assertFalse(self._invoice())
        # an overlapping period invoices only the days not invoiced yet: nothing here
        self.assertFalse(self._invoice(date_from=date(2026, 10, 15), date_to=date(2026, 11, 20)))
        count = self.env["account.move"].search_count([("casework_convention_id", "=", self.convention.id)])
        self.assertEqual(count, 1)
        # a later session in a new period is invoiced on its own
        session = self.env["casework.offer.session"].create({
            "name": "Atelier du 1er décembre", "offer_id": self.offer.id,
            "date_start": "2026-12-01 08:00:00", "date_end": "2026-12-01 10:00:00",
        })
        self._attend(self.step_a, session)
        december = self._invoice(date_from=date(2026, 10, 1), date_to=date(2026, 12, 31))
        self.assertEqual(december.amount_untaxed, 80.0)
        self.assertEqual(december.casework_period_start, date(2026, 10, 1))

    def test_wizard_twice(self):
        def run():
            form = Form(self.env["casework.invoicing.wizard"].with_user(self.finance))
            form.convention_ids.add(self.convention)
            form.convention_ids.add(self.cofunded)
            self.assertEqual((form.date_from, form.date_to), (date(2026, 10, 1), date(2026, 10, 31)))
            form.date_from, form.date_to = date(2026, 11, 1), date(2026, 11, 30)
            return form.save().action_invoice()

        action = run()
        moves = self.env["account.move"].browse(action["domain"][0][2])
        self.assertEqual(len(moves), 4, "one invoice to the département, one per co-funder")
        action = run()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.env["account.move"].search_count([("casework_convention_id", "!=", False)]), 4)

    def test_cofunders_sum_exactly_to_the_total(self):
        moves = self._invoice(self.cofunded)
        self.assertEqual(moves.partner_id, self.opco | self.departement | self.fse_funder)
        # 3.5 h × 38 € = 133 €: 44.34 + 44.33 + 44.33
        by_funder = {move.partner_id: move.amount_total for move in moves}
        self.assertEqual(by_funder[self.opco], 44.34)
        self.assertEqual(by_funder[self.departement], 44.33)
        self.assertEqual(by_funder[self.fse_funder], 44.33)
        self.assertAlmostEqual(sum(moves.mapped("amount_total")), 133.0, places=2)
        self.assertIn("33.34", moves.filtered(lambda m: m.partner_id == self.opco).invoice_line_ids.name)

    def test_one_cent_split(self):
        self.cofunded.hourly_rate = 0.01
        self.step_c.attendance_ids.hours = 1.0
        moves = self._invoice(self.cofunded)
        self.assertEqual(len(moves), 1, "a funder whose share is nothing gets no invoice")
        self.assertEqual(moves.partner_id, self.opco)
        self.assertEqual(moves.amount_total, 0.01)
        self.assertFalse(self._invoice(self.cofunded))

    def test_flat_fee_per_participant(self):
        moves = self._invoice(self.fse_convention)
        self.assertFalse(moves, "nobody on the FSE operation")
        step = self._started_step(self.dossier_north, self.fse_offer, date(2026, 11, 3), self.fse_convention)
        moves = self._invoice(self.fse_convention)
        self.assertEqual(sorted(moves.mapped("amount_total")), [240.0, 360.0])
        self.assertEqual(step.convention_amount_invoiced, 600.0)
        # the fee falls in November only
        self.assertFalse(self._invoice(self.fse_convention, date_from=date(2026, 12, 1), date_to=date(2026, 12, 31)))

    def test_credit_note_then_reinvoicing(self):
        move = self._invoice()
        credit = self._credit(move)
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.casework_convention_id, self.convention)
        self.assertTrue(move.casework_is_reversed)
        self.assertEqual(self.convention.amount_invoiced, 0.0)
        # the correction: the hours change, then the period is invoiced again
        self.step_b.attendance_ids.filtered(lambda a: a.session_id == self.session_2).hours = 3.0
        again = self._invoice()
        self.assertEqual(again.amount_total, 600.0)
        self.assertFalse(self._invoice())

    def test_invoiced_attendance_is_locked(self):
        move = self._invoice()
        attendance = self.step_b.attendance_ids.filtered(lambda a: a.session_id == self.session_2)
        with self.assertRaisesRegex(UserError, "invoiced to the funder"):
            attendance.with_user(self.secretariat).hours = 3.0
        with self.assertRaisesRegex(UserError, "invoiced to the funder"):
            attendance.unlink()
        with self.assertRaisesRegex(UserError, "convention and its start cannot change"):
            self.step_a.with_user(self.referent).date_start = date(2026, 10, 2)
        # cancelling the draft invoice releases the period
        move.with_user(self.finance).button_cancel()
        attendance.with_user(self.secretariat).hours = 3.0

    def test_partial_credit_of_cofunders_is_refused(self):
        moves = self._invoice(self.cofunded)
        self._credit(moves.filtered(lambda m: m.partner_id == self.opco))
        with self.assertRaisesRegex(UserError, "Credit them too"):
            self._invoice(self.cofunded)
        self._credit(moves.filtered(lambda m: m.partner_id != self.opco))
        again = self._invoice(self.cofunded)
        self.assertAlmostEqual(sum(again.mapped("amount_total")), 133.0, places=2)

    def test_bad_period(self):
        with self.assertRaisesRegex(UserError, "must start on or before its end"):
            self._invoice(date_from=date(2026, 11, 30), date_to=date(2026, 11, 1))
        self.assertFalse(self._invoice(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)),
                         "outside the convention's validity")
