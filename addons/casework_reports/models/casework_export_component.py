from odoo import api, fields, models
from odoo.fields import Domain

from .casework_export_registry import SelectionFilter


class CaseworkExportComponent(models.Model):
    """The catalogue of the export builder: one row per filter and per
    aggregator registered on a counted model, and per value of a selection
    filter (a state, an outcome...), so that an export's lines pick them
    from a list narrowed to what the export counts.

    Kept by :meth:`_casework_sync` from the registry (the counted models'
    ``_casework_export_filters()`` / ``_casework_export_aggregators()``),
    at the installation and update of this module: a module registering
    filters of its own calls it in its data. Read by every role that builds
    exports, written by the system only.
    """

    _name = "casework.export.component"
    _description = "Export builder component"
    _order = "countable, kind, sequence, id"

    kind = fields.Selection(
        [("filter", "Filter"), ("aggregator", "Aggregator"), ("choice", "Value")], required=True, readonly=True,
    )
    countable = fields.Char(required=True, readonly=True, index=True, help="Key of the counted thing.")
    key = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    value_field = fields.Char(readonly=True, help="The field of a filter line holding the filter's values.")
    parent_id = fields.Many2one("casework.export.component", string="Filter", ondelete="cascade", readonly=True)
    active = fields.Boolean(default=True, readonly=True)

    _key_uniq = models.UniqueIndex("(countable, kind, key, COALESCE(parent_id, 0))")

    @api.model
    def _casework_sync(self):
        """Bring the catalogue in line with the registry: create the new
        filters, aggregators and values, rename them in every installed
        language, archive those no longer registered.

        :return: True
        """
        Export = self.env["casework.export"]
        self = self.sudo().with_context(active_test=False)  # system data, nothing of a dossier
        existing = {(c.countable, c.kind, c.key, c.parent_id.id): c for c in self.search([("kind", "!=", False)])}
        langs = [code for code, _name in self.env["res.lang"].get_installed() if code != "en_US"]
        kept = self.browse()

        def upsert(countable, kind, item_key, label, sequence, value_field=None, parent=None):
            vals = {"countable": countable, "kind": kind, "key": item_key, "sequence": sequence,
                    "value_field": value_field, "parent_id": parent.id if parent else False, "active": True}
            record = existing.get((countable, kind, item_key, vals["parent_id"]))
            names = {lang: self.with_context(lang=lang).env._(label) if not isinstance(label, str) else label
                     for lang in langs}
            source = str(label) if isinstance(label, str) else label._source
            if record:
                record.with_context(lang="en_US").write(dict(vals, name=source))
            else:
                record = self.with_context(lang="en_US").create(dict(vals, name=source))
            for lang, name in names.items():
                record.with_context(lang=lang).name = name
            return record

        for countable in Export._casework_export_countables().values():
            if countable.model not in self.env:
                continue
            model = self.env[countable.model]
            for flt in model._casework_export_filters():
                component = upsert(countable.key, "filter", flt.key, flt.label, flt.sequence, flt.value_field)
                kept |= component
                if isinstance(flt, SelectionFilter):
                    for lang in ["en_US", *langs]:
                        for index, (value, name) in enumerate(flt.selection(model.with_context(lang=lang))):
                            if lang == "en_US":
                                kept |= upsert(countable.key, "choice", value, name, index, parent=component)
                            else:
                                existing_choice = self.search([
                                    ("parent_id", "=", component.id), ("key", "=", value), ("kind", "=", "choice"),
                                ])
                                existing_choice.with_context(lang=lang).name = name
            for agg in model._casework_export_aggregators():
                kept |= upsert(countable.key, "aggregator", agg.key, agg.label, agg.sequence)
        (self.search([("id", "not in", kept.ids)])).write({"active": False})
        return True

    @api.model
    def _casework_domain(self, kind, countable):
        """:return: Domain of the active components of ``kind`` for ``countable``"""
        return Domain([("kind", "=", kind), ("countable", "=", countable)])
