"""Lists of activities: pages and counts of what the user may read.

Odoo drops the activities whose document the user may not reach *after*
cutting the page: a list showed 31 tasks out of a first page of 80, with no
next page. Here the page is cut after the check.
"""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CaseworkCommon


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestActivityPages(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Activity = cls.env["mail.activity"].with_context(mail_activity_quick_update=True)
        cls.dossier_model = cls.env["ir.model"]._get_id("casework.beneficiary")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

        def tasks(dossier, user, count, first_deadline, summary):
            return cls.Activity.create([{
                "res_model_id": cls.dossier_model, "res_id": dossier.id, "user_id": user.id,
                "activity_type_id": cls.todo.id, "summary": f"{summary} {n}",
                "date_deadline": first_deadline + timedelta(days=n),
            } for n in range(count)])

        # around the users' own tasks, many they may not see, due first:
        # tasks of dossiers out of their scope (dropped by the record rules)
        # and tasks of colleagues on dossiers they read but may not change
        # (dropped by Odoo's check of the document, after the SQL query)
        tasks(cls.dossier_south, cls.referent_south, 30, date(2026, 11, 1), "Sud")
        cls.colleague_tasks = tasks(cls.dossier_north, cls.referent, 12, date(2026, 11, 2), "Référent")
        cls.fse_tasks = tasks(cls.dossier_north, cls.fse, 5, date(2026, 12, 1), "FSE")
        cls.referent_tasks = tasks(cls.dossier_north, cls.referent, 3, date(2026, 12, 20), "Mes tâches")

    def _pages(self, user, size):
        Activity = self.env["mail.activity"].with_user(user)
        domain = [("res_model", "=", "casework.beneficiary")]
        found = Activity.search(domain, order="date_deadline, id")
        pages = Activity.browse()
        offset = 0
        while True:
            page = Activity.search(domain, offset=offset, limit=size, order="date_deadline, id")
            pages += page
            if len(page) < size:
                break
            offset += size
        return found, pages, Activity.search_count(domain)

    def test_full_pages_for_a_reader_who_may_not_change_the_dossiers(self):
        """The FSE manager reads the territory's dossiers without changing
        them: Odoo shows them only their own tasks, on full pages."""
        found, pages, count = self._pages(self.fse, 2)
        self.assertEqual(found, self.fse_tasks)
        self.assertEqual(pages, self.fse_tasks)
        self.assertEqual(count, 5)
        first = self.env["mail.activity"].with_user(self.fse).search(
            [("res_model", "=", "casework.beneficiary")], limit=3, order="date_deadline, id")
        self.assertEqual(first, self.fse_tasks[:3])
        web = self.env["mail.activity"].with_user(self.fse).web_search_read(
            [("res_model", "=", "casework.beneficiary")], {"summary": {}}, offset=2, limit=2,
            order="date_deadline, id")
        self.assertEqual([row["id"] for row in web["records"]], self.fse_tasks[2:4].ids)
        self.assertEqual(web["length"], 5)

    def test_full_pages_for_a_referent_among_out_of_scope_tasks(self):
        """The référent changes the dossier: they see every task of it (their
        own and the FSE manager's), none of the other territory's."""
        found, pages, count = self._pages(self.referent, 4)
        north = self.colleague_tasks + self.fse_tasks + self.referent_tasks
        self.assertEqual(found, north)
        self.assertEqual(pages, north)
        self.assertEqual(count, 20)
        # and the same for the grouped counts of the list
        groups = self.env["mail.activity"].with_user(self.referent).formatted_read_group(
            [("res_model", "=", "casework.beneficiary")], ["user_id"], ["__count"])
        self.assertEqual({g["user_id"][0]: g["__count"] for g in groups}, {self.referent.id: 15, self.fse.id: 5})
