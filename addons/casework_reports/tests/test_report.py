import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReportsCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestStandardReports(ReportsCommon):
    """Each standard report on the fixture of :class:`ReportsCommon`, with
    known answers, per role: a référent lists their active file only, the
    secretary their territory, finance and operators nothing."""

    def test_contracts_to_renew(self):
        rows = self._rows("contracts_to_renew", self.secretariat)
        self.assertEqual(rows, self.contract_north)
        self.assertEqual(rows.days_to_end, 16)
        self.assertFalse(self._rows("contracts_to_renew", self.secretariat, days=10))
        # the south contract ended 14 days ago: negative days, for its own référent only
        south = self._rows("contracts_to_renew", self.referent_south, days=0)
        self.assertEqual(south, self.contract_south)
        self.assertEqual(south.days_to_end, -14)
        self.assertEqual(self._rows("contracts_to_renew", self.referent), self.contract_north)
        self.assertFalse(self._rows("contracts_to_renew", self.referent_other))
        # a newer contract drafted: no renewal any more; the last contract: none either
        newer = self._contract(self.dossier_north, date_start=date(2026, 12, 2))
        self.assertFalse(self._rows("contracts_to_renew", self.secretariat))
        newer.unlink()
        self.contract_north.is_last = True
        self.assertFalse(self._rows("contracts_to_renew", self.secretariat))

    def test_contracts_by_state_and_decision_dates(self):
        refused = self._contract(self.dossier_north_other, "refused", date_signature=date(2026, 11, 2),
                                 date_refusal=date(2026, 11, 12))
        self.assertEqual(self._rows("contract_state", self.secretariat), self.contract_north | refused)
        self.assertEqual(self._rows("contract_state", self.secretariat, date_from=date(2026, 11, 1)), refused)
        self.assertEqual(self._rows("contract_validated", self.secretariat), self.contract_north)
        self.assertFalse(self._rows("contract_validated", self.secretariat, date_from=date(2026, 7, 1)))
        self.assertEqual(self._rows("contract_refused", self.secretariat,
                                    date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)), refused)
        self.assertEqual(self._rows("contract_state", self.referent), self.contract_north)
        self.assertEqual(self._rows("contract_state", self.admin, territory_id=self.south.id), self.contract_south)

    def test_dossiers_without_contract(self):
        self.assertEqual(self._rows("without_contract", self.secretariat), self.dossier_north_other)
        self.assertFalse(self._rows("without_contract", self.referent))
        self.assertEqual(self._rows("without_contract", self.referent_other), self.dossier_north_other)
        # whatever the state of the contract: a refused one counts
        self._contract(self.dossier_north_other, "refused")
        self.assertFalse(self._rows("without_contract", self.secretariat))

    def test_structure_of_the_current_referent(self):
        """The structure is the current référent de parcours's: after a
        réorientation to a référent of another structure, the dossier follows."""
        self.assertEqual(self._rows("closed_rights", self.secretariat, structure_id=self.structure.id),
                         self.dossier_north)
        self.assertFalse(self._rows("closed_rights", self.secretariat, structure_id=self.structure_other.id))
        self.env["casework.referent.assignment"].create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "parcours",
            "date_start": date(2026, 11, 10),
        })
        self.assertEqual(self.dossier_north.with_user(self.secretariat).referent_structure_id, self.structure_other)
        self.assertEqual(self._rows("closed_rights", self.secretariat, structure_id=self.structure_other.id),
                         self.dossier_north)
        self.assertEqual(self._rows("closed_rights", self.secretariat, referent_id=self.referent_other.id),
                         self.dossier_north)
        # the lists group by it
        groups = self.env["casework.beneficiary"].with_user(self.secretariat).formatted_read_group(
            [("id", "in", (self.dossier_north | self.dossier_north_other).ids)], ["referent_structure_id"],
            ["__count"])
        self.assertEqual([(g["referent_structure_id"][0], g["__count"]) for g in groups],
                         [(self.structure_other.id, 2)])

    def test_nsdd_closed_rights_exits(self):
        self.assertEqual(self._rows("nsdd", self.secretariat), self.dossier_north_other)
        self.assertFalse(self._rows("nsdd", self.referent))
        self.assertEqual(self._rows("closed_rights", self.secretariat), self.dossier_north)
        self.assertEqual(self._rows("closed_rights", self.referent_south), self.dossier_south)
        self.assertEqual(self._rows("closed_rights", self.admin), self.dossier_north | self.dossier_south)
        # date actualisation older than 5 days (1 November), not the one of yesterday
        rows = self._rows("exits_to_record", self.secretariat)
        self.assertEqual(rows, self.dossier_north)
        self.assertEqual(rows.update_date, date(2026, 11, 1))
        # exits from the active file to record: the enrolment exited, the référent still current
        rows = self._rows("active_file_exits", self.secretariat)
        self.assertEqual(rows, self.dossier_north_other)
        self.assertEqual((rows.last_exit_date, rows.last_exit_motive_id), (date(2026, 10, 31), self.motive))
        # once the référent records the exit, the dossier leaves every active-file report
        self.dossier_north_other.assignment_ids.with_user(self.referent_other).action_exit(date(2026, 11, 14))
        self.assertFalse(self._rows("active_file_exits", self.secretariat))
        self.assertFalse(self._rows("nsdd", self.secretariat))

    def test_mutations(self):
        """The département of the postcode (OCA l10n_fr_department) against
        the territory's."""
        self.assertEqual(self.dossier_north.country_department_id.code, "26")
        self.assertEqual(self._rows("mutations", self.secretariat), self.dossier_north)
        self.assertTrue(self.dossier_north.with_user(self.referent).is_moved_out)
        self.assertFalse(self.dossier_north_other.with_user(self.referent_other).is_moved_out)
        self.dossier_north.write({"zip": "07200", "city": "Aubenas"})
        self.assertFalse(self._rows("mutations", self.secretariat))
        # a territory without département: nobody is a mutation
        self.dossier_north.write({"zip": "26000", "city": "Valence"})
        self.north.department_id = False
        self.assertFalse(self._rows("mutations", self.secretariat))

    def test_entries_and_formal_notices(self):
        rows = self._rows("active_file_entries", self.secretariat, date_from=date(2026, 1, 1),
                          date_to=date(2026, 1, 31))
        self.assertEqual(rows.beneficiary_id, self.dossier_north | self.dossier_north_other)
        self.assertFalse(self._rows("active_file_entries", self.secretariat, date_from=date(2026, 2, 1)))
        self.assertEqual(self._rows("active_file_entries", self.secretariat, structure_id=self.structure.id)
                         .beneficiary_id, self.dossier_north)
        self.assertEqual(self._rows("active_file_entries", self.referent).beneficiary_id, self.dossier_north)
        self.assertEqual(self._rows("formal_notices", self.secretariat), self.notice)
        self.assertFalse(self._rows("formal_notices", self.referent))
        self.notice.write({"notice_date": date(2026, 11, 12), "notice_motive": "Mise en demeure"})
        self.assertFalse(self._rows("formal_notices", self.secretariat))

    def test_scope_per_role(self):
        for user in (self.finance, self.operator, self.outsider):
            with self.assertRaises(AccessError):
                self.Report.with_user(user).search([]).read(["name"])
            with self.assertRaises(AccessError):
                self._run("closed_rights", user)
        # the FSE manager reads the dossiers of their territory
        self.assertEqual(self._rows("closed_rights", self.fse), self.dossier_north)
        # nobody reads another user's parameters
        run = self._run("closed_rights", self.secretariat)
        with self.assertRaises(AccessError):
            run.with_user(self.manager).read(["report_id"])

    def test_show_on_screen(self):
        """The screen's domain is the report's, evaluated by the web client:
        the same rows, as the user."""
        for code in ("contracts_to_renew", "closed_rights", "mutations", "exits_to_record", "active_file_entries",
                     "formal_notices", "without_contract", "nsdd", "active_file_exits", "contract_state"):
            run = self._run(code, self.secretariat)
            action = run.action_show()
            Model = self.env[action["res_model"]].with_user(self.secretariat)
            self.assertEqual(Model.search(action["domain"]), run._report_records(), code)
            self.assertEqual(action["views"][0][1], "list")

    def test_xlsx(self):
        run = self._run("contracts_to_renew", self.secretariat, days=60)
        action = run.action_download_xlsx()
        self.assertEqual(action["report_type"], "xlsx")
        content, kind = self.env["ir.actions.report"].with_user(self.secretariat)._render_xlsx(
            action["report_name"], run.ids, None)
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        self.assertEqual(rows[0], ("Dossier", "Number", "Signature date", "Start", "End", "State",
                                   "Days before the end", "Current référent", "Current référent's structure"))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][0], self.dossier_north.display_name)
        self.assertEqual(rows[1][4].date(), date(2026, 12, 1))
        self.assertEqual(rows[1][5:8], ("Validated", 16, self.referent.name))
        params = dict(book.worksheets[1].iter_rows(values_only=True))
        self.assertEqual(params["Report"], "Contracts to renew")
        self.assertEqual(params["Rows"], 1)
        self.assertEqual(params["Days before the end of the contract"], 60)
        # the référent of the south dossier: their row only
        run = self._run("closed_rights", self.referent_south)
        content, _kind = self.env["ir.actions.report"].with_user(self.referent_south)._render_xlsx(
            "casework_reports.report_run_xlsx", run.ids, None)
        rows = list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
        self.assertEqual(rows[1:], [(self.dossier_south.number, "Garcia", "Inès", "Sud", self.referent_south.name,
                                     None, "Entrée")])
