from odoo import fields, models


class CaseworkOrientationResource(models.Model):
    """A local resource of a structure's orientation kit ("Mon kit
    d'orientation"): where to send an inhabitant for a need (a digital
    public space, the CAF's reception, a repair café...).

    Public data, edited by the Casework administrators, listed by topic on
    the structure's public page ``/sos/<structure>/kit``.
    """

    _name = "casework.orientation.resource"
    _description = "Orientation kit resource"
    _order = "sequence, name, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    structure_id = fields.Many2one("casework.structure", required=True, ondelete="cascade", index=True)
    topic_id = fields.Many2one("casework.booking.topic", ondelete="set null")
    description = fields.Text(help="What one finds there, for whom.")
    address = fields.Text()
    opening_hours = fields.Char()
    phone = fields.Char()
    website = fields.Char()
