from odoo import api, fields, models


class AuditlogLog(models.Model):
    """The audit trail of the dossiers: the OCA ``auditlog`` logs, plus the
    explicit entries Casework writes (read, export, merge, anonymise,
    duplicate checks telling of dossiers outside the user's scope) with a
    short description, never with the person's identity.

    The logs of a dossier, a case record or a person's partner (their old
    and new values are identities) are read only by the users who may read
    that record (``casework_visible``, global rule in
    ``security/casework_audit_rules.xml``): a system administrator without
    a Casework role reads none, a Casework administrator all. The entries
    of no record (a duplicate check) stay with the Casework administrators.
    """

    _inherit = "auditlog.log"

    casework_details = fields.Char(string="Details")
    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for the log of a record the current user may not read.",
    )

    # the hourly limit of the duplicate check reads a user's recent checks
    _casework_duplicate_check_idx = models.Index("(user_id, create_date) WHERE method = 'duplicate_check'")

    @api.depends("model_model", "res_id")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        self.env["casework.document.scope"]._casework_compute_visible(self)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self.env["casework.document.scope"]._casework_document_domain("model_model", "res_id")
        return domain if (operator == "in") == (True in value) else ~domain
