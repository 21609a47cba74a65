from odoo import fields, models


class AuditlogLog(models.Model):
    """The audit trail of the dossiers: the OCA ``auditlog`` logs, plus the
    explicit entries Casework writes (read, export, merge, anonymise) with a
    short description, never with the person's identity."""

    _inherit = "auditlog.log"

    casework_details = fields.Char(string="Details")
