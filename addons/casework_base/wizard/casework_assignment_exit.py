from odoo import api, fields, models
from odoo.exceptions import AccessError


class CaseworkAssignmentExit(models.TransientModel):
    """Exit one or several dossiers from the active file: sets the end date
    of the selected assignments (default: last day of the current month).

    The assignments (only a default from the context) must be ones the user
    may write; a référent (who is not also secretariat) exits only their own
    assignments: ``AccessError`` otherwise, as soon as the wizard is given them.
    """

    _name = "casework.assignment.exit"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Exit of the active file"
    _casework_dossier_fields = ("assignment_ids",)

    assignment_ids = fields.Many2many("casework.referent.assignment", string="Assignments", required=True)
    date_end = fields.Date(
        string="Exit date",
        required=True,
        default=lambda self: self.env["casework.referent.assignment"]._default_exit_date(),
        help="Last day of access to the dossier. By convention, the last day of the month.",
    )

    @api.onchange("assignment_ids")
    def _onchange_assignment_ids_check_scope(self):
        self._casework_check_dossier_scope()

    @api.model
    def _casework_check_dossiers(self, records):
        """:raise AccessError: an assignment the user may not write, or, for a
        référent, an assignment of someone else"""
        if self.env.su or not records:
            return
        message = self.env._("You can only exit your own dossiers from your active file.")
        try:
            records.check_access("write")
        except AccessError:
            raise AccessError(message) from None
        if not self.env.user.has_group("casework_base.group_casework_secretariat") and any(
            # sudo: who the assignments belong to, once their write access is checked above
            assignment.user_id != self.env.user for assignment in records.sudo()
        ):
            raise AccessError(message)

    def action_confirm(self):
        self.ensure_one()
        self._casework_check_dossier_scope()
        self.assignment_ids.action_exit(self.date_end)
        return {"type": "ir.actions.act_window_close"}
