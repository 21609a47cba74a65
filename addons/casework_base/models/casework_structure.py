from odoo import fields, models


class CaseworkStructure(models.Model):
    """An organisation whose staff follow beneficiaries: a DTAS insertion
    team, or an external provider (prestataire) acting as referent."""

    _name = "casework.structure"
    _description = "Structure"
    _order = "name"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [("internal", "Internal team"), ("provider", "External provider")],
        required=True,
        default="internal",
    )
    territory_id = fields.Many2one("casework.territory", required=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Address", help="Contact details of the structure.")
    user_ids = fields.One2many("res.users", "casework_structure_id", string="Staff")
    active = fields.Boolean(default=True)
