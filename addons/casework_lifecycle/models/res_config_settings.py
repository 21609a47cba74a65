from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    casework_dormant_months = fields.Integer(
        string="Dormant after (months)",
        config_parameter="casework_lifecycle.dormant_months",
        default=5,
        help="A dossier without any physical meeting for more than this number of months is dormant (en veille).",
    )
