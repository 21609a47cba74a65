from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_reports.models.casework_export import RUN_LIMIT

from .common_export import ExportCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestExportLines(ExportCommon):
    """A filter or aggregator line belongs to its export for good, and
    only ever holds a component of what its export counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._export("enrollment", ["territory"], user=cls.referent, filters=[
            ("territory", {"territory_ids": [Command.set(cls.north.ids)]}),
        ])
        cls.theirs = cls._export("enrollment", ["gender"], user=cls.manager)

    def _lines(self, export):
        return {"filter": export.filter_ids, "aggregator": export.aggregator_ids}

    def test_line_not_moved_into_another_export(self):
        for kind, line in self._lines(self.mine).items():
            with self.subTest(kind=kind):
                with self.assertRaisesMessage(UserError, "cannot be moved to another export"):
                    line.with_user(self.referent).write({"export_id": self.theirs.id})
                self.assertEqual(line.export_id, self.mine)

    def test_line_not_moved_even_between_own_exports(self):
        other_mine = self._export("enrollment", user=self.referent)
        for kind, line in self._lines(self.mine).items():
            with self.subTest(kind=kind), self.assertRaisesMessage(UserError, "cannot be moved to another export"):
                line.with_user(self.referent).write({"export_id": other_mine.id})
        # nor by the administrator; the same export again changes nothing and is accepted
        with self.assertRaisesMessage(UserError, "cannot be moved to another export"):
            self.mine.aggregator_ids.with_user(self.admin).write({"export_id": self.theirs.id})
        self.mine.aggregator_ids.with_user(self.referent).write({"export_id": self.mine.id, "sequence": 3})

    def test_line_not_linked_into_another_export(self):
        """Linking a line from the export side writes the same field."""
        line = self.mine.aggregator_ids
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.referent).write({"aggregator_ids": [Command.link(line.id)]})
        with self.assertRaisesMessage(UserError, "cannot be moved to another export"):
            self._export("enrollment", user=self.referent).write({"aggregator_ids": [Command.link(line.id)]})
        self.assertEqual(line.export_id, self.mine)

    def test_component_of_another_countable_refused(self):
        funder = self._component("invoice", "aggregator", "funder")
        invoice_period = self._component("invoice", "filter", "period")
        aggregator, flt = self.mine.aggregator_ids, self.mine.filter_ids
        with self.assertRaisesMessage(ValidationError, "does not apply to"):
            aggregator.with_user(self.referent).write({"component_id": funder.id})
        with self.assertRaisesMessage(ValidationError, "does not apply to"):
            flt.with_user(self.referent).write({"component_id": invoice_period.id, "period": "current_year"})
        with self.assertRaisesMessage(ValidationError, "does not apply to"):
            self.env["casework.export.aggregator"].with_user(self.referent).create({
                "export_id": self.mine.id, "component_id": funder.id,
            })
        with self.assertRaisesMessage(ValidationError, "does not apply to"):
            self.env["casework.export.filter"].with_user(self.referent).create({
                "export_id": self.mine.id, "component_id": invoice_period.id, "period": "current_year",
            })

    def test_component_of_the_wrong_kind_refused(self):
        gender_filter = self._component("enrollment", "filter", "gender")
        territory_aggregator = self._component("enrollment", "aggregator", "territory")
        with self.assertRaisesMessage(ValidationError, "does not apply to"):
            self.mine.aggregator_ids.with_user(self.referent).write({"component_id": gender_filter.id})
        with self.assertRaisesMessage(ValidationError, "does not apply to"):
            self.mine.filter_ids.with_user(self.referent).write({"component_id": territory_aggregator.id})

    def test_owner_removes_a_broken_line(self):
        """A line left broken (a component no longer matching, written by
        the system) is removed by the owner, from the line or the export."""
        funder = self._component("invoice", "aggregator", "funder")
        invoice_period = self._component("invoice", "filter", "period")
        export = self._export("enrollment", ["territory", "gender"], user=self.referent)
        first, second = export.aggregator_ids.sorted("sequence")
        self.env.cr.execute("UPDATE casework_export_aggregator SET component_id = %s WHERE id IN %s",
                            [funder.id, (first.id, second.id)])
        export.invalidate_recordset()
        export.aggregator_ids.invalidate_recordset()
        mine = export.with_user(self.referent)
        mine.write({"aggregator_ids": [Command.delete(first.id)]})
        second.with_user(self.referent).unlink()
        self.assertFalse(export.aggregator_ids)
        flt = self.mine.filter_ids
        self.env.cr.execute("UPDATE casework_export_filter SET component_id = %s WHERE id = %s",
                            [invoice_period.id, flt.id])
        flt.invalidate_recordset()
        self.mine.with_user(self.referent).write({"filter_ids": [Command.delete(flt.id)]})
        self.assertFalse(self.mine.filter_ids)

    def test_shared_export_lines_read_only(self):
        """Shared with the référents: its lines are read, never changed, added or removed by them."""
        self.theirs.group_ids = self.env.ref("casework_base.group_casework_referent")
        line = self.theirs.aggregator_ids.with_user(self.referent)
        self.assertEqual(line.component_id.key, "gender")
        with self.assertRaises(AccessError):
            line.write({"sequence": 5})
        with self.assertRaises(AccessError):
            line.unlink()
        with self.assertRaises(AccessError):
            self.env["casework.export.filter"].with_user(self.referent).create({
                "export_id": self.theirs.id, "component_id": self._component("enrollment", "filter", "period").id,
                "period": "current_year",
            })
        # a copy is the référent's own export
        copy = self.theirs.with_user(self.referent).copy()
        self.assertEqual(copy.user_id, self.referent)
        self.assertEqual(copy.aggregator_ids.component_id.key, "gender")


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestExportRunLimit(ExportCommon):
    """Each user runs exports at most ``RUN_LIMIT`` times in ten minutes."""

    def test_runs_limited_per_user(self):
        export = self._export("enrollment", ["territory"], user=self.manager)
        Log = self.env["casework.export.log"].sudo()
        # the runs of the last ten minutes, and an older one that no longer counts
        Log.create([{"user_id": self.manager.id, "export_id": export.id, "channel": "download"}] * (RUN_LIMIT - 1))
        old = Log.create({"user_id": self.manager.id, "export_id": export.id, "channel": "download"})
        # the log's dates are the database's (the transaction's), not the frozen clock
        earlier = self.env.cr.now() - timedelta(minutes=11)
        self.env.cr.execute("UPDATE casework_export_log SET create_date = %s WHERE id = %s", [earlier, old.id])
        mine = export.with_user(self.manager)
        mine._casework_render("csv")
        with self.assertRaisesMessage(UserError, "Too many export runs"):
            mine._casework_render("csv")
        with self.assertRaisesMessage(UserError, "Too many export runs"):
            mine._casework_pivot_action()
        with self.assertRaisesMessage(UserError, "Too many export runs"):
            mine.action_download_xlsx()
        self.assertEqual(Log.search_count([("user_id", "=", self.manager.id)]), RUN_LIMIT + 1)
        # another user is not limited by them; the monthly e-mail is not counted nor limited
        self._export("enrollment", user=self.admin)._casework_render("csv")
        email = self._export("enrollment", user=self.manager, schedule="monthly", output_format="csv",
                             recipient_ids=[Command.set(self.manager.partner_id.ids)])
        email.with_user(self.manager)._casework_send(date(2026, 11, 15))
        # ten minutes later, the manager runs exports again
        self.env.cr.execute("UPDATE casework_export_log SET create_date = %s WHERE user_id = %s",
                            [earlier, self.manager.id])
        mine._casework_render("csv")
