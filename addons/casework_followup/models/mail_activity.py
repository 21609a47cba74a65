from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MailActivity(models.Model):
    """Tasks (tâches) of a dossier are Odoo activities on it.

    A task has a start date and may ask for a reminder N days, weeks, months
    or years before its deadline: the daily job notifies the assignee once.
    Done tasks are archived by Odoo (``active`` False, ``date_done`` set).
    Who may be assigned and who reads an activity: casework_base.
    """

    _inherit = "mail.activity"

    casework_beneficiary_id = fields.Many2one(
        "casework.beneficiary",
        string="Dossier",
        compute="_compute_casework_beneficiary_id",
        store=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    casework_start_date = fields.Date(string="Start date")
    casework_reminder_number = fields.Integer(
        string="Reminder", help="Remind the assignee this many days, weeks, months or years before the deadline."
    )
    casework_reminder_unit = fields.Selection(
        [("days", "days"), ("weeks", "weeks"), ("months", "months"), ("years", "years")],
        string="Reminder unit",
        default="days",
    )
    casework_reminder_date = fields.Date(
        string="Reminder date", compute="_compute_casework_reminder_date", store=True, index="btree_not_null"
    )
    casework_reminder_sent = fields.Boolean(string="Reminder sent", readonly=True, copy=False)

    @api.depends("res_model", "res_id")
    def _compute_casework_beneficiary_id(self):
        for activity in self:
            is_dossier = activity.res_model == "casework.beneficiary" and activity.res_id
            activity.casework_beneficiary_id = activity.res_id if is_dossier else False

    @api.depends("date_deadline", "casework_reminder_number", "casework_reminder_unit")
    def _compute_casework_reminder_date(self):
        for activity in self:
            if activity.casework_reminder_number > 0 and activity.date_deadline and activity.casework_reminder_unit:
                delta = relativedelta(**{activity.casework_reminder_unit: activity.casework_reminder_number})
                activity.casework_reminder_date = activity.date_deadline - delta
            else:
                activity.casework_reminder_date = False

    @api.constrains("casework_start_date", "date_deadline")
    def _check_casework_start_date(self):
        for activity in self:
            start, deadline = activity.casework_start_date, activity.date_deadline
            if start and deadline and start > deadline:
                raise ValidationError(self.env._("A task cannot start after its deadline."))

    @api.constrains("casework_reminder_number")
    def _check_casework_reminder_number(self):
        if any(activity.casework_reminder_number < 0 for activity in self):
            raise ValidationError(self.env._("The reminder delay cannot be negative."))

    def write(self, vals):
        if {"date_deadline", "casework_reminder_number", "casework_reminder_unit"} & set(vals):
            vals = dict(vals, casework_reminder_sent=False)
        return super().write(vals)

    @api.model
    def _cron_casework_task_reminders(self):
        """Notify the assignees of the tasks whose reminder date has come,
        once per task (a new deadline or delay arms the reminder again)."""
        today = fields.Date.context_today(self)
        tasks = self.search([
            ("casework_beneficiary_id", "!=", False),
            ("casework_reminder_date", "<=", today),
            ("casework_reminder_sent", "=", False),
            ("user_id", "!=", False),
        ])
        tasks._casework_send_reminder()
        return tasks

    def _casework_send_reminder(self):
        """Notify each assignee of ``self`` (tasks of dossiers) once; an
        assignee who may no longer read the dossier is not notified (the
        reminder names the dossier and the task)."""
        for task in self:
            # flag first, in the same transaction: a notification is never
            # sent twice, even if the job is run again
            task.casework_reminder_sent = True
            # the job's reminder goes only to an assignee who still reads the dossier (checked below)
            dossier = task.casework_beneficiary_id.sudo()
            if not self.env["casework.document.scope"]._casework_readers(dossier, task.user_id):
                continue
            dossier.message_notify(
                partner_ids=task.user_id.partner_id.ids,
                subject=self.env._("Reminder: %(task)s", task=task.summary or task.activity_type_id.name),
                body=self.env._(
                    "Reminder: the task “%(task)s” on the dossier %(dossier)s is due on %(deadline)s.",
                    task=task.summary or task.activity_type_id.name,
                    dossier=dossier.display_name,
                    deadline=task.date_deadline.strftime("%d/%m/%Y"),
                ),
            )
