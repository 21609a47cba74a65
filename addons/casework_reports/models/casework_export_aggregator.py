from odoo import fields, models


class CaseworkExportAggregator(models.Model):
    """An aggregator of a saved export, in order: the first ones make the
    rows of the cross-tab, the last one its columns (when there are
    several). ``date_at`` is the day an age band is computed at (default:
    the day the export runs).

    Read by whoever reads the export, changed by whoever may change it;
    never moved to another export (``casework.export.line``).
    """

    _name = "casework.export.aggregator"
    _inherit = ["casework.export.line"]
    _description = "Aggregator of a saved export"
    _order = "sequence, id"
    _casework_component_kind = "aggregator"

    export_id = fields.Many2one("casework.export", required=True, ondelete="cascade", index=True)
    countable = fields.Selection(related="export_id.countable")
    sequence = fields.Integer(default=10)
    component_id = fields.Many2one(
        "casework.export.component", string="Aggregator", required=True, ondelete="restrict",
        domain="[('kind', '=', 'aggregator'), ('countable', '=', parent.countable)]",
    )
    component_key = fields.Char(related="component_id.key")
    date_at = fields.Date(string="Age at", help="For an age band: the day the age is computed at (default: today).")
