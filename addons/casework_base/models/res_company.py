from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    casework_appointment_invitation = fields.Boolean(
        string="E-mail invitations of appointments",
        help="E-mail Odoo's calendar invitations (and changes of date, e-mail alarms, cancellations) of the "
        "appointments with a dossier to their attendees: the person and the colleagues who may read the dossier. "
        "Off by default: the convocation letter and the SMS reminder are the channels.",
    )
