"""The files of the export builder: XLSX (a header sheet in words, then the
cross-tab) and CSV (the cross-tab). Written row by row (XlsxWriter's
constant memory mode): a table of 100 000 rows does not sit in memory twice.
"""

import csv
import io
import tempfile

import xlsxwriter


def render_xlsx(table, title, header_lines, masked_text, total_label, data_sheet_name, header_sheet_name,
                hidden_text):
    """:param table: ``ExportTable``
    :param header_lines: list of (label, value) for the header sheet
    :param masked_text: the mark of a figure counting too few records
    :param hidden_text: the mark of a figure hidden so that those cannot be
        recomputed
    :return: bytes of the XLSX file
    """
    output = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmpdir:
        workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "tmpdir": tmpdir})
        bold = workbook.add_format({"bold": True})
        title_format = workbook.add_format({"bold": True, "font_size": 14})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        label_format = workbook.add_format({"bold": True, "valign": "top"})
        head = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
        number = workbook.add_format({"num_format": "#,##0.##"})
        masked = workbook.add_format({"align": "right", "font_color": "#7F7F7F"})
        total = workbook.add_format({"bold": True, "num_format": "#,##0.##", "top": 1})
        total_masked = workbook.add_format({"bold": True, "align": "right", "font_color": "#7F7F7F", "top": 1})

        header = workbook.add_worksheet(header_sheet_name[:31])
        header.set_column(0, 0, 22)
        header.set_column(1, 1, 90)
        header.write(0, 0, title, title_format)
        for row, (label, value) in enumerate(header_lines, start=2):
            header.write(row, 0, label, label_format)
            header.write(row, 1, value, wrap)

        sheet = workbook.add_worksheet(data_sheet_name[:31])
        n_dims = len(table.row_headers)
        sheet.set_column(0, n_dims - 1, 28)
        sheet.set_column(n_dims, n_dims + len(table.column_labels), 14)
        row = 0
        if table.column_header:
            sheet.write(0, n_dims, table.column_header, bold)
            row = 1
        columns = [*table.row_headers, *table.column_labels] + ([total_label] if table.row_totals else [])
        for col, label in enumerate(columns):
            sheet.write(row, col, label, head)
        sheet.freeze_panes(row + 1, n_dims)
        for values in table.data_rows(masked_text, hidden_text):
            row += 1
            for col, value in enumerate(values):
                if col < n_dims:
                    sheet.write_string(row, col, value)
                elif isinstance(value, str):
                    sheet.write_string(row, col, value, masked)
                else:
                    sheet.write_number(row, col, value, number)
        totals = table.totals_row(masked_text, total_label, hidden_text) if table.has_rows else []
        for col, value in enumerate(totals):
            row += 1 if col == 0 else 0
            if col < n_dims:
                sheet.write_string(row, col, value, total)
            elif isinstance(value, str):
                sheet.write_string(row, col, value, total_masked)
            else:
                sheet.write_number(row, col, value, total)
        workbook.close()
    return output.getvalue()


def render_csv(table, masked_text, total_label, hidden_text):
    """:return: bytes of the CSV file (UTF-8 with its byte order mark and
    semicolons, as a spreadsheet opens it in France): the header row, the
    rows, the totals row; masked figures as in :func:`render_xlsx`"""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([*table.row_headers, *table.column_labels] + ([total_label] if table.row_totals else []))

    def cell(value):
        if isinstance(value, float):
            return f"{value:.2f}".replace(".", ",")
        return value

    for values in table.data_rows(masked_text, hidden_text):
        writer.writerow([cell(value) for value in values])
    if table.has_rows:
        writer.writerow([cell(value) for value in table.totals_row(masked_text, total_label, hidden_text)])
    return output.getvalue().encode("utf-8-sig")
