from odoo import api, fields, models


class MailFollowers(models.Model):
    """A follower row points to its document: the followers of a dossier, of
    a case record, of an appointment or of a person's partner are read only
    by the users who may read that document (``casework_visible``, global
    rule in ``security/casework_mail_rules.xml``); the person as a follower
    is hidden by the rule on the follower's partner
    (``security/casework_rules.xml``).
    """

    _name = "mail.followers"
    _inherit = ["mail.followers", "casework.partner.visible.mixin"]

    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for a follower of a record the current user may not read.",
    )

    @api.depends("res_model", "res_id")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        self.env["casework.document.scope"]._casework_compute_visible(self)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self.env["casework.document.scope"]._casework_document_domain("res_model", "res_id", kind="thread")
        return domain if (operator == "in") == (True in value) else ~domain
