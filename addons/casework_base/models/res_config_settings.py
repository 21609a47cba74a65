from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    casework_appointment_invitation = fields.Boolean(
        related="company_id.casework_appointment_invitation", readonly=False,
    )
