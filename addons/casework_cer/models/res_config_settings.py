import base64

from odoo import api, fields, models

from ..tools import pades


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    casework_cer_renewal_notice_days = fields.Integer(
        string="CER renewal notice (days)", config_parameter="casework_cer.renewal_notice_days", default=30,
        help="How many days before a validated contract ends its référent gets a to-do to renew it.",
    )
    casework_cer_sign_certificate = fields.Binary(
        related="company_id.casework_cer_sign_certificate", readonly=False, groups="base.group_system"
    )
    casework_cer_sign_certificate_name = fields.Char(
        related="company_id.casework_cer_sign_certificate_name", readonly=False, groups="base.group_system"
    )
    casework_cer_sign_password = fields.Char(
        related="company_id.casework_cer_sign_password", readonly=False, groups="base.group_system"
    )
    casework_cer_sign_certificate_info = fields.Char(
        string="Certificate", compute="_compute_casework_cer_sign_certificate_info", groups="base.group_system"
    )

    @api.depends("casework_cer_sign_certificate", "casework_cer_sign_password")
    def _compute_casework_cer_sign_certificate_info(self):
        for settings in self:
            if not settings.casework_cer_sign_certificate:
                settings.casework_cer_sign_certificate_info = self.env._("No certificate: contracts cannot be signed.")
                continue
            try:
                subject, expiry = pades.describe_certificate(
                    base64.b64decode(settings.casework_cer_sign_certificate), settings.casework_cer_sign_password
                )
            except pades.CertificateError as error:
                settings.casework_cer_sign_certificate_info = (
                    self.env._("Expired or not valid yet.") if str(error) == "expired"
                    else self.env._("Unreadable: check the file and its password.")
                )
                continue
            settings.casework_cer_sign_certificate_info = self.env._(
                "%(subject)s, valid until %(date)s", subject=subject, date=expiry.date().isoformat()
            )
