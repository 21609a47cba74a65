from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class ResPartner(models.Model):
    """A beneficiary's identity lives on its partner (so that mail, SMS and
    the calendar work), which must not leak it: global record rules on
    ``res.partner`` keep the partner of a dossier exactly as readable and
    writable as the dossier (``casework_visible``, ``casework_editable``),
    and every partner under it at any depth (contacts, companies, their
    contacts: their name, parent or commercial partner names the person)
    with it; other partners are untouched. The calendar's events and
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
    @api.depends("parent_id")
    def _compute_casework_access(self):
        # sudo: the partners' own ids only, decided by the domains below,
        # which are built for the current user (sudo keeps the uid)
        Partner = self.sudo().with_context(active_test=False)
        ids = [pid for pid in self._origin.ids if isinstance(pid, int)]
        answers = {"casework_visible": set(), "casework_editable": set()}
        for fname, mode in (("casework_visible", "read"), ("casework_editable", "write")):
            if ids:
                query = Partner._search(Domain("id", "in", ids) & self._casework_access_domain(mode))
                answers[fname] = set(query.get_result_ids())
        for partner in self:
            origin = partner._origin.id
            partner.casework_visible = origin in answers["casework_visible"] if origin else True
            partner.casework_editable = origin in answers["casework_editable"] if origin else True

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
        user's reach in ``mode`` ("read" or "write"), nor under such a person
        at any depth (a contact, a company, a contact of that company...: the
        person's name shows in their display name, their parent, their
        commercial partner)."""
        # sudo: sub-queries for the partner's own rule (no rule may apply inside it), built on the current user's scope
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        all_dossiers = Dossier._search([])
        scoped = Dossier._search(Dossier._casework_scope_domain(mode))
        hidden = SQL("(%s EXCEPT %s)", all_dossiers.subselect("partner_id"), scoped.subselect("partner_id"))
        # each partner that has a parent, with each of its ancestors, walking
        # up from the few partners that have one (UNION stops on a cycle);
        # the ancestors are checked one by one, not against ``hidden``
        # (every dossier but the user's: built once is enough)
        under_hidden = SQL(
            """(WITH RECURSIVE casework_ancestry(id, ancestor_id) AS (
                   SELECT id, parent_id FROM res_partner WHERE parent_id IS NOT NULL
                   UNION
                   SELECT casework_ancestry.id, parent.parent_id
                     FROM casework_ancestry JOIN res_partner parent ON parent.id = casework_ancestry.ancestor_id
                    WHERE parent.parent_id IS NOT NULL
               ) SELECT id FROM casework_ancestry WHERE ancestor_id IN %s AND ancestor_id NOT IN %s)""",
            all_dossiers.subselect("partner_id"), scoped.subselect("partner_id"), to_flush=self._fields["parent_id"],
        )
        return Domain("id", "not in", hidden) & Domain("id", "not in", under_hidden)
