from odoo import api, fields, models

from .casework_export_registry import SelectionFilter


class CaseworkExportComponent(models.Model):
    """The catalogue of the export builder: one row per filter and per
    aggregator registered on a counted model, and per value of a selection
    filter (a state, an outcome...), so that an export's lines pick them
    from a list narrowed to what the export counts.

    Kept by :meth:`_casework_sync` from the registry (the counted models'
    ``_casework_export_filters()`` / ``_casework_export_aggregators()``),
    at the installation and update of this module: a module registering
    filters of its own calls it in its data. The name is the registry's
    label in the reader's language (never stored: a language installed later
    is there at once). Read by every role that builds exports, written by
    the system only.
    """

    _name = "casework.export.component"
    _description = "Export builder component"
    _order = "countable, kind, sequence, id"

    kind = fields.Selection(
        [("filter", "Filter"), ("aggregator", "Aggregator"), ("choice", "Value")], required=True, readonly=True,
    )
    countable = fields.Char(required=True, readonly=True, index=True, help="Key of the counted thing.")
    key = fields.Char(required=True, readonly=True)
    name = fields.Char(compute="_compute_name", search="_search_name")
    source_name = fields.Char(string="Label (English)", readonly=True)
    sequence = fields.Integer(readonly=True)
    value_field = fields.Char(readonly=True, help="The field of a filter line holding the filter's values.")
    parent_id = fields.Many2one("casework.export.component", string="Filter", ondelete="cascade", readonly=True)
    active = fields.Boolean(default=True, readonly=True)

    _key_uniq = models.UniqueIndex("(countable, kind, key, COALESCE(parent_id, 0))")

    @api.depends_context("lang")
    @api.depends("countable", "kind", "key", "parent_id")
    def _compute_name(self):
        labels = self._casework_labels()
        for component in self:
            component.name = labels.get(component._casework_label_key(), component.source_name)

    def _search_name(self, operator, value):
        if operator not in ("ilike", "=", "in", "not ilike"):
            return NotImplemented
        # a few hundred rows at most: matched on the labels in the reader's language
        components = self.with_context(active_test=False).search([("kind", "!=", False)])
        values = value if operator == "in" else [value]
        matched = components.filtered(lambda c: any(
            (str(v).lower() in (c.name or "").lower()) if "ilike" in operator else c.name == v for v in values
        ))
        if operator == "not ilike":
            return [("id", "not in", matched.ids)]
        return [("id", "in", matched.ids)]

    def _casework_label_key(self):
        return self.countable, self.kind, self.key, self.parent_id.key

    @api.model
    def _casework_items(self):
        """The registry, flattened.

        :return: list of dicts (countable, kind, key, label — a lazy term or
            a str in the env's language —, sequence, value_field, parent_key)
        """
        items = []
        for countable in self.env["casework.export"]._casework_export_countables().values():
            model = self.env[countable.model]
            for flt in model._casework_export_filters():
                items.append({"countable": countable.key, "kind": "filter", "key": flt.key, "label": flt.label,
                              "sequence": flt.sequence, "value_field": flt.value_field, "parent_key": None})
                if isinstance(flt, SelectionFilter):
                    for index, (value, name) in enumerate(flt.selection(model)):
                        items.append({"countable": countable.key, "kind": "choice", "key": value, "label": name,
                                      "sequence": index, "value_field": None, "parent_key": flt.key})
            for agg in model._casework_export_aggregators():
                items.append({"countable": countable.key, "kind": "aggregator", "key": agg.key, "label": agg.label,
                              "sequence": agg.sequence, "value_field": None, "parent_key": None})
        return items

    @api.model
    def _casework_labels(self):
        """:return: {(countable, kind, key, parent key): label in the env's language}"""
        labels = {}
        for item in self._casework_items():
            term = item["label"]
            labels[item["countable"], item["kind"], item["key"], item["parent_key"]] = (
                term if isinstance(term, str) else self.env._(term)
            )
        return labels

    @api.model
    def _casework_sync(self):
        """Bring the catalogue in line with the registry: create the new
        filters, aggregators and values, archive those no longer registered.

        :return: True
        """
        # sudo: system data (the registry's catalogue), nothing of a dossier
        self = self.sudo().with_context(active_test=False, lang="en_US")
        existing = {
            (c.countable, c.kind, c.key, c.parent_id.key or None): c for c in self.search([("kind", "!=", False)])
        }
        kept = self.browse()
        parents = {}
        for item in self._casework_items():
            parent = parents.get((item["countable"], item["parent_key"])) if item["parent_key"] else self.browse()
            key = (item["countable"], item["kind"], item["key"], item["parent_key"])
            vals = {"countable": item["countable"], "kind": item["kind"], "key": item["key"],
                    "source_name": str(item["label"]) if isinstance(item["label"], str) else item["label"]._source,
                    "sequence": item["sequence"], "value_field": item["value_field"], "parent_id": parent.id,
                    "active": True}
            component = existing.get(key)
            if component:
                component.write(vals)
            else:
                component = self.create(vals)
            if item["kind"] == "filter":
                parents[item["countable"], item["key"]] = component
            kept |= component
        self.search([("id", "not in", kept.ids)]).write({"active": False})
        return True
