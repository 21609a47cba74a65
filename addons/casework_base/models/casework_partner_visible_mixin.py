from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class CaseworkPartnerVisibleMixin(models.AbstractModel):
    """For an Odoo model whose rows point to partners (a follower, an
    attendee, a notification, an SMS...): ``casework_partner_visible`` is
    False on the rows that point to the person of a dossier out of the
    current user's scope, or to a partner under such a person. Its global
    record rule is ``[('casework_partner_visible', '=', True)]``.

    It is the partners' rule (:meth:`res.partner._casework_access_domain`)
    correlated to the row's own partner columns, so that a search costs a
    probe per row instead of the evaluation of every partner of the
    database (``partner_id not any [...]`` would).
    """

    _name = "casework.partner.visible.mixin"
    _description = "Rows pointing to partners, within the Casework scope"

    # names of the many2one fields to res.partner that a row must not point to when hidden
    _casework_partner_fields = ("partner_id",)

    casework_partner_visible = fields.Boolean(
        string="Partners visible in Casework scope",
        compute="_compute_casework_partner_visible",
        search="_search_casework_partner_visible",
        help="False when the row points to the person of a dossier the current user may not read.",
    )

    @api.depends_context("uid")
    def _compute_casework_partner_visible(self):
        ids = [record_id for record_id in self._origin.ids if isinstance(record_id, int)]
        visible = set()
        if ids:
            # sudo: ids only, filtered by the current user's scope (sudo keeps the uid)
            query = self.sudo().with_context(active_test=False)._search(
                Domain("id", "in", ids) & self._casework_partner_visible_domain()
            )
            visible = set(query.get_result_ids())
        for record in self:
            record.casework_partner_visible = not record._origin.id or record._origin.id in visible

    def _search_casework_partner_visible(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._casework_partner_visible_domain()
        return domain if (operator == "in") == (True in value) else ~domain

    @api.model
    def _casework_partner_visible_domain(self, mode="read"):
        """Domain of the rows none of whose ``_casework_partner_fields`` points
        to a partner hidden from the current user in ``mode``."""
        Partner = self.env["res.partner"]

        def to_sql(model, alias, query):
            return SQL(" AND ").join(
                SQL("NOT %s", Partner._casework_hidden_partner_sql(mode, model._field_to_sql(alias, name, query)))
                for name in self._casework_partner_fields
            )

        return Domain.custom(to_sql=lambda model, alias, query: SQL("(%s)", to_sql(model, alias, query)))
