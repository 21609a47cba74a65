import re
from datetime import date, datetime

from odoo import fields, models


class ReportCaseworkReportRunXlsx(models.AbstractModel):
    """The XLSX of a standard report: a sheet of the parameters (report,
    date, user, filters) and a sheet of the rows with the columns of the
    report's list view, read as the user (``casework.report.run``)."""

    _name = "report.casework_reports.report_run_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Standard report (XLSX)"

    def get_workbook_options(self):
        # rows are written in order, one at a time: the workbook does not keep them all in memory
        return {"constant_memory": True}

    def generate_xlsx_report(self, workbook, data, runs):
        """Write each run (``casework.report.run``) of ``runs``: its rows sheet,
        then its parameters sheet.

        :param workbook: an ``xlsxwriter.Workbook``
        :param data: unused (the parameters are the run's fields)
        """
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        datetime_format = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        for run in runs:
            run.check_access("read")
            columns = run._report_columns()
            sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", run.report_id.name)[:28])
            for col, (_name, label) in enumerate(columns):
                sheet.write(0, col, label, bold)
                sheet.set_column(col, col, max(12, min(40, len(label) + 2)))
            count = 0
            for count, row in enumerate(run._report_rows(columns), start=1):
                for col, value in enumerate(row):
                    if isinstance(value, datetime):
                        sheet.write_datetime(count, col, value, datetime_format)
                    elif isinstance(value, date):
                        sheet.write_datetime(count, col, datetime.combine(value, datetime.min.time()), date_format)
                    else:
                        sheet.write(count, col, value)
            if columns:
                sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
            sheet.freeze_panes(1, 0)
            params = workbook.add_worksheet(self.env._("Parameters")[:28])
            header = [
                (self.env._("Report"), run.report_id.name),
                (self.env._("Printed on"), fields.Datetime.context_timestamp(run, fields.Datetime.now())
                 .strftime("%d/%m/%Y %H:%M")),
                (self.env._("Printed by"), self.env.user.name),
                (self.env._("Rows"), count),
                *run._report_parameters(),
            ]
            params.set_column(0, 0, 30)
            params.set_column(1, 1, 40)
            for line, (label, value) in enumerate(header):
                params.write(line, 0, label, bold)
                if isinstance(value, date):
                    params.write_datetime(line, 1, datetime.combine(value, datetime.min.time()), date_format)
                else:
                    params.write(line, 1, value)
