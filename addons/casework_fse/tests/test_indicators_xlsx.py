import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FseCommon

REPORT = "casework_fse.operation_indicators_xlsx"


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestIndicatorsXlsx(FseCommon):
    """The XLSX export of the participant indicators of an FSE operation:
    one row per participant step the user may read (dossier number only),
    one column per question of the entry then exit questionnaires."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.step_north = cls._started_step(cls.dossier_north, cls.fse_offer, date(2026, 3, 2), cls.fse_convention)
        cls.step_south = cls._started_step(cls.dossier_south, cls.fse_offer, date(2026, 4, 6), cls.fse_convention)
        cls.step_north.write({"state": "done", "date_end": date(2026, 10, 30), "end_reason_id": cls.completed.id})
        cls._answer(cls.step_north, cls.referent, "entry", [
            ("survey_fse_entry_labour_market", "survey_fse_entry_labour_market_unemployed"),
            ("survey_fse_entry_disadvantage", ["survey_fse_entry_disadvantage_disability",
                                               "survey_fse_entry_disadvantage_third_country"]),
        ])
        cls._answer(cls.step_north, cls.referent, "exit", [
            ("survey_fse_exit_employment", "survey_fse_exit_employment_yes"),
        ])
        cls._answer(cls.step_south, cls.referent_south, "entry", [
            ("survey_fse_entry_labour_market", "survey_fse_entry_labour_market_inactive"),
        ])
        cls.labour_market = ref("casework_fse.survey_fse_entry_labour_market")

    @classmethod
    def _answer(cls, step, user, moment, answers):
        """Open the questionnaire of ``moment`` on ``step`` as ``user`` and
        answer it (question xmlid, choice xmlid(s)), as the survey's pages do."""
        getattr(step.with_user(user), f"action_open_fse_{moment}")()
        answer = step.sudo().fse_input_ids.filtered(lambda answer: answer.casework_moment == moment)
        for question, choices in answers:
            value = (
                [str(cls.env.ref(f"casework_fse.{choice}").id) for choice in choices] if isinstance(choices, list)
                else str(cls.env.ref(f"casework_fse.{choices}").id)
            )
            answer.with_user(user)._save_lines(cls.env.ref(f"casework_fse.{question}"), value)
        return answer

    def _export(self, user, offer=None):
        """The workbook the user downloads, read back with openpyxl."""
        offer = offer or self.fse_offer
        content, kind = self.env["ir.actions.report"].with_user(user)._render_xlsx(REPORT, offer.ids, {})
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def _rows(sheet):
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_layout_and_values(self):
        workbook = self._export(self.admin)
        self.assertEqual(workbook.sheetnames, ["Operation", "Participants"])
        header = dict((row[0], row[1]) for row in self._rows(workbook["Operation"]))
        self.assertEqual(header["Operation"], "FSE 2026 Accompagnateurs emploi")
        self.assertEqual(header["Start date"], datetime(2026, 1, 1))
        self.assertEqual(header["End date"], datetime(2026, 12, 31))
        self.assertEqual(header["Conventions"], "FSE-2026-07 – Accompagnateurs emploi FSE")
        self.assertEqual(header["Export date"], datetime(2026, 11, 15))
        self.assertEqual(header["Exported by"], self.admin.name)

        sheet = workbook["Participants"]
        self.assertEqual(sheet.freeze_panes, "B2")
        rows = self._rows(sheet)
        self.assertEqual(rows[0], [
            "Dossier number", "Step start", "Step end",
            "Entry – Situation on the labour market at entry", "Entry – Age band",
            "Entry – Highest level of education (ISCED)", "Entry – Disadvantage criteria",
            "Exit – In employment, including self-employed, on leaving",
            "Exit – In education or training on leaving", "Exit – Gained a qualification on leaving",
            "Exit – Engaged in job searching on leaving",
        ])
        self.assertTrue(sheet["A1"].font.bold)
        self.assertGreater(sheet.column_dimensions["D"].width, 40)
        self.assertEqual(rows[1], [
            self.dossier_north.number, datetime(2026, 3, 2), datetime(2026, 10, 30), "Unemployed", None, None,
            "Participant with disabilities; Third-country national", "Yes", None, None, None,
        ])
        self.assertEqual(rows[2], [
            self.dossier_south.number, datetime(2026, 4, 6), None, "Inactive, not in education or training",
            None, None, None, None, None, None, None,
        ])
        self.assertEqual(len(rows), 3)
        # the dossier number, never the person's name
        cells = " ".join(str(value) for name in workbook.sheetnames for row in self._rows(workbook[name])
                         for value in row if value)
        for name in ("Dupont", "Marie", "Garcia", "Inès"):
            self.assertNotIn(name, cells)

    def test_rows_follow_the_scope(self):
        for user, numbers in (
            (self.fse, [self.dossier_north.number]),
            (self.referent, [self.dossier_north.number]),
            (self.referent_south, [self.dossier_south.number]),
            (self.referent_other, []),
        ):
            rows = self._rows(self._export(user)["Participants"])
            self.assertEqual([row[0] for row in rows[1:]], numbers, user.login)
        # the answers of another territory's participants stay out of the file
        rows = self._rows(self._export(self.referent_south)["Participants"])
        self.assertNotIn("Unemployed", rows[1])

    def test_refused(self):
        for user in (self.finance, self.operator, self.outsider):
            with self.assertRaises(AccessError, msg=user.login):
                self._export(user)
            with self.assertRaises(AccessError, msg=user.login):
                self.fse_offer.with_user(user).action_export_fse_indicators()
        with self.assertRaisesRegex(AccessError, "Only referents and FSE managers export"):
            self.fse_offer.with_user(self.finance).action_export_fse_indicators()
        with self.assertRaisesRegex(AccessError, "exported for FSE operations only"):
            self.offer.with_user(self.fse).action_export_fse_indicators()
        with self.assertRaisesRegex(AccessError, "exported for FSE operations only"):
            self._export(self.admin, self.offer)

    def test_action_from_the_form(self):
        action = self.fse_offer.with_user(self.fse).action_export_fse_indicators()
        self.assertEqual((action["type"], action["report_type"], action["report_name"]),
                         ("ir.actions.report", "xlsx", REPORT))
