from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # calendars shared between colleagues
    casework_calendar_share_ids = fields.Many2many(
        "res.users",
        "casework_calendar_share_rel",
        "owner_id",
        "user_id",
        string="Calendar shared with",
        help="Colleagues who may book appointments in this user's calendar (besides the colleagues of the "
        "same structure, who always may).",
    )

    def _casework_shares_calendar_with(self, user):
        """Whether ``user`` may book appointments in the calendar of ``self``
        (one user): shared explicitly, or both in the same structure."""
        self.ensure_one()
        if user == self or user in self.casework_calendar_share_ids:
            return True
        return bool(self.casework_structure_id) and self.casework_structure_id == user.casework_structure_id
