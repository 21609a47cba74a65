from odoo import fields, models


class CaseworkFeedReject(models.Model):
    """A line of a feed file that was not imported, with the column and the
    reason, so that it can be corrected in the administrative system."""

    _name = "casework.feed.reject"
    _description = "Rejected feed line"
    _order = "run_id desc, line_number, id"
    _rec_name = "reason"

    run_id = fields.Many2one("casework.feed.run", required=True, ondelete="cascade", index=True)
    line_number = fields.Integer(required=True)
    column = fields.Char()
    reason = fields.Char(required=True)
    raw_line = fields.Text(string="Raw line")
