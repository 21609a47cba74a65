from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MailActivity(models.Model):
    """Any activity of a dossier, of a case record or of a person's partner
    (tasks, the meeting activity of an appointment, the note to read...)
    names the person (``res_name``, often its summary): only a user who may
    read that record may be its assignee, and an activity is read only by
    the users who may read its record (``casework_visible``, global rule in
    ``security/casework_mail_rules.xml``) -- Odoo lets an assignee read their
    activity whatever the record; an assignee who lost access (an exit, a
    réorientation) no longer does, nor gets its reminders.
    """

    _inherit = "mail.activity"

    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for an activity of a record the current user may not read.",
    )

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

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs):
        """Pages of activities cut after the access check, not before.

        Odoo's ``mail.activity._search`` runs the SQL query with its offset
        and limit, then drops the rows whose document the user may not reach:
        a page of 80 activities came back with 31 and no next page, while the
        count said more. Here the first page is taken as Odoo gives it when it
        is full (nothing was dropped from it); otherwise the whole filtered
        set is computed (Odoo's own check, unchanged) and the page cut from
        it, so that counts, pages and offsets agree.

        :return: a :class:`Query` of exactly the requested page
        """
        offset = offset or 0
        paged = (limit not in (None, False)) or offset
        if not paged or self.env.is_superuser() or bypass_access:
            return super()._search(domain, offset, limit, order, bypass_access=bypass_access, **kwargs)
        if not offset:
            query = super()._search(domain, 0, limit, order, **kwargs)
            if len(query.get_result_ids()) >= limit:
                return query
        ids = super()._search(domain, 0, None, order, **kwargs).get_result_ids()
        end = offset + limit if limit not in (None, False) else None
        return self.browse(ids[offset:end])._as_query(True)

    @api.constrains("user_id", "res_model", "res_id")
    def _check_casework_assignee(self):
        """The assignee of an activity of a dossier, a case record or a
        person's partner (tasks and meetings alike) may read that record.

        :raise ValidationError: naming the assignee (and the dossier, only to
            a user who may read it)
        """
        Scope = self.env["casework.document.scope"]
        models = Scope._casework_document_models("activity")
        for activity in self.filtered(lambda a: a.user_id and a.res_id and a.res_model in models):
            record = self.env[activity.res_model].browse(activity.res_id).exists()
            if not record or Scope._casework_readers(record, activity.user_id):
                continue
            # the dossier's number only to a user who may read it (checked
            # here, so the sudo below reads nothing they may not)
            readable = record.with_env(self.env(su=False))._filtered_access("read")
            if activity.res_model == "casework.beneficiary" and readable:
                raise ValidationError(
                    self.env._("%(user)s has no access to the dossier %(dossier)s: assign the task to yourself or to a "
                      "colleague who may read the dossier.", user=activity.user_id.name, dossier=record.sudo().number)
                )
            raise ValidationError(
                self.env._("%(user)s has no access to this record (%(model)s): assign the activity to yourself or to a "
                  "colleague who may read it.", user=activity.user_id.name, model=record._description)
            )
