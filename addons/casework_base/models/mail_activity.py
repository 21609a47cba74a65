from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class MailActivity(models.Model):
    """Tasks (tâches) of a dossier are Odoo activities on it.

    A task has a start date and may ask for a reminder N days, weeks, months
    or years before its deadline: the daily job notifies the assignee once.
    Done tasks are archived by Odoo (``active`` False, ``date_done`` set).

    Any activity of a dossier, of a case record or of a person's partner
    (tasks, the meeting activity of an appointment, the note to read...)
    names the person (``res_name``, often its summary): only a user who may
    read that record may be its assignee, and an activity is read only by
    the users who may read its record (``casework_visible``, global rule in
    ``security/casework_mail_rules.xml``) -- Odoo lets an assignee read their
    activity whatever the record; an assignee who lost access (an exit, a
    réorientation) no longer does, nor gets its reminders.
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
    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for an activity of a record the current user may not read.",
    )

    @api.depends("res_model", "res_id")
    def _compute_casework_beneficiary_id(self):
        for activity in self:
            is_dossier = activity.res_model == "casework.beneficiary" and activity.res_id
            activity.casework_beneficiary_id = activity.res_id if is_dossier else False

    @api.depends("res_model", "res_id")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        self.env["casework.document.scope"]._casework_compute_visible(self)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        Scope = self.env["casework.document.scope"]
        domain = Scope._casework_document_domain("res_model", "res_id", kind="activity")
        return domain if (operator == "in") == (True in value) else ~domain

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
            if activity.casework_start_date and activity.date_deadline and activity.casework_start_date > activity.date_deadline:
                raise ValidationError(_("A task cannot start after its deadline."))

    @api.constrains("casework_reminder_number")
    def _check_casework_reminder_number(self):
        if any(activity.casework_reminder_number < 0 for activity in self):
            raise ValidationError(_("The reminder delay cannot be negative."))

    @api.constrains("user_id", "res_model", "res_id")
    def _check_casework_assignee(self):
        """The assignee of an activity of a dossier, a case record or a
        person's partner (tasks and meetings alike) may read that record.

        :raise ValidationError: naming the assignee
        """
        Scope = self.env["casework.document.scope"]
        models = Scope._casework_document_models("activity")
        for activity in self.filtered(lambda a: a.user_id and a.res_id and a.res_model in models):
            record = self.env[activity.res_model].browse(activity.res_id).exists()
            if not record or Scope._casework_readers(record, activity.user_id):
                continue
            if activity.res_model == "casework.beneficiary":
                raise ValidationError(
                    _("%(user)s has no access to the dossier %(dossier)s: assign the task to yourself or to a "
                      "colleague who may read the dossier.", user=activity.user_id.name, dossier=record.sudo().number)
                )
            raise ValidationError(
                _("%(user)s has no access to this record (%(model)s): assign the activity to yourself or to a "
                  "colleague who may read it.", user=activity.user_id.name, model=record._description)
            )

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
            dossier = task.casework_beneficiary_id.sudo()
            if not self.env["casework.document.scope"]._casework_readers(dossier, task.user_id):
                continue
            dossier.message_notify(
                partner_ids=task.user_id.partner_id.ids,
                subject=_("Reminder: %(task)s", task=task.summary or task.activity_type_id.name),
                body=_(
                    "Reminder: the task “%(task)s” on the dossier %(dossier)s is due on %(deadline)s.",
                    task=task.summary or task.activity_type_id.name,
                    dossier=dossier.display_name,
                    deadline=task.date_deadline.strftime("%d/%m/%Y"),
                ),
            )
