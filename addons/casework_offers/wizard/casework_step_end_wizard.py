from odoo import api, fields, models
from odoo.fields import Command

from odoo.addons.casework_base.tools.dates import casework_today


class CaseworkStepEndWizard(models.TransientModel):
    """End a step in progress: its end reason, its actual end, and the
    characteristics the offer asks for at the end of the step (one line per
    characteristic type of ``offer.characteristic_type_ids``), recorded as
    values of the dossier dated on the actual end.

    Who: whoever may change the step's dossier (checked on the step given,
    ``casework.dossier.wizard.mixin``); the wizard is private to its creator.
    """

    _name = "casework.step.end.wizard"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "End a step"
    _casework_dossier_fields = ("step_id",)

    step_id = fields.Many2one("casework.step", required=True, ondelete="cascade")
    end_reason_id = fields.Many2one("casework.step.end.reason", string="End reason", required=True)
    date_end = fields.Date(string="Actual end", required=True, default=lambda self: casework_today(self.env))
    line_ids = fields.One2many(
        "casework.step.end.wizard.line", "wizard_id", string="Characteristics",
        compute="_compute_line_ids", store=True, readonly=False,
    )

    @api.depends("step_id")
    def _compute_line_ids(self):
        for wizard in self:
            types = wizard.step_id.offer_id.characteristic_type_ids
            wizard.line_ids = [Command.clear()] + [Command.create({"type_id": ctype.id}) for ctype in types]

    def action_confirm(self):
        """Record the characteristics on the dossier, then end the step
        (:meth:`casework.step.action_end` rules: a step in progress, its
        actual end within the offer's and session's dates).

        :raise UserError: or ``ValidationError`` with the rule's message
        """
        self.ensure_one()
        step = self.step_id
        step.check_access("write")
        if self.line_ids:
            self.env["casework.characteristic.value"].create([
                line._characteristic_value_vals(step.beneficiary_id, self.date_end) for line in self.line_ids
            ])
        step._action_end(self.end_reason_id, self.date_end)
        return {"type": "ir.actions.act_window_close"}
