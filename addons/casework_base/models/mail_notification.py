from odoo import models


class MailNotification(models.Model):
    """A notification names its recipient and the message's author: it is
    read only when neither is a person out of the user's scope (and its
    message is readable), see ``security/casework_mail_rules.xml``."""

    _name = "mail.notification"
    _inherit = ["mail.notification", "casework.partner.visible.mixin"]

    _casework_partner_fields = ("res_partner_id", "author_id")
