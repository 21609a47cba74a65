from odoo import fields, models


class CaseworkBookingTopic(models.Model):
    """A help topic of the public booking of a digital mediator ("SOS
    numérique"): online procedures, CAF, France Travail, health, equipment...

    Configured by the Casework administrators; offered on the public page of
    the structures it names (every structure offering public booking when it
    names none), and used to sort the orientation kit.
    """

    _name = "casework.booking.topic"
    _description = "Help topic (SOS numérique)"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    structure_ids = fields.Many2many(
        "casework.structure", "casework_booking_topic_structure_rel", "topic_id", "structure_id",
        string="Structures",
        help="The structures whose public page offers this topic; none: every structure.",
    )
