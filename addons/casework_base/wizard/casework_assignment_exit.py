from odoo import fields, models


class CaseworkAssignmentExit(models.TransientModel):
    """Exit one or several dossiers from the active file: sets the end date
    of the selected assignments (default: last day of the current month)."""

    _name = "casework.assignment.exit"
    _description = "Exit of the active file"

    assignment_ids = fields.Many2many("casework.referent.assignment", string="Assignments", required=True)
    date_end = fields.Date(
        string="Exit date",
        required=True,
        default=lambda self: self.env["casework.referent.assignment"]._default_exit_date(),
        help="Last day of access to the dossier. By convention, the last day of the month.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.assignment_ids.action_exit(self.date_end)
        return {"type": "ir.actions.act_window_close"}
