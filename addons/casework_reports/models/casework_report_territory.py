from odoo import fields, models


class CaseworkTerritory(models.Model):
    """The département of a territory: a dossier whose address lies in
    another département has moved out (report "Mutations")."""

    _inherit = "casework.territory"

    department_id = fields.Many2one(
        "res.country.department",
        string="Département",
        help="The département the territory belongs to (OCA French départements). A dossier of the territory "
        "whose address is in another département is listed by the report Mutations.",
    )
