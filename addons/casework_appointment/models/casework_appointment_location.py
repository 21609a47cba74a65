from odoo import api, fields, models


class CaseworkAppointmentLocation(models.Model):
    """Place where appointments are held (configured by the administrators)."""

    _name = "casework.appointment.location"
    _description = "Appointment location"
    _order = "sequence, name"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    address = fields.Char(help="Street, zip and city, as printed on convocation letters and reminders.")
    territory_id = fields.Many2one("casework.territory")

    @api.depends("name", "address")
    def _compute_display_name(self):
        for location in self:
            location.display_name = f"{location.name}, {location.address}" if location.address else location.name
