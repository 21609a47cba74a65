import io

from odoo import models
from odoo.tools.pdf import OdooPdfFileReader, OdooPdfFileWriter

from ..models.casework_contract_letter import LETTER_REPORTS

# the footer drawn on every page of a letter: wkhtmltopdf built on an
# unpatched Qt (Debian's) ignores the HTML header and footer of the layouts
FOOTER_FONT = ("Helvetica", 7.5)
FOOTER_BOTTOM = 22  # points from the bottom of the page


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _casework_letter_kind_of(self, report_ref):
        """The letter ``report_ref`` renders ("valid"...), or None for another report."""
        report_name = self._get_report(report_ref).report_name
        return {xmlid.replace("casework_contract_report_letter", "report_contract_letter"): kind
                for kind, (xmlid, _suffix) in LETTER_REPORTS.items()}.get(report_name)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        # EXTENDS base: the CER letters get "Page x / y" and their reference on every page
        collected_streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        kind = self._casework_letter_kind_of(report_ref)
        if kind is None:
            return collected_streams
        for res_id, stream_data in collected_streams.items():
            stream = stream_data.get("stream")
            if not stream:
                continue
            reference = ""
            if res_id and kind != "blank":
                contract = self.env["casework.contract"].browse(res_id)
                reference = f"CER n° {contract.number} – dossier {contract.beneficiary_id.number}"
            stream_data["stream"] = self._casework_stamp_pages(stream, self.env.company.name or "", reference)
        return collected_streams

    def _casework_stamp_pages(self, stream, left, center):
        """Draw on every page of the PDF ``stream`` a footer: ``left`` text,
        ``center`` text, and "Page x / y" on the right.

        :return: a new BytesIO stream
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
            can.line(42, FOOTER_BOTTOM + 10, width - 42, FOOTER_BOTTOM + 10)
            can.setFont(*FOOTER_FONT)
            can.setFillColor(colors.HexColor("#4a5562"))
            can.drawString(42, FOOTER_BOTTOM, left)
            can.drawCentredString(width / 2, FOOTER_BOTTOM, center)
            can.drawRightString(width - 42, FOOTER_BOTTOM, f"Page {index + 1} / {total}")
            can.showPage()
        can.save()
        stamps = OdooPdfFileReader(packet, strict=False)
        writer = OdooPdfFileWriter()
        for index in range(total):
            page = reader.pages[index]
            page.merge_page(stamps.pages[index])
            page.compress_content_streams()
            writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        stream.close()
        return output
