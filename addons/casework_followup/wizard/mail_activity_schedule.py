from odoo import fields, models


class MailActivitySchedule(models.TransientModel):
    """The chatter's scheduler, on a dossier, asks for a task's start date
    and reminder as the task list's form does (see ``mail_activity.py``)."""

    _inherit = "mail.activity.schedule"

    casework_start_date = fields.Date(string="Start date")
    casework_reminder_number = fields.Integer(
        string="Reminder", help="Remind the assignee this many days, weeks, months or years before the deadline."
    )
    casework_reminder_unit = fields.Selection(
        [("days", "days"), ("weeks", "weeks"), ("months", "months"), ("years", "years")],
        string="Reminder unit",
        default="days",
    )

    def _action_schedule_activities(self):
        activities = super()._action_schedule_activities()
        if self.res_model == "casework.beneficiary" and activities:
            values = {
                "casework_start_date": self.casework_start_date,
                "casework_reminder_number": self.casework_reminder_number,
                "casework_reminder_unit": self.casework_reminder_unit,
            }
            # only what was asked: Odoo's values are kept otherwise
            values = {key: value for key, value in values.items() if value}
            if values:
                activities.write(values)
        return activities
