from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class ResPartner(models.Model):
    """A beneficiary's identity lives on its partner (so that mail, SMS and
    the calendar work), which must not leak it: global record rules on
    ``res.partner`` keep the partner of a dossier exactly as readable and
    writable as the dossier (``casework_visible``, ``casework_editable``),
    and the contacts under it (whose name includes the person's) with it;
    other partners are untouched. The calendar's events and
    attendees and the followers follow ``casework_visible``.

    Both are decided from the dossier's scope
    (:meth:`casework.beneficiary._casework_scope_domain`) with sub-queries
    that apply no record rule: the dossier's own rules include this one
    (``_inherits``), so nothing here may search dossiers as the user.
    """

    _inherit = "res.partner"

    casework_beneficiary_ids = fields.One2many("casework.beneficiary", "partner_id", string="Dossiers")
    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_access",
        search="_search_casework_visible",
        help="False for the partner of a dossier the current user may not read.",
    )
    casework_editable = fields.Boolean(
        string="Editable in Casework scope",
        compute="_compute_casework_access",
        search="_search_casework_editable",
        help="False for the partner of a dossier the current user may not change.",
    )

    @api.depends_context("uid")
    @api.depends("commercial_partner_id")
    def _compute_casework_access(self):
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        partners = self._origin | self._origin.commercial_partner_id
        dossiers = Dossier.search([("partner_id", "in", partners.ids)]) if partners.ids else Dossier
        scopes = Dossier._casework_scopes_of(dossiers.ids)
        by_partner = {}
        for dossier in dossiers:
            by_partner.setdefault(dossier.partner_id.id, []).append(scopes[dossier.id])

        def allows(partner_id, mode):
            modes = by_partner.get(partner_id)
            return modes is None or (any(modes) if mode == "read" else "write" in modes)

        for partner in self:
            chain = {partner._origin.id, partner._origin.commercial_partner_id.id} - {False}
            partner.casework_visible = all(allows(pid, "read") for pid in chain)
            partner.casework_editable = all(allows(pid, "write") for pid in chain)

    def _search_casework_visible(self, operator, value):
        return self._search_casework_access("read", operator, value)

    def _search_casework_editable(self, operator, value):
        return self._search_casework_access("write", operator, value)

    @api.model
    def _search_casework_access(self, mode, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._casework_access_domain(mode)
        return domain if (operator == "in") == (True in value) else ~domain

    @api.model
    def _casework_access_domain(self, mode):
        """Partners that are not the person of a dossier out of the current
        user's reach in ``mode`` ("read" or "write"), nor a contact under such
        a person (their name shows in the contact's)."""
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        all_dossiers = Dossier._search([])
        scoped = Dossier._search(Dossier._casework_scope_domain(mode))
        hidden = SQL("(%s EXCEPT %s)", all_dossiers.subselect("partner_id"), scoped.subselect("partner_id"))
        return Domain("id", "not in", hidden) & (
            Domain("commercial_partner_id", "=", False) | Domain("commercial_partner_id", "not in", hidden)
        )
