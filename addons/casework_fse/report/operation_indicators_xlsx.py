from odoo import fields, models

MOMENTS = ("entry", "exit")
ID_COLUMNS = 3  # dossier number, step start, step end
MAX_WIDTH = 60


class OperationIndicatorsXlsx(models.AbstractModel):
    """The participant indicators of FSE operations as an XLSX workbook, in
    the layout an FSE officer reports from: per operation, a sheet naming
    the operation (dates, conventions, export date and user) and a sheet
    with one row per participant step (dossier number, never the name, and
    the step's entry and exit dates) and one column per question of the
    entry questionnaire, then of the exit questionnaire (the chosen
    answers; empty when not answered).

    Everything is read under the user's rights: the rows are the steps the
    user may read (the participants they follow, or those of their
    territory for an FSE manager), the answers those the dossier's scope
    lets them read. Only referents and FSE managers export; finance and
    operators are refused."""

    _name = "report.casework_fse.operation_indicators_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "FSE operation: participant indicators (XLSX)"

    def _get_objs_for_report(self, docids, data):
        # always FSE operations, whatever model the request's context names
        objs = super()._get_objs_for_report(docids, data)
        return self.env["casework.offer"].browse(objs.ids)

    def generate_xlsx_report(self, workbook, data, objs):
        """Write the indicators of the FSE operations ``objs`` (casework.offer)
        into ``workbook`` (xlsxwriter): for each operation, an "Operation"
        sheet and a "Participants" sheet (numbered when several operations
        are exported).

        :raise AccessError: when the user is neither a referent nor an FSE
            manager, may not read one of the offers, or one is not an FSE
            operation (see ``casework.offer._check_fse_export``)
        """
        objs._check_fse_export()
        formats = {
            "bold": workbook.add_format({"bold": True}),
            "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9E1F2"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        }
        for index, offer in enumerate(objs, start=1):
            suffix = f" {index}" if len(objs) > 1 else ""
            self._write_operation_sheet(workbook.add_worksheet(self.env._("Operation") + suffix), offer, formats)
            self._write_participants_sheet(
                workbook.add_worksheet(self.env._("Participants") + suffix), offer, formats,
            )

    def _write_operation_sheet(self, sheet, offer, formats):
        """The header sheet: the operation, its dates and conventions, when
        and by whom the export was made."""
        conventions = offer.convention_ids
        rows = [
            (self.env._("Operation"), offer.name),
            (self.env._("Start date"), offer.date_start),
            (self.env._("End date"), offer.date_end),
            (self.env._("Conventions"), ", ".join(
                f"{convention.reference} – {convention.name}" if convention.reference else convention.name
                for convention in conventions
            )),
            (self.env._("Export date"), fields.Date.context_today(self)),
            (self.env._("Exported by"), self.env.user.name),
        ]
        for row, (label, value) in enumerate(rows):
            sheet.write(row, 0, label, formats["bold"])
            if hasattr(value, "year"):
                sheet.write_datetime(row, 1, value, formats["date"])
            else:
                sheet.write(row, 1, value or "")
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 60)

    def _write_participants_sheet(self, sheet, offer, formats):
        """One row per participant step the user may read, one column per
        question of the entry then exit questionnaires."""
        questions = {
            moment: offer[f"fse_{moment}_survey_id"].question_ids.filtered(lambda question: not question.is_page)
            for moment in MOMENTS
        }
        headers = [self.env._("Dossier number"), self.env._("Step start"), self.env._("Step end")]
        labels = {"entry": self.env._("Entry"), "exit": self.env._("Exit")}
        for moment in MOMENTS:
            headers += [f"{labels[moment]} – {question.title}" for question in questions[moment]]
        widths = [len(header) for header in headers]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, formats["header"])
        sheet.freeze_panes(1, 1)

        # under the user's rights: the steps they may read, the answers of their scope
        steps = self.env["casework.step"].search(
            [("offer_id", "=", offer.id), ("state", "!=", "cancelled")], order="date_start, id",
        )
        answers = self.env["survey.user_input"].search(
            [("casework_step_id", "in", steps.ids), ("casework_moment", "in", MOMENTS)], order="create_date, id",
        )
        # the latest answer of each step and moment
        latest = {(answer.casework_step_id.id, answer.casework_moment): answer for answer in answers}
        for row, step in enumerate(steps, start=1):
            sheet.write(row, 0, step.beneficiary_id.number or "")
            widths[0] = max(widths[0], len(step.beneficiary_id.number or ""))
            for col, day in ((1, step.date_start), (2, step.date_end)):
                if day:
                    sheet.write_datetime(row, col, day, formats["date"])
            col = ID_COLUMNS
            for moment in MOMENTS:
                values = self._answer_values(latest.get((step.id, moment)))
                for question in questions[moment]:
                    value = values.get(question.id, "")
                    if value:
                        sheet.write(row, col, value, formats["wrap"])
                        widths[col] = max(widths[col], min(len(value), MAX_WIDTH))
                    col += 1
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width, 12), MAX_WIDTH) + 2)

    def _answer_values(self, answer):
        """The answers of a questionnaire, by question.

        :param answer: a survey.user_input (or nothing)
        :return: {question id: the chosen answer(s) as text, joined by "; "}
        """
        values = {}
        for line in answer.user_input_line_ids if answer else ():
            if line.skipped:
                continue
            if line.answer_type == "suggestion":
                text = line.suggested_answer_id.value or ""
                if line.matrix_row_id:
                    text = f"{line.matrix_row_id.value}: {text}"
            else:
                text = line.display_name or ""
            if text:
                values.setdefault(line.question_id.id, []).append(str(text))
        return {question: "; ".join(texts) for question, texts in values.items()}
