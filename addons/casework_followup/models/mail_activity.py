from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class MailActivity(models.Model):
    """Tasks (tâches) of a dossier are Odoo activities on it.

    A task has a start date and may ask for a reminder N days, weeks, months
    or years before its deadline: the daily job notifies the assignee once.
    Done tasks are archived by Odoo (``active`` False, ``date_done`` set).
    A task is created from its dossier (the chatter's scheduler, which asks
    for the start and the reminder too) or from the task list, naming its
    dossier (``casework_beneficiary_id``, which sets the activity's document);
    it stays on that dossier. Who may be assigned and who reads an activity:
    casework_base.
    """

    _inherit = "mail.activity"

    casework_beneficiary_id = fields.Many2one(
        "casework.beneficiary",
        string="Dossier",
        compute="_compute_casework_beneficiary_id",
        store=True,
        readonly=False,
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
            if not activity.res_model and not activity.res_id:
                continue  # a task being created from the task list: the dossier chosen (see create)
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

    @api.onchange("casework_beneficiary_id")
    def _onchange_casework_beneficiary_id(self):
        """A task created from the task list (its document, the dossier
        chosen, is set when it is saved): a task unless another type of
        dossiers' activities was chosen."""
        if self.casework_beneficiary_id and self.activity_type_id.res_model != "casework.beneficiary":
            self.activity_type_id = self.env.ref("casework_followup.mail_activity_type_task", raise_if_not_found=False)

    @api.model_create_multi
    def create(self, vals_list):
        """The dossier given (the task list's form) is the activity's
        document.

        :raise AccessError: a dossier the user may not read
        :raise UserError: a dossier given with another document
        """
        model_id = self.env["ir.model"]._get_id("casework.beneficiary")
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            dossier_id = vals.pop("casework_beneficiary_id", False)
            if not dossier_id:
                continue
            if not self.env.su:
                # a dossier the user may not read is refused as such (not as a wrong assignee)
                self._casework_check_links([{"casework_beneficiary_id": dossier_id}])
            if vals.get("res_id") and (vals.get("res_id"), vals.get("res_model_id")) != (dossier_id, model_id):
                raise UserError(self.env._("A task is on one dossier: its dossier and its document must be the same."))
            vals.update(res_model_id=model_id, res_id=dossier_id)
        return super().create(vals_list)

    def write(self, vals):
        if "casework_beneficiary_id" in vals:
            vals = dict(vals)
            dossier_id = vals.pop("casework_beneficiary_id") or False
            if any(activity.casework_beneficiary_id.id != dossier_id for activity in self):
                raise UserError(self.env._(
                    "A task stays on the dossier it was created for: mark it done or delete it, and create one on "
                    "the other dossier."
                ))
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
