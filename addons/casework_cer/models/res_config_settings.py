from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    casework_cer_renewal_notice_days = fields.Integer(
        string="CER renewal notice (days)", config_parameter="casework_cer.renewal_notice_days", default=30,
        help="How many days before a validated contract ends its référent gets a to-do to renew it.",
    )
