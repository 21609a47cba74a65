from odoo import api, fields, models


class AuditlogLogLine(models.Model):
    """A changed field of an audit log (its old and new values) follows its
    log (``auditlog.log.casework_visible``); so does Odoo's report of the
    lines (``auditlog.log.line.view``, which inherits this model)."""

    _inherit = "auditlog.log.line"

    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for the line of a log of a record the current user may not read.",
    )

    @api.depends("log_id")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        self.env["casework.document.scope"]._casework_compute_visible(self)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = [("log_id", "any", [("casework_visible", "=", True)])]
        positive = (operator == "in") == (True in value)
        return domain if positive else [("log_id", "not any", [("casework_visible", "=", True)])]
