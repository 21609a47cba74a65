from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    casework_duplicate_hidden_hourly_limit = fields.Integer(
        string="Duplicate checks outside the scope (per hour)",
        config_parameter="casework_identity.duplicate_hidden_hourly_limit",
        default=30,
        help="How many different sets of likely duplicates outside their scope (another territory, another "
        "counsellor's active file) a user is told of per hour; beyond it they are asked to contact their "
        "secretariat. Every such check is in the audit trail.",
    )
