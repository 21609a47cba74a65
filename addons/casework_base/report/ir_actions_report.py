import io
from collections import OrderedDict

from odoo import fields, models
from odoo.tools.pdf import OdooPdfFileReader, OdooPdfFileWriter

from ..tools import letters, phone

# the footer drawn on every page of a letter: wkhtmltopdf built on an
# unpatched Qt (Debian's) ignores the HTML header and footer of Odoo's layouts
FOOTER_FONT = ("Helvetica", 7.5)
FOOTER_BOTTOM = 22  # points from the bottom of the page
FOOTER_MARGIN = 42  # points from the left and right edges


class _StampedStream(io.BytesIO):
    """A letter's PDF whose pages carry their footer already."""


class IrActionsReport(models.Model):
    """Casework's letters (convocations, CER letters, CV): reports flagged
    ``casework_letter`` are printed with the kernel's letter layout
    (``casework_base.letter_layout``: letterhead in the body of the first
    page, a system font) and, once rendered, get on every page a footer and
    "Page x / y", each record's letter numbered on its own. Their templates
    also get the helpers of :mod:`casework_base.tools.letters` and the
    French writing of phones."""

    _inherit = "ir.actions.report"

    casework_letter = fields.Boolean(
        string="Casework letter",
        help="Printed with Casework's letter layout: each record's PDF gets a footer and “Page x / y” on every page.",
    )

    def _get_rendering_context(self, report, docids, data):
        # EXTENDS base: the letters' helpers (French dates and phones, civility)
        values = super()._get_rendering_context(report, docids, data)
        if report.casework_letter:
            values.update(
                casework_date=letters.french_date,
                casework_phone=phone.to_national,
                casework_title=letters.civility_title,
                casework_agreed=letters.agreed,
            )
        return values

    def _prepare_html(self, html, report_model=False):
        # EXTENDS base: a letter has no HTML header nor footer (its footer is
        # drawn after rendering): wkhtmltopdf is not given the empty ones,
        # which an unpatched Qt refuses with a warning
        bodies, res_ids, header, footer, paperformat_args = super()._prepare_html(html, report_model=report_model)
        if self.casework_letter:
            header = footer = None
        return bodies, res_ids, header, footer, paperformat_args

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        # EXTENDS base: a letter per record, its pages stamped with the footer
        report = self._get_report(report_ref)
        if not report.casework_letter:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        unique_ids = list(OrderedDict.fromkeys(res_ids or []))
        if len(unique_ids) > 1:
            # one rendering per record: each letter numbered "Page 1 / n" on its own
            collected_streams = OrderedDict()
            for res_id in unique_ids:
                single = self._render_qweb_pdf_prepare_streams(report_ref, dict(data or {}), res_ids=[res_id])
                collected_streams[res_id] = single[res_id]
            return collected_streams
        collected_streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        for res_id, stream_data in collected_streams.items():
            stream = stream_data.get("stream")
            if not stream or isinstance(stream, _StampedStream):
                continue
            record = self.env[report.model].browse(res_id) if res_id else self.env[report.model]
            left, center = self._casework_letter_footer(report, record)
            stream_data["stream"] = self._casework_stamp_pages(stream, left, center)
        return collected_streams

    def _casework_letter_footer(self, report, record):
        """The texts of the footer of ``record``'s letter printed by
        ``report``: ``(left, center)``. The company's name and nothing by
        default; a model changes them with a method
        ``_casework_letter_footer(report)`` returning the same pair."""
        if record and hasattr(record, "_casework_letter_footer"):
            return record._casework_letter_footer(report)
        return self.env.company.name or "", ""

    def _casework_stamp_pages(self, stream, left, center):
        """Draw on every page of the PDF ``stream`` a footer: ``left`` text,
        ``center`` text, and "Page x / y" on the right.

        :return: a new stream (a BytesIO); ``stream`` is closed
        """
        from reportlab.lib import colors  # noqa: PLC0415 (as odoo.tools.pdf does, on use)
        from reportlab.pdfgen import canvas  # noqa: PLC0415

        reader = OdooPdfFileReader(io.BytesIO(stream.getvalue()), strict=False)
        total = len(reader.pages)
        packet = io.BytesIO()
        can = canvas.Canvas(packet)
        for index in range(total):
            page = reader.pages[index]
            width = float(abs(page.mediabox.width))
            height = float(abs(page.mediabox.height))
            can.setPageSize((width, height))
            can.setStrokeColor(colors.HexColor("#9aa5b1"))
            can.setLineWidth(0.5)
            can.line(FOOTER_MARGIN, FOOTER_BOTTOM + 10, width - FOOTER_MARGIN, FOOTER_BOTTOM + 10)
            can.setFont(*FOOTER_FONT)
            can.setFillColor(colors.HexColor("#4a5562"))
            if left:
                can.drawString(FOOTER_MARGIN, FOOTER_BOTTOM, left)
            if center:
                # below the left text when both would meet in the middle
                half = can.stringWidth(center, *FOOTER_FONT) / 2
                crowded = left and FOOTER_MARGIN + can.stringWidth(left, *FOOTER_FONT) + 12 > width / 2 - half
                can.drawCentredString(width / 2, FOOTER_BOTTOM - 9 if crowded else FOOTER_BOTTOM, center)
            can.drawRightString(width - FOOTER_MARGIN, FOOTER_BOTTOM, f"Page {index + 1} / {total}")
            can.showPage()
        can.save()
        stamps = OdooPdfFileReader(packet, strict=False)
        writer = OdooPdfFileWriter()
        for index in range(total):
            page = reader.pages[index]
            page.merge_page(stamps.pages[index])
            page.compress_content_streams()
            writer.add_page(page)
        output = _StampedStream()
        writer.write(output)
        stream.close()
        return output
