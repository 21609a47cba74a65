from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFormalNotice(CaseworkCommon):
    def _request(self, user=None, dossier=None, **vals):
        return self.env["casework.formal.notice"].with_user(user or self.referent).create({
            "beneficiary_id": (dossier or self.dossier_north).id,
            "request_motive": "Absences répétées aux rendez-vous",
        } | vals)

    def test_request_then_notice(self):
        request = self._request()
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.requested_by_id, self.referent)
        pending = self.env["casework.formal.notice"].with_user(self.secretariat).search([("state", "=", "requested")])
        self.assertIn(request, pending)
        request.with_user(self.secretariat).write({
            "notice_date": date(2026, 11, 20), "notice_motive": "Mise en demeure (absence RDV référent)"})
        self.assertEqual(request.state, "done")
        self.assertEqual(self.dossier_north.last_notice_date, date(2026, 11, 20))
        self.assertEqual(self.dossier_north.last_notice_motive, "Mise en demeure (absence RDV référent)")

    def test_notice_the_day_of_the_request_handles_it(self):
        request = self.env["casework.formal.notice"].with_user(self.referent).create({
            "beneficiary_id": self.dossier_north.id, "request_date": date(2026, 11, 15), "request_motive": "Absence"})
        request.with_user(self.secretariat).write({"notice_date": date(2026, 11, 15), "notice_motive": "MIDEM"})
        self.assertEqual(request.state, "done")

    def test_notice_dated_before_the_request_does_not_handle_it(self):
        request = self._request()
        request.with_user(self.secretariat).write(
            {"notice_date": date(2026, 11, 14), "notice_motive": "Mise en demeure"}
        )
        self.assertEqual(request.state, "requested", "the notice must not be before the request")

    def test_only_the_secretariat_processes(self):
        request = self._request()
        with self.assertRaisesMessage(AccessError, "secretariat"):
            request.with_user(self.referent).write({"notice_date": date(2026, 11, 20), "notice_motive": "X"})
        with self.assertRaisesMessage(ValidationError, "motive"):
            request.with_user(self.secretariat).write({"notice_date": date(2026, 11, 20)})

    def test_request_out_of_scope_refused(self):
        # reading and writing per role is in test_access.TestAccessMatrix.test_case_records_matrix
        with self.assertRaises(AccessError):
            self._request(dossier=self.dossier_south)
        with self.assertRaises(AccessError):
            self._request(user=self.finance)
