from odoo import fields, models


class CaseworkStepEndWizardLine(models.TransientModel):
    """One characteristic the offer asks for at the end of a step, and its
    value, typed as the characteristic (option, text, date, number, yes/no)."""

    _name = "casework.step.end.wizard.line"
    _description = "Characteristic recorded at the end of a step"

    wizard_id = fields.Many2one("casework.step.end.wizard", required=True, ondelete="cascade", index=True)
    type_id = fields.Many2one("casework.characteristic.type", string="Characteristic", required=True)
    value_type = fields.Selection(related="type_id.value_type")
    option_id = fields.Many2one("casework.characteristic.option", domain="[('type_id', '=', type_id)]")
    value_char = fields.Char(string="Text")
    value_date = fields.Date(string="Date value")
    value_float = fields.Float(string="Number")
    value_boolean = fields.Boolean(string="Yes / No")

    def _characteristic_value_vals(self, dossier, day):
        """Values of the ``casework.characteristic.value`` this line records
        on ``dossier``, dated ``day`` (only the field of its type: the value
        model checks it is given)."""
        self.ensure_one()
        vals = {"beneficiary_id": dossier.id, "type_id": self.type_id.id, "date": day}
        field = {
            "selection": "option_id", "char": "value_char", "date": "value_date", "float": "value_float",
            "boolean": "value_boolean",
        }[self.value_type]
        value = self[field]
        vals[field] = value.id if field == "option_id" else value
        return vals
