from odoo import api, fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    """A beneficiary's identity lives on its partner (so that mail, SMS and
    calendar work), which must not leak it: a global record rule on
    ``res.partner`` (and on calendar events and attendees, and followers)
    keeps a beneficiary's partner out of reach of any user who cannot read
    the dossier itself, through ``casework_visible``.
    """

    _inherit = "res.partner"

    casework_beneficiary_ids = fields.One2many("casework.beneficiary", "partner_id", string="Dossiers")
    casework_visible = fields.Boolean(
        string="Visible in Casework scope",
        compute="_compute_casework_visible",
        search="_search_casework_visible",
        help="False for the partner of a beneficiary whose dossier the current user cannot read.",
    )

    @api.depends_context("uid", "casework_visible_bypass")
    def _compute_casework_visible(self):
        if self.env.context.get("casework_visible_bypass"):
            self.casework_visible = True
            return
        dossiers = self.sudo().with_context(active_test=False).casework_beneficiary_ids
        Beneficiary = self._casework_beneficiary_as_user()
        readable = Beneficiary.browse()
        if dossiers and Beneficiary.has_access("read"):
            readable = Beneficiary.search([("id", "in", dossiers.ids)])
        for partner in self:
            mine = partner.sudo().with_context(active_test=False).casework_beneficiary_ids
            partner.casework_visible = not mine or bool(mine & readable)

    def _search_casework_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        if self.env.context.get("casework_visible_bypass"):
            # The dossier inherits its partner's record rules: while deciding
            # which dossiers are readable, the partner rule must not recurse.
            visible = Domain.TRUE
        else:
            visible = self._casework_visible_domain()
        return visible if (operator == "in") == (True in value) else ~visible

    @api.model
    def _casework_visible_domain(self):
        """Partners without dossier, or whose dossier the current user reads
        (the dossier's own record rules decide)."""
        Beneficiary = self._casework_beneficiary_as_user()
        no_dossier = Domain("casework_beneficiary_ids", "=", False)
        if not Beneficiary.has_access("read"):
            return no_dossier
        return no_dossier | Domain("casework_beneficiary_ids", "in", Beneficiary._search([]))

    @api.model
    def _casework_beneficiary_as_user(self):
        """The dossiers as the current user sees them (their own record rules),
        without re-entering the partner rule they inherit."""
        return (
            self.env["casework.beneficiary"]
            .with_user(self.env.uid)
            .with_context(active_test=False, casework_visible_bypass=True)
        )
