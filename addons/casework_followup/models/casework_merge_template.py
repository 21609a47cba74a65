from odoo import fields, models


class CaseworkMergeTemplate(models.Model):
    """A mail-merge template (modèle de fusion), written by the
    administrators in QWeb and fed with a dossier's data (``object`` is the
    ``casework.beneficiary``), e.g. ``<t t-out="object.name"/>`` or
    ``<t t-out="object.referent_id.name"/>``. The "Générer un courrier"
    wizard renders it to a PDF filed in the dossier.
    """

    _name = "casework.merge.template"
    _description = "Mail merge template"
    _inherit = ["mail.render.mixin"]
    _order = "sequence, name"
    # only administrators write templates (access rights); everyone in a
    # dossier's scope renders them
    _unrestricted_rendering = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    body = fields.Html(
        render_engine="qweb",
        sanitize="email_outgoing",
        help="QWeb: “object” is the dossier, e.g. <t t-out=\"object.name\"/>.",
    )
    with_logo = fields.Boolean(
        string="Organisation's header", default=True, help="Print the company's header and logo on the letter."
    )
    folder_id = fields.Many2one(
        "casework.document.folder",
        string="Filed in",
        default=lambda self: self.env.ref(
            "casework_followup.casework_document_folder_letters", raise_if_not_found=False
        ),
    )
    type_id = fields.Many2one("casework.document.type", string="Document type")

    def _compute_render_model(self):
        self.render_model = "casework.beneficiary"

    def _render_body(self, beneficiaries):
        """Render the template for each dossier: ``{dossier id: html}``."""
        self.ensure_one()
        return self._render_field("body", beneficiaries.ids, engine="qweb")

