from odoo import api, models


class Base(models.AbstractModel):
    """Every model may be counted by the export builder: it lists its
    filters and aggregators here (none by default); a module adds its own by
    extending these methods on the model it counts."""

    _inherit = "base"

    @api.model
    def _casework_export_filters(self):
        """:return: list of ``casework_export_registry.ExportFilter``"""
        return []

    @api.model
    def _casework_export_aggregators(self):
        """:return: list of ``casework_export_registry.ExportAggregator``"""
        return []

    @api.model
    def _casework_export_domain(self, domain, fnames):
        """The domain of the counted records, narrowed by the counted model
        when the export reads some of its fields (``fnames``: the first
        field of each filter's and aggregator's path) that a reader may not
        see on every record (the details of a private appointment).

        :return: ``Domain``
        """
        return domain
