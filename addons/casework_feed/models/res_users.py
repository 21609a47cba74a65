from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # the code of the referent in the administrative system
    casework_external_code = fields.Char(
        string="Code in the administrative system",
        index=True,
        copy=False,
        help="Code of this referent in the daily feed file, when the file does not give the login.",
    )
