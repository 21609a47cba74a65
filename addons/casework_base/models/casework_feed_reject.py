from odoo import fields, models


class CaseworkFeedReject(models.Model):
    """A line of a feed file that was not imported, with the column and the
    reason, so that it can be corrected in the administrative system; or a
    warning on a line imported (``severity``), e.g. a justified identity
    the file describes otherwise.

    The raw line holds a person's identity: rejects are deleted after the
    feed's retention period, and with the person's dossier when it is
    anonymised."""

    _name = "casework.feed.reject"
    _description = "Rejected feed line"
    _order = "run_id desc, line_number, id"
    _rec_name = "reason"

    run_id = fields.Many2one("casework.feed.run", required=True, ondelete="cascade", index=True)
    line_number = fields.Integer(required=True)
    column = fields.Char()
    reason = fields.Char(required=True)
    severity = fields.Selection(
        [("reject", "Rejected"), ("warning", "Warning")], required=True, default="reject",
        help="Rejected: the line was not imported. Warning: the line was imported, something is to be checked.",
    )
    raw_line = fields.Text(string="Raw line")
