from odoo import api, fields, models


class CaseworkCharacteristicOption(models.Model):
    """One allowed value of a characteristic of type selection."""

    _name = "casework.characteristic.option"
    _description = "Characteristic option"
    _order = "type_id, sequence, id"

    type_id = fields.Many2one("casework.characteristic.type", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint(
        "UNIQUE(type_id, code)", "The code of an option must be unique within its characteristic."
    )

    @api.depends("name", "type_id.name")
    @api.depends_context("casework_option_full_name")
    def _compute_display_name(self):
        # the search panel and filters show "Etat du droit : Droit clos"
        full = self.env.context.get("casework_option_full_name")
        for option in self:
            option.display_name = f"{option.type_id.name} : {option.name}" if full else option.name
