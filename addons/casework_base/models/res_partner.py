from odoo import api, fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    """A beneficiary's identity lives on its partner (so that mail, SMS and
    the calendar work), which must not leak it: global record rules on
    ``res.partner`` keep the partner of a dossier exactly as readable and
    writable as the dossier (``casework_visible``, ``casework_editable``);
    partners without a dossier are untouched. The calendar's events and
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
    def _compute_casework_access(self):
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        partners = self._origin
        dossiers = Dossier.search([("partner_id", "in", partners.ids)]) if partners.ids else Dossier
        scopes = Dossier._casework_scopes_of(dossiers.ids)
        by_partner = {}
        for dossier in dossiers:
            by_partner.setdefault(dossier.partner_id.id, []).append(scopes[dossier.id])
        for partner in self:
            modes = by_partner.get(partner._origin.id)
            partner.casework_visible = modes is None or any(modes)
            partner.casework_editable = modes is None or "write" in modes

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
        """Partners without a dossier, or whose dossier the current user
        reaches in ``mode`` ("read" or "write")."""
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        all_dossiers = Dossier._search([])
        scoped = Dossier._search(Dossier._casework_scope_domain(mode))
        return Domain("id", "not in", all_dossiers.subselect("partner_id")) | Domain(
            "id", "in", scoped.subselect("partner_id")
        )
