from odoo import fields, models


class CaseworkAppointmentType(models.Model):
    """Type of appointment (entretien individuel, téléphonique, atelier,
    information collective...). Only appointments of a physical type count
    as a meeting for the dossier's date of last physical meeting."""

    _name = "casework.appointment.type"
    _description = "Appointment type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_physical = fields.Boolean(
        string="Physical meeting",
        default=True,
        help="The person and the collaborator meet in person (not a phone call): a held appointment of this type "
        "updates the dossier's date of last physical meeting.",
    )
    duration = fields.Float(string="Default duration", default=1.0, help="In hours.")
