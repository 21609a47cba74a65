from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkMobility(models.Model):
    """The mobility of a person at a date: driving licences, vehicle,
    how far they can travel."""

    _name = "casework.mobility"
    _description = "Mobility"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date desc, id desc"
    _rec_name = "date"
    _casework_dossier_field = "mobility_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("note",)

    date = fields.Date(required=True, default=fields.Date.context_today)
    licence_ids = fields.Many2many("casework.driving.licence", string="Driving licences")
    licence_in_progress = fields.Boolean(string="Licence in progress")
    vehicle = fields.Selection(
        [
            ("none", "None"),
            ("car", "Car"),
            ("motorbike", "Motorbike or scooter"),
            ("bicycle", "Bicycle"),
        ],
        required=True,
        default="none",
    )
    public_transport = fields.Boolean(string="Uses public transport")
    travel_radius_km = fields.Integer(string="Travel radius (km)")
    note = fields.Text()

    @api.constrains("travel_radius_km")
    def _check_travel_radius_km(self):
        for mobility in self:
            if mobility.travel_radius_km < 0:
                raise ValidationError(self.env._("The travel radius cannot be negative."))
