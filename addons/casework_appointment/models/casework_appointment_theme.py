from odoo import fields, models


class CaseworkAppointmentTheme(models.Model):
    """Theme of an appointment (premier entretien, renouvellement CER...),
    a search criterion on the dossiers."""

    _name = "casework.appointment.theme"
    _description = "Appointment theme"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
