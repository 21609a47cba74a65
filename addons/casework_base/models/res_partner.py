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

    @api.model
    def _casework_default_country(self):
        """The country of an address given without one: France, where
        Casework follows people (whatever the company's country says)."""
        return self.env.ref("base.fr", raise_if_not_found=False) or self.env["res.country"]

    @api.model
    def default_get(self, fields):
        """France by default: an address without a country prints in no
        country's order ("Annonay 07100"). Covers the persons of the
        dossiers (their partner) and the structures' addresses, created or
        imported without a country."""
        defaults = super().default_get(fields)
        if "country_id" in fields and "country_id" not in defaults:
            country = self._casework_default_country()
            if country:
                defaults["country_id"] = country.id
        return defaults

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
        commercial partner).

        The rule of every partner search of every user: it is written as
        sub-queries correlated to the partner at hand (its dossier by the
        index on ``partner_id``, then that dossier's scope by its primary
        key; its ancestors only when it has a parent), so that a search
        with a limit (a name search, a list page) checks the partners it
        returns, not every dossier of the database.

        :return: a :class:`Domain` on ``res.partner`` (``Domain.TRUE`` for
            a Casework administrator)
        """
        # sudo: sub-queries for the partner's own rule (no rule may apply inside it), built on the current user's scope
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        scope = Dossier._casework_scope_domain(mode)
        if scope.is_true():
            return Domain.TRUE
        dossier_table = Dossier._table

        def out_of_scope(dossier_alias):
            # the dossier ``dossier_alias`` is not in the user's scope
            scoped = Dossier._search(scope)
            scoped.add_where(SQL("%s = %s", SQL.identifier(scoped.table, "id"), SQL.identifier(dossier_alias, "id")))
            return SQL("NOT EXISTS (%s)", scoped.select(SQL("1")))

        def to_sql(model, alias, query):
            hidden_itself = SQL(
                "NOT EXISTS (SELECT 1 FROM %s casework_hidden WHERE casework_hidden.partner_id = %s AND %s)",
                SQL.identifier(dossier_table), SQL.identifier(alias, "id"), out_of_scope("casework_hidden"),
            )
            # its ancestors, walked up from its parent
            parent = SQL.identifier(alias, "parent_id")
            hidden_above = SQL(
                "(%s IS NULL OR NOT %s)", parent, self._casework_hidden_partner_sql(mode, parent),
            )
            return SQL(
                "(%s AND %s)", hidden_itself, hidden_above,
                to_flush=[self._fields["parent_id"], Dossier._fields["partner_id"]],
            )

        return Domain.custom(to_sql=to_sql)

    @api.model
    def _casework_hidden_partner_sql(self, mode, partner_sql):
        """SQL condition: the partner whose id is ``partner_sql`` (an SQL
        expression, e.g. a follower's ``partner_id`` column; NULL is never
        hidden) is the person of a dossier out of the current user's reach
        in ``mode``, or under such a person at any depth. The same answer as
        :meth:`_casework_access_domain`, correlated to the row that points to
        the partner: one probe of the partner's lineage and of its dossier by
        their indexes per row, whatever the number of dossiers.

        :return: an :class:`~odoo.tools.SQL` boolean (``FALSE`` for a Casework
            administrator)
        """
        # sudo: sub-queries for record rules (no rule may apply inside them), built on the current user's scope
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        scope = Dossier._casework_scope_domain(mode)
        if scope.is_true():
            return SQL("FALSE")
        scoped = Dossier._search(scope)
        scoped.add_where(SQL("%s = casework_person.id", SQL.identifier(scoped.table, "id")))
        # the partner and its ancestors (UNION stops on a cycle)
        return SQL(
            """EXISTS (
                   WITH RECURSIVE casework_lineage(id) AS (
                       SELECT %(partner)s
                       UNION
                       SELECT ancestor.parent_id
                         FROM res_partner ancestor JOIN casework_lineage ON ancestor.id = casework_lineage.id
                        WHERE ancestor.parent_id IS NOT NULL
                   )
                   SELECT 1
                     FROM casework_lineage
                     JOIN %(dossiers)s casework_person ON casework_person.partner_id = casework_lineage.id
                    WHERE NOT EXISTS (%(scoped)s))""",
            partner=partner_sql, dossiers=SQL.identifier(Dossier._table), scoped=scoped.select(SQL("1")),
            to_flush=[self._fields["parent_id"], Dossier._fields["partner_id"]],
        )

    def _casework_address_lines(self):
        """The postal address of this partner as a letter prints it: the
        lines of Odoo's address of its country (France: street, street 2,
        "07100 Annonay"), France's format when it has no country, without
        its name nor company, without the country for France (mail within
        France).

        :return: list of str, the empty lines left out
        """
        self.ensure_one()
        address_format, args = self._prepare_display_address(without_company=True)
        france = self._casework_default_country()
        if not self.country_id:
            address_format = france.address_format or address_format
        if self.country_id in (france, self.env["res.country"]):
            args["country_name"] = ""
        lines = (address_format % args).split("\n")
        return [" ".join(line.split()) for line in lines if line.strip()]
