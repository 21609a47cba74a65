from odoo import api, models
from odoo.exceptions import UserError, ValidationError


class CaseworkExportLine(models.AbstractModel):
    """What the filter and aggregator lines of a saved export share: a line
    belongs to the export it was created in, for good, and holds only a
    component of that export's kind (``_casework_component_kind``) and of
    what it counts.

    The write rules of the lines are checked on the line as it is before
    the write: moving a line into another export (``export_id``) would
    change an export its author may not even read. It is refused to
    everyone but the superuser; a line is removed and another created
    instead.
    """

    _name = "casework.export.line"
    _description = "Line of a saved export"

    # "filter" or "aggregator": the kind of component the line holds
    _casework_component_kind = None

    def write(self, vals):
        if "export_id" in vals and not self.env.su and any(line.export_id.id != vals["export_id"] for line in self):
            raise UserError(self.env._(
                "A filter or an aggregator cannot be moved to another export: remove it, and add it to the other "
                "export.",
            ))
        return super().write(vals)

    @api.constrains("export_id", "component_id")
    def _check_component(self):
        """The component is of the line's kind and of what its export counts.

        :raise ValidationError: a component of another countable or kind
        """
        for line in self:
            component, export = line.component_id, line.export_id
            if component.kind != self._casework_component_kind or component.countable != export.countable:
                raise ValidationError(self.env._(
                    "%(component)s does not apply to %(countable)s: remove it or choose it again.",
                    component=component.name, countable=export._casework_countable_label(),
                ))
