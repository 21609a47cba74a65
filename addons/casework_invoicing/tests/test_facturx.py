from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged

from .common import InvoicingCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFacturX(InvoicingCommon):
    """The Factur-X (CII) XML of an invoice to a public funder carries the
    Chorus Pro references of the convention; the PDF states the convention,
    the period and the total in words."""

    def _post(self):
        move = self._invoice()
        move.with_user(self.finance).action_post()
        return move

    def test_facturx_xml_carries_chorus_references(self):
        move = self._post()
        xml, _errors = self.env["account.edi.xml.cii"]._export_invoice(move)
        tree = etree.fromstring(xml)
        ns = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
        self.assertEqual(tree.findtext(".//ram:BuyerReference", namespaces=ns), "DGAS-INSERTION")
        self.assertIn("EJ20260004512", [
            node.text for node in tree.iterfind(".//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", ns)
        ])
        self.assertEqual(tree.findtext(".//ram:GrandTotalAmount", namespaces=ns), "580.00")

    def test_facturx_embedded_when_the_invoice_is_printed(self):
        """Printing (Odoo's send & print) generates the Factur-X; in tests
        Odoo stores it as an attachment instead of embedding it in a PDF."""
        move = self._post()
        self.env["account.move.send"].with_user(self.finance)._generate_and_send_invoices(
            move, sending_methods=["manual"],
        )
        attachment = self.env["ir.attachment"].search([
            ("res_model", "=", "account.move"), ("res_id", "=", move.id), ("name", "=", "factur-x.xml"),
        ])
        self.assertTrue(attachment)
        self.assertIn(b"DGAS-INSERTION", attachment.raw)

    def test_invoice_report_states_convention_period_and_words(self):
        move = self._post()
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", move.ids)[0].decode()
        self.assertIn("CD07-2026-014", html)
        self.assertIn("cinq cent quatre-vingts euros", html)
        self.assertIn(f"Dossier {self.dossier_north.number}", html)
        self.assertNotIn(self.dossier_north.name, html)
