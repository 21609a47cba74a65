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
    casework_method_label = fields.Char(
        string="Action", compute="_compute_casework_method_label",
        help="What was done, in the user's language (the log's method: read, write, export...).",
    )
    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for the log of a record the current user may not read.",
    )

    # the hourly limit of the duplicate check reads a user's recent checks
    _casework_duplicate_check_idx = models.Index("(user_id, create_date) WHERE method = 'duplicate_check'")

    @api.model
    def _casework_method_labels(self):
        """The labels of the logs' methods (auditlog's and Casework's own
        entries), in the user's language.

        :return: dict method -> label
        """
        return {
            "create": self.env._("Created"),
            "read": self.env._("Consulted"),
            "write": self.env._("Changed"),
            "unlink": self.env._("Deleted"),
            "export_data": self.env._("Exported (list)"),
            "export": self.env._("Exported"),
            "merge": self.env._("Merged"),
            "anonymise": self.env._("Anonymisation"),
            "duplicate_check": self.env._("Duplicate check"),
            "duplicate_check_withheld": self.env._("Duplicate check (withheld)"),
        }

    @api.depends("method")
    @api.depends_context("lang")
    def _compute_casework_method_label(self):
        labels = self._casework_method_labels()
        for log in self:
            log.casework_method_label = labels.get(log.method, log.method)

    @api.depends("model_model", "res_id")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        self.env["casework.document.scope"]._casework_compute_visible(self)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self.env["casework.document.scope"]._casework_document_domain("model_model", "res_id")
        return domain if (operator == "in") == (True in value) else ~domain
