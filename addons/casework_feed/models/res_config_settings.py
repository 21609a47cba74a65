from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    casework_feed_retention_days = fields.Integer(
        string="Feed rejects kept (days)",
        config_parameter="casework_feed.retention_days",
        default=90,
        help="Rejected lines of the daily feed, and the feed files imported, hold people's identities: they are "
        "deleted this number of days after their import by a daily job.",
    )
