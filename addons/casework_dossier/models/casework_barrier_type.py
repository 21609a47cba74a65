from odoo import fields, models


class CaseworkBarrierType(models.Model):
    """A type of barrier to employment (frein périphérique), configured by
    the administrator."""

    _name = "casework.barrier.type"
    _description = "Barrier type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    category = fields.Selection(
        [
            ("mobility", "Mobility"),
            ("housing", "Housing"),
            ("health", "Health"),
            ("family", "Family"),
            ("finance", "Finance"),
            ("skills", "Skills and language"),
            ("administrative", "Administrative"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
