from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestRenewal(ContractCommon):
    """Contracts to renew within N days (negative: overdue), the référent's
    reminder, and the dossiers without any contract."""

    def _ending(self, day, **vals):
        return self._contract(self.dossier_north, "validated", date_start=date(2026, 1, 1), date_end=day, **vals)

    def _within(self, days):
        return self.Contract.search([("id", "in", self.contracts.ids), ("days_to_end", "<=", days)])

    @freeze_time("2028-01-31 10:00:00")
    def test_days_to_end_around_month_ends_and_leap_years(self):
        leap = self._ending(date(2028, 2, 29))
        first_of_march = self._ending(date(2028, 3, 1))
        overdue = self._ending(date(2028, 1, 21))
        self.contracts = leap | first_of_march | overdue
        self.assertEqual((leap.days_to_end, first_of_march.days_to_end, overdue.days_to_end), (29, 30, -10))
        self.assertEqual(self._within(29), leap | overdue)
        self.assertEqual(self._within(30), self.contracts)
        self.assertEqual(self._within(-10), overdue)
        self.assertFalse(self._within(-11))
        self.assertEqual(self.Contract.search([("id", "in", self.contracts.ids), ("days_to_end", ">", 0)]),
                         leap | first_of_march)

    @freeze_time("2026-11-15 10:00:00")
    def test_reminder_once_to_the_referent(self):
        soon = self._ending(date(2026, 12, 15))
        later = self._ending(date(2026, 12, 16))
        last = self._ending(date(2026, 12, 1), is_last=True)
        past = self._ending(date(2026, 11, 14))
        reminded = self.Contract._cron_renewal_reminders()
        self.assertEqual(reminded, soon)
        self.assertEqual(soon.activity_ids.user_id, self.referent)
        self.assertEqual(soon.activity_ids.date_deadline, date(2026, 12, 15))
        self.assertFalse((later | last | past).activity_ids)
        self.assertFalse(self.Contract._cron_renewal_reminders(), "once per contract")
        self.env["res.config.settings"].create({"casework_cer_renewal_notice_days": 31}).execute()
        self.assertEqual(self.Contract._cron_renewal_reminders(), later)

    @freeze_time("2026-11-15 10:00:00")
    def test_dossiers_without_contract(self):
        self._contract(self.dossier_north, "refused")
        Dossier = self.env["casework.beneficiary"].with_user(self.admin)
        without = Dossier.search([("has_contract", "=", False)])
        self.assertNotIn(self.dossier_north, without)
        self.assertIn(self.dossier_south, without)
        self.assertIn(self.dossier_north, Dossier.search([("has_contract", "=", True)]))
        self.assertTrue(self.dossier_north.with_user(self.referent).has_contract)
