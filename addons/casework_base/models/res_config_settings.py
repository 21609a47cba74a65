from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    casework_dormant_months = fields.Integer(
        string="Dormant after (months)",
        config_parameter="casework_base.dormant_months",
        default=5,
        help="A dossier without any physical meeting for more than this number of months is dormant (en veille).",
    )
    casework_duplicate_hidden_hourly_limit = fields.Integer(
        string="Duplicate checks outside the scope (per hour)",
        config_parameter="casework_base.duplicate_hidden_hourly_limit",
        default=30,
        help="How many different sets of likely duplicates outside their scope (another territory, another "
        "counsellor's active file) a user is told of per hour; beyond it they are asked to contact their "
        "secretariat. Every such check is in the audit trail.",
    )
    casework_feed_retention_days = fields.Integer(
        string="Feed rejects kept (days)",
        config_parameter="casework_base.feed_retention_days",
        default=90,
        help="Rejected lines of the daily feed, and the feed files imported, hold people's identities: they are "
        "deleted this number of days after their import by a daily job.",
    )
    casework_appointment_invitation = fields.Boolean(
        related="company_id.casework_appointment_invitation", readonly=False,
    )
