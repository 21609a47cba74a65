from odoo import models


class CalendarFilters(models.Model):
    """A calendar filter on a partner (whose agenda a user shows) is read
    only when the partner is not a person out of the user's scope."""

    _name = "calendar.filters"
    _inherit = ["calendar.filters", "casework.partner.visible.mixin"]
