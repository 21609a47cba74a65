from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.casework_offers.models.casework_step import local_date


class CaseworkAttendance(models.Model):
    """Invoiced attendance is locked: the hours of a step at the sessions of
    a period invoiced by the hour (invoice not cancelled nor credited) cannot
    be added, changed nor removed; finance credits the invoice first."""

    _inherit = "casework.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances._casework_check_not_invoiced()
        return attendances

    def write(self, vals):
        watched = {"hours", "state", "session_id", "step_id"} & set(vals)
        if watched:
            self._casework_check_not_invoiced()
        result = super().write(vals)
        if watched:
            self._casework_check_not_invoiced()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self._casework_check_not_invoiced()

    def _casework_check_not_invoiced(self):
        """:raise UserError: naming the session and the invoice, when an
        attendance of ``self`` falls in a period invoiced by the hour"""
        if not self.ids:
            return
        Line = self.env["casework.invoice.line"]
        # sudo: the invoicing's lock on the steps of these attendances (the invoice's number named, nobody)
        attendances = self.sudo()
        lines = Line.sudo().search(
            Domain("step_id", "in", attendances.step_id.ids) & Domain("pricing_kind", "=", "hourly")
            & Line._active_domain()
        )
        if not lines:
            return
        for attendance in attendances:
            day = local_date(self.env, attendance.session_id.date_start)
            for line in lines:
                if line.step_id == attendance.step_id and line.date_from <= day <= line.date_to:
                    raise UserError(self.env._(
                        "The attendance at session %(session)s is invoiced to the funder (invoice %(invoice)s): "
                        "finance credits the invoice before it can change.",
                        session=attendance.session_id.display_name, invoice=line.move_id.name,
                    ))
