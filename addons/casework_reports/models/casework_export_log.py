from odoo import fields, models

from .casework_export import FORMATS


class CaseworkExportLog(models.Model):
    """One run of an export: who, what, when, the filters in words and the
    size of the result. Written by the system at every run (download, pivot,
    monthly e-mail); read by the Casework administrators; nobody changes
    or deletes it through the interface or RPC (no access right but read).
    """

    _name = "casework.export.log"
    _description = "Export run"
    _order = "create_date desc, id desc"
    _rec_name = "export_name"

    user_id = fields.Many2one("res.users", string="Run by", readonly=True, index=True, ondelete="restrict")
    export_id = fields.Many2one("casework.export", readonly=True, index=True, ondelete="set null")
    export_name = fields.Char(string="Title", readonly=True)
    countable = fields.Char(string="Counted", readonly=True)
    filters = fields.Text(readonly=True)
    aggregators = fields.Char(readonly=True)
    output_format = fields.Selection(FORMATS, string="Output", readonly=True)
    channel = fields.Selection(
        [("download", "Download"), ("pivot", "Pivot view"), ("email", "Monthly e-mail")], readonly=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    record_count = fields.Integer(string="Records", readonly=True, help="Records counted (pivot view).")
