from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common_export import SAMPLE_VALUES, ExportCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestExportBuilder(ExportCommon):
    """Each countable, filter and aggregator runs; known answers on the
    fixture's enrolments and dossiers."""

    def _line_values(self, component):
        field = component.value_field
        if field == "period":
            return {"period": "fixed", "date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}
        if field == "choice_ids":
            choice = self.Component.search([("parent_id", "=", component.id)], limit=1)
            return {"choice_ids": [Command.set(choice.ids)]}
        record = getattr(self, SAMPLE_VALUES[field])
        return {field: [Command.set(record.ids)]}

    def test_catalogue(self):
        """Every countable has a period filter and month, quarter and year aggregators."""
        countables = dict(self.env["casework.export"]._selection_countable())
        self.assertEqual(
            set(countables), {"dossier", "enrollment", "appointment", "step", "contract", "attendance", "invoice"},
        )
        for countable in countables:
            self._component(countable, "filter", "period")
            for key in ("month", "quarter", "year"):
                self._component(countable, "aggregator", key)
        outcome = self._component("appointment", "filter", "outcome")
        self.assertIn("held", self.Component.search([("parent_id", "=", outcome.id)]).mapped("key"))

    def test_each_filter_and_aggregator_runs(self):
        """Every registered filter and aggregator of every countable runs, as the administrator."""
        for countable in dict(self.env["casework.export"]._selection_countable()):
            for component in self.Component.search([("countable", "=", countable), ("kind", "=", "filter")]):
                with self.subTest(countable=countable, filter=component.key):
                    export = self._export(countable, user=self.admin, filter_ids=[
                        Command.create({"component_id": component.id, **self._line_values(component)}),
                    ])
                    export._casework_table()
            for component in self.Component.search([("countable", "=", countable), ("kind", "=", "aggregator")]):
                with self.subTest(countable=countable, aggregator=component.key):
                    export = self._export(countable, [component.key], user=self.admin)
                    table = export._casework_table()
                    self.assertEqual(table.row_headers, [component.name])

    def test_enrollment_filters(self):
        def count(*filters):
            return self._export("enrollment", filters=filters, user=self.admin)._casework_table().grand_total()

        self.assertEqual(count(), 5)
        self.assertEqual(count(("territory", {"territory_ids": [Command.set(self.north.ids)]})), 3)
        self.assertEqual(count(("programme", {"program_ids": [Command.set(self.plie.ids)]})), 0)
        self.assertEqual(count(("referent", {"user_ids": [Command.set(self.referent.ids)]})), 2)
        self.assertEqual(count(("exit_motive", {"exit_motive_ids": [Command.set(self.motive.ids)]})), 1)
        male = self._choice("enrollment", "gender", "male")
        self.assertEqual(count(("gender", {"choice_ids": [Command.set(male.ids)]})), 2)
        exited = self._choice("enrollment", "state", "sortie")
        self.assertEqual(count(("state", {"choice_ids": [Command.set(exited.ids)]})), 1)
        self.assertEqual(count(("characteristic", {"option_ids": [Command.set(self.option.ids)]})), 1)
        self.assertEqual(count(("period", {"period": "fixed", "date_from": date(2026, 3, 1)})), 1)
        self.assertEqual(count(("period", {"period": "fixed", "date_to": date(2026, 2, 28)})), 4)
        self.assertEqual(count(("exit_period", {"period": "last_quarter"})), 0)
        self.assertEqual(count(("exit_period", {"period": "current_year"})), 1)
        self.assertEqual(count(("period", {"period": "last_year"})), 0)
        # all filters apply together
        self.assertEqual(count(
            ("territory", {"territory_ids": [Command.set(self.north.ids)]}),
            ("gender", {"choice_ids": [Command.set(self._choice("enrollment", "gender", "female").ids)]}),
        ), 2)

    def test_other_countables(self):
        def count(countable, *filters):
            return self._export(countable, filters=filters, user=self.admin)._casework_table().grand_total()

        self.assertEqual(count("dossier"), 5)
        self.assertEqual(count("dossier", ("state", {
            "choice_ids": [Command.set(self._choice("dossier", "state", "entree").ids)]})), 4)
        self.assertEqual(count("appointment"), 5)
        self.assertEqual(count("appointment", ("outcome", {
            "choice_ids": [Command.set(self._choice("appointment", "outcome", "unexcused").ids)]})), 1)
        self.assertEqual(count("appointment", ("period", {"period": "current_month"})), 4)
        self.assertEqual(count("appointment", ("collaborator", {"user_ids": [Command.set(self.referent.ids)]})), 3)
        self.assertEqual(count("step"), 3)
        self.assertEqual(count("step", ("offer", {"offer_ids": [Command.set(self.offer.ids)]})), 2)
        self.assertEqual(count("step", ("classification", {
            "classification_ids": [Command.set(self.classification.ids)]})), 2)
        self.assertEqual(count("contract"), 2)
        self.assertEqual(count("attendance"), 7.0)
        self.assertEqual(count("invoice"), 0)

    def test_aggregators(self):
        def figures(countable, *aggregators, user=None):
            table = self._export(countable, aggregators, user=user or self.admin)._casework_table()
            return self._cells(table)

        self.assertEqual(figures("enrollment", "territory"), {("Nord", "Number"): 3, ("Sud", "Number"): 2})
        self.assertEqual(figures("enrollment", "referent"), {
            (self.referent.name, "Number"): 2, (self.referent_other.name, "Number"): 1,
            (self.referent_south.name, "Number"): 2,
        })
        self.assertEqual(figures("enrollment", "programme"), {("RSA", "Number"): 5} if self.rsa.name == "RSA"
                         else {(self.rsa.name, "Number"): 5})
        self.assertEqual(figures("enrollment", "month"), {("January 2026", "Number"): 4, ("March 2026", "Number"): 1})
        self.assertEqual(figures("enrollment", "quarter"), {("Q1 2026", "Number"): 5})
        self.assertEqual(figures("enrollment", "year"), {("2026", "Number"): 5})
        self.assertEqual(figures("enrollment", "age_band"), {
            ("Under 26", "Number"): 1, ("35 to 44", "Number"): 3, ("55 and over", "Number"): 1,
        })
        self.assertEqual(figures("enrollment", "gender"), {("Female", "Number"): 3, ("Male", "Number"): 2})
        self.assertEqual(figures("enrollment", "exit_motive"), {
            (self.motive.name, "Number"): 1, ("Not set", "Number"): 4,
        })
        self.assertEqual(figures("step", "classification"), {
            ("Formation qualifiante", "Number"): 2, ("Not set", "Number"): 1,
        })
        self.assertEqual(figures("appointment", "outcome"), {("Held", "Number"): 4, ("Unexcused absence", "Number"): 1})
        self.assertEqual(figures("attendance", "offer"), {(self.offer_sessions.name, "Hours"): 7.0})

    def test_age_band_at_a_date(self):
        export = self._export("enrollment", ["age_band"], user=self.admin)
        export.aggregator_ids.date_at = date(2015, 1, 1)
        self.assertEqual(self._cells(export._casework_table()), {
            ("Under 26", "Number"): 1, ("26 to 34", "Number"): 3, ("45 to 54", "Number"): 1,
        })

    def test_two_aggregators_crossed(self):
        """Territory × gender: territories in rows, genders in columns, totals both ways."""
        table = self._export("enrollment", ["territory", "gender"], user=self.admin)._casework_table()
        self.assertEqual(table.row_headers, ["Territory"])
        self.assertEqual(table.column_header, "Gender")
        self.assertEqual(table.column_labels, ["Female", "Male"])
        self.assertEqual(self._cells(table), {
            ("Nord", "Female"): 2, ("Nord", "Male"): 1, ("Sud", "Female"): 1, ("Sud", "Male"): 1,
        })
        self.assertEqual([table.row_total(0), table.row_total(1)], [3, 2])
        self.assertEqual([table.column_total(0), table.column_total(1), table.grand_total()], [3, 2, 5])

    def test_three_aggregators(self):
        table = self._export("enrollment", ["territory", "referent", "gender"], user=self.admin)._casework_table()
        self.assertEqual(table.row_headers, ["Territory", "Référent de parcours"])
        self.assertEqual(self._cells(table)[("Nord", self.referent.name, "Male")], 1)

    def test_line_checks(self):
        with self.assertRaisesMessage(ValidationError, "needs at least one value"):
            self._export("enrollment", filters=[("territory", {})])
        with self.assertRaisesMessage(ValidationError, "does not apply to"):
            self.env["casework.export"].create({
                "name": "Mixed", "countable": "invoice",
                "aggregator_ids": [
                    Command.create({"component_id": self._component("dossier", "aggregator", "gender").id}),
                ],
            })

    def test_pivot_action(self):
        export = self._export("enrollment", ["territory", "month", "gender"], output_format="pivot")
        action = export.with_user(self.manager).action_run()
        self.assertEqual(action["res_model"], "casework.enrollment")
        # gender is the dossier's: not in the pivot, the month makes its columns
        self.assertEqual(action["context"]["pivot_row_groupby"], ["territory_id"])
        self.assertEqual(action["context"]["pivot_column_groupby"], ["date_entry:month"])
        log = self.env["casework.export.log"].search([("export_id", "=", export.id)])
        self.assertEqual((log.channel, log.record_count), ("pivot", 3))


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestExportScope(ExportCommon):
    """The figures are counted as the user: their record rules apply."""

    def test_scope_per_role(self):
        def total(user, countable="enrollment"):
            export = self._export(countable, ["territory"], user=user)
            return export.with_user(user)._casework_table().grand_total()

        self.assertEqual(total(self.referent), 2)  # their active file
        self.assertEqual(total(self.referent_other), 1)
        self.assertEqual(total(self.secretariat), 3)  # their territory
        self.assertEqual(total(self.manager), 3)
        self.assertEqual(total(self.admin), 5)
        self.assertEqual(total(self.referent, "appointment"), 3)
        self.assertEqual(total(self.referent, "dossier"), 2)
        self.assertEqual(total(self.secretariat, "step"), 2)

    def test_referent_aggregator_counts_only_the_scope(self):
        export = self._export("dossier", ["referent"], user=self.referent)
        self.assertEqual(self._cells(export.with_user(self.referent)._casework_table()), {
            (self.referent.name, "Number"): 2,
        })

    def test_finance_counts_invoices_not_dossiers(self):
        export = self._export("invoice", ["month"], user=self.finance)
        self.assertEqual(export.with_user(self.finance)._casework_table().grand_total(), 0)
        export = self._export("dossier", ["territory"], user=self.finance)
        with self.assertRaisesMessage(AccessError, "You may not count Dossiers"):
            export.with_user(self.finance)._casework_table()
        export = self._export("invoice", ["month"], user=self.referent)
        with self.assertRaisesMessage(AccessError, "You may not count Invoices of the funders"):
            export.with_user(self.referent)._casework_table()

    def test_sharing(self):
        """Shared with the référents: they read and run it with their own scope, never change it."""
        export = self._export("enrollment", ["territory"], user=self.manager)
        self.assertFalse(self.env["casework.export"].with_user(self.referent).search([("id", "=", export.id)]))
        export.with_user(self.manager).group_ids = self.env.ref("casework_base.group_casework_referent")
        mine = export.with_user(self.referent)
        self.assertEqual(mine.name, "Export enrollment")
        self.assertEqual(mine._casework_table().grand_total(), 2)
        self.assertFalse(mine.can_edit)
        with self.assertRaises(AccessError):
            mine.name = "Renamed"
        with self.assertRaises(AccessError):
            mine.aggregator_ids.unlink()
        with self.assertRaises(AccessError):
            export.with_user(self.operator).read(["name"])
        export.with_user(self.admin).name = "Renamed by the administrator"

    def test_owner_is_the_creator(self):
        with self.assertRaisesMessage(AccessError, "belongs to the user who creates it"):
            self.env["casework.export"].with_user(self.referent).create({
                "name": "Mine", "countable": "dossier", "user_id": self.manager.id,
            })
        export = self._export("dossier", user=self.referent)
        with self.assertRaisesMessage(AccessError, "belongs to the user who created it"):
            export.with_user(self.referent).user_id = self.manager
        with self.assertRaises(AccessError):
            export.with_user(self.manager).copy()
        copy = export.with_user(self.admin).copy()
        self.assertEqual((copy.user_id, copy.name), (self.admin, "Export dossier (copy)"))

    def test_log(self):
        export = self._export("enrollment", ["territory", "gender"], user=self.referent, filters=[
            ("territory", {"territory_ids": [Command.set(self.north.ids)]}),
        ])
        export.with_user(self.referent)._casework_render("csv")
        log = self.env["casework.export.log"].search([("export_id", "=", export.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.referent)
        self.assertEqual(log.filters, "Territory: Nord")
        self.assertEqual(log.aggregators, "Territory × Gender")
        self.assertEqual((log.row_count, log.output_format, log.channel), (1, "csv", "download"))
        self.assertEqual(log.with_user(self.admin).export_name, "Export enrollment")
        with self.assertRaises(AccessError):
            log.with_user(self.referent).read(["filters"])
        with self.assertRaises(AccessError):
            log.with_user(self.admin).write({"row_count": 0})
        with self.assertRaises(AccessError):
            log.with_user(self.admin).unlink()
        with self.assertRaises(AccessError):
            self.env["casework.export.log"].with_user(self.admin).create({"export_name": "Forged"})
