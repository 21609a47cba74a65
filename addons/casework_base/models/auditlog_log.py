from odoo import fields, models


class AuditlogLog(models.Model):
    """The audit trail of the dossiers: the OCA ``auditlog`` logs, plus the
    explicit entries Casework writes (read, export, merge, anonymise,
    duplicate checks telling of dossiers outside the user's scope) with a
    short description, never with the person's identity."""

    _inherit = "auditlog.log"

    casework_details = fields.Char(string="Details")

    # the hourly limit of the duplicate check reads a user's recent checks
    _casework_duplicate_check_idx = models.Index("(user_id, create_date) WHERE method = 'duplicate_check'")
