from odoo import api, fields, models
from odoo.fields import Domain

INVISIBLE_PARTNER = [("casework_visible", "=", False)]


class CalendarEvent(models.Model):
    """What Odoo's calendar shows of an event that names a person.

    * ``casework_visible``: the event is readable only by the users who may
      read its dossier (an appointment), every partner attending it (the
      person as attendee) and the record it is attached to by ``res_model``/
      ``res_id`` (an event planned from a dossier's chatter): global rule in
      ``security/casework_mail_rules.xml``; the attendees and recurrences of
      an event follow it.
    """

    _inherit = "calendar.event"

    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for an event of a dossier, a person or a record the current user may not read.",
    )

    @api.depends("partner_ids", "casework_beneficiary_id", "res_model", "res_id")
    @api.depends_context("uid")
    def _compute_casework_visible(self):
        self.env["casework.document.scope"]._casework_compute_visible(self)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = (
            Domain("partner_ids", "not any", INVISIBLE_PARTNER)
            & (
                Domain("casework_beneficiary_id", "=", False)
                | Domain("casework_beneficiary_id", "any", [("casework_scope", "in", ("read", "write"))])
            )
            & self.env["casework.document.scope"]._casework_document_domain(
                "res_model", "res_id", exclude=(self._name,)
            )
        )
        return domain if (operator == "in") == (True in value) else ~domain
