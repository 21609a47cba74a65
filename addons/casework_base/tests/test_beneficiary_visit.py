from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CaseworkCommon

SPEC = {"name": {}, "last_visit_date": {}}


@tagged("post_install", "-at_install")
class TestBeneficiaryVisit(CaseworkCommon):
    """Opening a dossier's form records the user's consultation, in a table
    of its own, readable only by that user within the dossier's scope."""

    def _visits(self, dossier=None, user=None):
        domain = []
        if dossier:
            domain.append(("beneficiary_id", "=", dossier.id))
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["casework.beneficiary.visit"].search(domain)

    def test_form_read_records_the_user_s_visit(self):
        dossier = self.dossier_north
        self.env.flush_all()
        self.env.cr.execute("SELECT write_date FROM casework_beneficiary WHERE id = %s", [dossier.id])
        write_date = self.env.cr.fetchone()[0]
        with freeze_time("2026-11-15 09:00:00"):
            [values] = dossier.with_user(self.referent).web_read(SPEC)
        self.assertEqual(values["last_visit_date"], datetime(2026, 11, 15, 9, 0))
        with freeze_time("2026-11-16 10:30:00"):
            dossier.with_user(self.referent).web_read(SPEC)
            [values] = dossier.with_user(self.secretariat).web_read(SPEC)
        self.assertEqual(values["last_visit_date"], datetime(2026, 11, 16, 10, 30), "the user's own consultation")
        mine = self._visits(dossier, self.referent)
        self.assertEqual((mine.last_date, mine.count), (datetime(2026, 11, 16, 10, 30), 2))
        self.assertEqual(len(self._visits(dossier)), 2, "one line per user and dossier")
        # the dossier's row is not written
        self.env.cr.execute("SELECT write_date FROM casework_beneficiary WHERE id = %s", [dossier.id])
        self.assertEqual(self.env.cr.fetchone()[0], write_date)
        # "last consulted" is each user's own
        self.assertFalse(dossier.with_user(self.manager).last_visit_date)

    def test_a_line_opens_its_dossier(self):
        self.dossier_north.with_user(self.referent).web_read(SPEC)
        line = self._visits(self.dossier_north, self.referent).with_user(self.referent)
        action = line.action_open_dossier()
        self.assertEqual((action["res_model"], action["res_id"]), ("casework.beneficiary", self.dossier_north.id))

    def test_lists_do_not_record(self):
        Beneficiary = self.env["casework.beneficiary"].with_user(self.referent)
        result = Beneficiary.web_search_read([("id", "=", self.dossier_north.id)], SPEC)
        self.assertEqual(result["length"], 1)
        self.assertFalse(self._visits(self.dossier_north))
        # the list's read is over: the next form read records
        self.dossier_north.with_user(self.referent).web_read(SPEC)
        self.assertTrue(self._visits(self.dossier_north, self.referent))

    def test_a_dossier_shown_by_another_record_is_not_consulted(self):
        """A many-to-one to the dossier in another model's form or list reads
        the dossier (its display name) without recording a consultation,
        also on the read-only cursor Odoo gives these reads."""
        enrollment = self.env["casework.enrollment"].search([("beneficiary_id", "=", self.dossier_north.id)], limit=1)
        self.assertTrue(enrollment, "the common data enrols the dossier")
        spec = {"beneficiary_id": {"fields": {"display_name": {}, "name": {}}}}
        Enrollment = self.env["casework.enrollment"].with_user(self.referent)
        Enrollment.browse(enrollment.id).web_read(spec)
        Enrollment.web_search_read([("id", "=", enrollment.id)], spec)
        self.assertFalse(self._visits(self.dossier_north))

    def test_no_context_key_skips_the_record(self):
        dossier = self.dossier_north.with_user(self.referent)
        dossier.with_context(casework_no_visit=True, casework_listing=True).web_read(SPEC)
        self.assertEqual(self._visits(self.dossier_north, self.referent).count, 1)

    def test_out_of_scope_read_records_nothing(self):
        with self.assertRaises(AccessError):
            self.dossier_south.with_user(self.referent).web_read(SPEC)
        self.assertFalse(self._visits(self.dossier_south))

    def test_visits_are_their_user_s_only(self):
        for user in (self.referent, self.secretariat, self.admin):
            self.dossier_north.with_user(user).web_read(SPEC)
        Visit = self.env["casework.beneficiary.visit"]
        for user in (self.referent, self.secretariat, self.manager, self.admin):
            with self.subTest(user=user.login):
                seen = Visit.with_user(user).search([])
                self.assertEqual(seen.user_id, self._visits(user=user).user_id, "only their own lines")
        for user in (self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Visit.with_user(user).search([])
        # another user's line, by id
        other = self._visits(self.dossier_north, self.secretariat)
        with self.assertRaises(AccessError):
            other.with_user(self.referent).read(["last_date"])
        # nobody writes them by hand
        mine = self._visits(self.dossier_north, self.referent).with_user(self.referent)
        with self.assertRaises(AccessError):
            mine.write({"count": 99})
        with self.assertRaises(AccessError):
            mine.unlink()
        with self.assertRaises(AccessError):
            Visit.with_user(self.referent).create({
                "user_id": self.secretariat.id, "beneficiary_id": self.dossier_north.id, "last_date": datetime.now(),
            })
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
            self.dossier_north.with_user(self.referent).write({"last_visit_date": datetime(2026, 1, 1)})

    def test_visits_follow_the_dossier_s_scope(self):
        """A référent who leaves the dossier no longer sees their line of it."""
        self.dossier_north.with_user(self.referent).web_read(SPEC)
        Visit = self.env["casework.beneficiary.visit"].with_user(self.referent)
        self.assertEqual(len(Visit.search([])), 1)
        self.dossier_north.assignment_ids.sudo().write({"date_end": date(2026, 11, 1)})
        self.assertFalse(Visit.search([]))
        self.assertTrue(self._visits(self.dossier_north, self.referent), "kept for the system")

    def test_merge_of_visit_lines(self):
        survivor, removed = self.dossier_north, self.dossier_north_other
        with freeze_time("2026-11-10 08:00:00"):
            survivor.with_user(self.secretariat).web_read(SPEC)
            removed.with_user(self.manager).web_read(SPEC)
        with freeze_time("2026-11-12 08:00:00"):
            removed.with_user(self.secretariat).web_read(SPEC)
            removed.with_user(self.secretariat).web_read(SPEC)
        self.env["casework.beneficiary.visit"]._casework_merge_dossiers(removed.id, survivor.id)
        self.assertFalse(self._visits(removed))
        secretariat = self._visits(survivor, self.secretariat)
        self.assertEqual((secretariat.last_date, secretariat.count), (datetime(2026, 11, 12, 8, 0), 3))
        manager = self._visits(survivor, self.manager)
        self.assertEqual((manager.last_date, manager.count), (datetime(2026, 11, 10, 8, 0), 1))

    def test_deleting_the_dossier_deletes_its_lines(self):
        dossier = self._create_dossier("Temp", "Orary", self.north, self.referent)
        dossier.with_user(self.referent).web_read(SPEC)
        self.assertTrue(self._visits(dossier))
        dossier.with_user(self.admin).unlink()
        self.assertFalse(self.env["casework.beneficiary.visit"].search([("beneficiary_id", "=", dossier.id)]))
