from odoo import fields, models


class CaseworkTerritory(models.Model):
    """A territory (DTAS): the unit of access of the secretariat and managers.

    Secretaries, managers and FSE managers read the dossiers of the
    territories they belong to (``user_ids``).
    """

    _name = "casework.territory"
    _description = "Territory"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    structure_ids = fields.One2many("casework.structure", "territory_id", string="Structures")
    user_ids = fields.Many2many(
        "res.users",
        "casework_territory_res_users_rel",
        "territory_id",
        "user_id",
        string="Staff",
    )
    beneficiary_count = fields.Integer(compute="_compute_beneficiary_count")

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a territory must be unique.")

    def _compute_beneficiary_count(self):
        groups = self.env["casework.beneficiary"]._read_group(
            [("territory_id", "in", self.ids)], ["territory_id"], ["__count"]
        )
        counts = {territory.id: count for territory, count in groups}
        for territory in self:
            territory.beneficiary_count = counts.get(territory.id, 0)
