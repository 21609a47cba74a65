import base64
import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseworkMergeWizard(models.TransientModel):
    """Générer un courrier: render a mail-merge template with a dossier's
    data to a PDF and file it as a document of the dossier (folder of the
    template, "Courriers" by default).

    For whoever may write the dossier (the letter is filed in it): another
    dossier is refused with an ``AccessError`` when the wizard is given it.
    """

    _name = "casework.merge.wizard"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Generate a letter"
    _casework_dossier_fields = ("beneficiary_id",)

    beneficiary_id = fields.Many2one("casework.beneficiary", string="Dossier", required=True, ondelete="cascade")
    template_id = fields.Many2one("casework.merge.template", required=True, ondelete="cascade")
    name = fields.Char(
        string="Document name",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Unaccented letters, digits, “_” and “-” only.",
    )

    @api.depends("template_id")
    def _compute_name(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.name = wizard.template_id and f"{self._sanitize_name(wizard.template_id.name)}_{today:%Y-%m-%d}"

    @api.onchange("beneficiary_id")
    def _onchange_beneficiary_id_check_scope(self):
        self._casework_check_dossier_scope()

    @api.model
    def _sanitize_name(self, name):
        """A document name made of unaccented letters, digits, “_” and “-”."""
        ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9_-]+", "_", ascii_name).strip("_") or "Courrier"

    def _render_html(self):
        """The merged body (HTML) of the template for the dossier."""
        self.ensure_one()
        self.beneficiary_id.check_access("read")
        return self.template_id._render_body(self.beneficiary_id)[self.beneficiary_id.id]

    def _render_pdf(self):
        """The letter as PDF bytes (Odoo renders it with wkhtmltopdf)."""
        self.ensure_one()
        report = self.env.ref("casework_followup.casework_merge_report")
        content, _report_format = report._render_qweb_pdf(
            report,
            self.beneficiary_id.ids,
            data={
                "merged_html": {self.beneficiary_id.id: self._render_html()},
                "with_logo": self.template_id.with_logo,
            },
        )
        return content

    def _file_document(self, content):
        """File ``content`` (PDF bytes) as a document of the dossier."""
        self.ensure_one()
        name = self._sanitize_name(self.name)  # the client may send any name
        return self.env["casework.document"].create({
            "name": name,
            "beneficiary_id": self.beneficiary_id.id,
            "folder_id": self.template_id.folder_id.id,
            "type_id": self.template_id.type_id.id,
            "file": base64.b64encode(content),
            "file_name": f"{name}.pdf",
        })

    def action_generate(self):
        self.ensure_one()
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() == "install":
            raise UserError(
                self.env._("The PDF cannot be produced: wkhtmltopdf is not installed on the server. "
                  "Ask your administrator to install it.")
            )
        document = self._file_document(self._render_pdf())
        return {
            "type": "ir.actions.act_window",
            "res_model": "casework.document",
            "res_id": document.id,
            "view_mode": "form",
            "target": "current",
        }
