from odoo import api, fields, models
from odoo.fields import Domain

from .casework_offer_session import SHEET_FIELDS


class IrAttachment(models.Model):
    """The file of a session's signed sheet names every participant of the
    session: it is read by the users who may read the sheet on the session
    (``casework.offer.session._casework_may_handle_sheet``), system
    administrators included (Odoo lets them read any field's file). The
    global rule of ``security/casework_offer_rules.xml`` is built on
    ``casework_sheet_readable``."""

    _inherit = "ir.attachment"

    casework_sheet_readable = fields.Boolean(
        string="Readable sheet", compute="_compute_casework_sheet_readable",
        search="_search_casework_sheet_readable",
        help="Technical: false for the signed sheet of a session the current user may not read.",
    )

    @api.depends_context("uid")
    @api.depends("res_model", "res_field", "res_id")
    def _compute_casework_sheet_readable(self):
        # sudo: ids only, filtered by the current user's domain (sudo keeps the uid)
        readable = self.sudo()._search(Domain("id", "in", self.ids) & self._casework_sheet_domain()).get_result_ids()
        for attachment in self:
            attachment.casework_sheet_readable = attachment.id in readable

    def _search_casework_sheet_readable(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._casework_sheet_domain()
        return domain if (True in value) == (operator == "in") else ~domain

    @api.model
    def _casework_sheet_domain(self):
        """Domain of the attachments that are not a signed sheet, or the
        signed sheet of a session whose sheet the current user may read;
        sub-queries run without record rules (it is a record rule's domain).

        :return: a :class:`Domain`
        """
        Session = self.env["casework.offer.session"]
        # sudo: a sub-query of session ids for the rule itself
        sessions = Session.sudo().with_context(active_test=False)._search(Session._casework_sheet_session_domain())
        return (
            Domain("res_model", "=", False) | Domain("res_model", "!=", Session._name)
            | Domain("res_field", "=", False) | Domain("res_field", "not in", list(SHEET_FIELDS))
            | Domain("res_id", "in", sessions)
        )
