from odoo import models


class SmsSms(models.Model):
    """An SMS names its recipient (partner and number): it is read only
    when the recipient is not a person out of the user's scope (and its
    message is readable), see ``security/casework_mail_rules.xml``."""

    _name = "sms.sms"
    _inherit = ["sms.sms", "casework.partner.visible.mixin"]
