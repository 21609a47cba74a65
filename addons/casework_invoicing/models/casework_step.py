from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class CaseworkStep(models.Model):
    """An invoiced step keeps what its invoice was computed from: its
    convention and its actual start (the flat fees fall on it) cannot change
    while an invoice to the funder (not cancelled nor credited) covers it."""

    _inherit = "casework.step"

    def write(self, vals):
        if {"convention_id", "date_start"} & set(vals):
            start = fields.Date.to_date(vals.get("date_start"))
            self.filtered(lambda step: (
                ("convention_id" in vals and step.convention_id.id != (vals["convention_id"] or False))
                or ("date_start" in vals and step.date_start != start)
            ))._casework_check_not_invoiced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self._casework_check_not_invoiced()

    def _casework_check_not_invoiced(self):
        """:raise UserError: naming the invoice, when a step of ``self`` is
        invoiced to a funder"""
        if not self.ids:
            return
        Line = self.env["casework.invoice.line"]
        # sudo: the invoicing's lock on these steps (the invoice's number named, nobody)
        line = Line.sudo().search(Domain("step_id", "in", self.ids) & Line._active_domain(), limit=1)
        if line:
            raise UserError(self.env._(
                "This step is invoiced to the funder (invoice %(invoice)s): its convention and its start cannot "
                "change until finance credits the invoice.", invoice=line.move_id.name or line.move_id.display_name,
            ))
