from odoo import api, fields, models
from odoo.fields import Domain


class CalendarEvent(models.Model):
    """What Odoo's calendar shows and sends of an event that names a person.

    * ``casework_visible``: the event is readable only by the users who may
      read its dossier (an appointment), every partner attending it (the
      person as attendee) and the record it is attached to by ``res_model``/
      ``res_id`` (an event planned from a dossier's chatter,
      ``casework_document_visible``, global rule in
      ``security/casework_mail_rules.xml``; the first two are the rule of
      ``security/casework_rules.xml``); the attendees and recurrences of an
      event follow it.
    * Invitations: Odoo e-mails an invitation to every attendee when an event
      is created, and a notice when attendees are added, the date moves, an
      e-mail is asked for or the event is deleted with "Delete & Send", each
      with the title (the person's name) as subject. For an appointment with
      a dossier, they are off unless the company enables them
      (``res.company.casework_appointment_invitation``): the convocation
      letter and the SMS reminder are the channels. When enabled, they reach
      the person, contacts without a user and the colleagues who may read the
      event only (``calendar.attendee._should_notify_attendee``).
    """

    _inherit = "calendar.event"

    # the dossier of an appointment (casework_appointment adds its type,
    # outcome, reminders...): the event is as private as the dossier
    casework_beneficiary_id = fields.Many2one(
        "casework.beneficiary", string="Dossier", index="btree_not_null", ondelete="cascade", tracking=True
    )
    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for an event of a dossier, a person or a record the current user may not read.",
    )
    casework_document_visible = fields.Boolean(
        string="Document visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_document_visible",
        help="False for an event attached to a dossier, a case record or a person the current user may not read.",
    )

    @api.depends("partner_ids", "casework_beneficiary_id", "res_model", "res_id")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        Scope = self.env["casework.document.scope"]
        Scope._casework_compute_visible(self)
        Scope._casework_compute_visible(self, "casework_document_visible")

    def _search_casework_visible(self, operator, value):
        """The dossier's scope (an appointment), every attendee's (the person)
        and the attached record's: what the global rules on events check
        together (``casework_rules.xml`` and ``casework_mail_rules.xml``)."""
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = (
            Domain("partner_ids", "not any", [("casework_visible", "=", False)])
            & (
                Domain("casework_beneficiary_id", "=", False)
                | Domain("casework_beneficiary_id.casework_scope", "in", ("read", "write"))
            )
            & self._casework_document_visible_domain()
        )
        return domain if (operator == "in") == (True in value) else ~domain

    def _search_casework_document_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._casework_document_visible_domain()
        return domain if (operator == "in") == (True in value) else ~domain

    @api.model
    def _casework_document_visible_domain(self):
        # events are attached to the records with a chatter (a meeting planned
        # from it, or from its activity)
        return self.env["casework.document.scope"]._casework_document_domain(
            "res_model", "res_id", kind="thread", exclude=(self._name,)
        )

    @api.model
    def _casework_listed_domain(self):
        """Domain of the events listed to the current user on a dossier: not
        the private events of others (Odoo shows them as "Busy", hiding
        their fields only when it reads them from the database).

        :return: a :class:`Domain` (``Domain.TRUE`` in superuser mode)
        """
        if self.env.su:
            return Domain.TRUE
        # sudo: the users whose calendar is private by default (a sub-query), to hide their events
        private_calendars = self.env["res.users.settings"].sudo()._search(
            [("calendar_default_privacy", "=", "private")]
        ).select("user_id")
        private = Domain("privacy", "=", "private") | (
            Domain("privacy", "=", False) & Domain("user_id", "in", private_calendars)
        )
        mine = Domain("user_id", "=", self.env.uid) | Domain("partner_ids", "in", self.env.user.partner_id.ids)
        return ~private | mine

    # ------------------------------------------------------------------
    # Invitations
    # ------------------------------------------------------------------

    def _casework_invitations_off(self):
        """Whether Odoo's calendar e-mails about ``self`` (one event) are off:
        an appointment with a dossier, and a company that did not enable them."""
        self.ensure_one()
        # sudo: the event's dossier and owner's company setting, only to decide whether to e-mail
        event = self.sudo()
        if not event.casework_beneficiary_id:
            return False
        company = event.user_id.company_id or self.env.company
        return not company.casework_appointment_invitation

    def _skip_send_mail_status_update(self):
        # Odoo's hook for every e-mail to attendees (_notify_attendees):
        # invitation, new date, "Send by e-mail", e-mail alarms
        return self._casework_invitations_off() or super()._skip_send_mail_status_update()

    def action_unlink_event(self, attendee_id=None, recurrence=False):
        """Deleting an appointment from the calendar does not offer to e-mail
        the attendees when invitations are off."""
        if len(self) == 1 and self._casework_invitations_off():
            self.unlink()
            return {"type": "ir.actions.act_url", "target": "self", "url": "/odoo/calendar"}
        return super().action_unlink_event(attendee_id=attendee_id, recurrence=recurrence)
