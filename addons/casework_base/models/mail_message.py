from odoo import api, fields, models
from odoo.fields import Domain


class MailMessage(models.Model):
    """A message names the record it is posted on (``record_name``, the
    subject), its author and its recipients: a message of a dossier, of a case
    record, of an appointment or of a person's partner, or one written by or
    to a person, is read only by the users who may read them
    (``casework_visible``, global rule in ``security/casework_mail_rules.xml``),
    whoever wrote or received it. ``mail.mail``, ``mail.notification`` and
    ``sms.sms`` follow their message.
    """

    _inherit = "mail.message"

    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for a message on a record, or by or to a person, the current user may not read.",
    )

    @api.depends("model", "res_id", "author_id", "partner_ids")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        self.env["casework.document.scope"]._casework_compute_visible(self)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        invisible_partner = [("casework_visible", "=", False)]
        domain = (
            self.env["casework.document.scope"]._casework_document_domain("model", "res_id", kind="thread")
            & Domain("author_id", "not any", invisible_partner)
            & Domain("partner_ids", "not any", invisible_partner)
        )
        return domain if (operator == "in") == (True in value) else ~domain
