from odoo import api, fields, models
from odoo.fields import Domain

# the roles that have a dossier scope (casework.beneficiary._casework_scope_domain):
# secretariat, heads of service and administrators are referents by the ladder
DOSSIER_GROUPS = "casework_base.group_casework_referent,casework_base.group_casework_fse"


class CaseworkOperatorScopeMixin(models.AbstractModel):
    """A case record the operator running it may see: besides the dossier's
    scope (``casework.case.mixin``), a user of the Operator role reaches the
    records whose operator (``_casework_operator_path``) is their
    organisation (``res.users.casework_operator_partner_id``), in the mode
    ``_casework_operator_mode`` ("read": steps; "write": attendance, which the
    operator signs off). An operator without an organisation reaches nothing.

    The operator sees the participant's name (``participant_name``) and
    nothing else of the dossier: the dossier field itself
    (``beneficiary_id``, whose value Odoo shows with the dossier's display
    name, its number included, read as superuser) is kept to the roles that
    have a dossier scope, as the dossier's territory (``territory_id``).

    Inherit it *before* the case mixin, so that its overrides of the scope
    come first in the method resolution order and call the case mixin's::

        _inherit = ["casework.operator.scope.mixin", "casework.case.mixin"]
    """

    _name = "casework.operator.scope.mixin"
    _description = "Case record seen by its operator"
    _casework_operator_path = "operator_id"
    _casework_operator_mode = "read"

    beneficiary_id = fields.Many2one("casework.beneficiary", string="Dossier", groups=DOSSIER_GROUPS)
    # the dossier's territory (where the person lives), as the dossier itself
    territory_id = fields.Many2one("casework.territory", groups=DOSSIER_GROUPS)
    participant_name = fields.Char(
        string="Participant", compute="_compute_participant_name", search="_search_participant_name",
        help="First and last names of the person: all the operator running the offer sees of them.",
    )

    @api.depends_context("uid")
    @api.depends("beneficiary_id.name")
    def _compute_participant_name(self):
        readable = self._origin._filtered_access("read")
        for record in self:
            # sudo: the person's name only, and only on records the user may read (their dossier's
            # scope, or the operator's): what an operator is meant to see of a participant
            record.participant_name = record._origin in readable and record._origin.sudo().beneficiary_id.name

    def _search_participant_name(self, operator, value):
        if operator not in ("ilike", "not ilike", "=", "!=", "in", "not in"):
            return NotImplemented
        # sudo: ids of the records whose person bears the name; the caller's search applies
        # the record rules to them, so only records the user may read come out
        return Domain("id", "in", self.sudo().with_context(active_test=False)._search(
            [("beneficiary_id.name", operator, value)]
        ))

    @api.depends_context("uid")
    @api.depends(lambda self: ("beneficiary_id.casework_scope", self._casework_operator_path))
    def _compute_casework_scope(self):
        if self._has_field_access(self._fields["beneficiary_id"], "read"):
            super()._compute_casework_scope()
        else:
            # without the dossier field, no dossier scope either (DOSSIER_GROUPS)
            for record in self:
                record.casework_scope = False
        partner = self._casework_operator_partner()
        if not partner:
            return
        mode = self._casework_operator_mode
        for record in self:
            # sudo: the record's operator, compared with the user's organisation
            if record.casework_scope != "write" and record.sudo().mapped(self._casework_operator_path) == partner:
                record.casework_scope = mode

    def _search_casework_scope(self, operator, value):
        domain = super()._search_casework_scope(operator, value)
        if domain is NotImplemented:
            return domain
        mode = self.env["casework.beneficiary"]._casework_scope_mode(value)
        partner = self._casework_operator_partner()
        if partner and (mode == "read" or mode == self._casework_operator_mode):
            domain = Domain(domain) | self._casework_operator_domain(partner)
        return domain

    @api.model
    def _casework_operator_domain(self, partner):
        """Domain of the records run by the organisation ``partner``, through
        sub-queries run without record rules (it is part of a record rule).

        :param partner: ``res.partner`` record, an operator organisation
        :return: a :class:`Domain`
        """
        first, _dot, rest = self._casework_operator_path.partition(".")
        if not rest:
            return Domain(first, "=", partner.id)
        # sudo: a sub-query of ids for the rule itself (no rule may apply inside a rule)
        comodel = self.env[self._fields[first].comodel_name].sudo().with_context(active_test=False)
        return Domain(first, "in", comodel._search([(rest, "=", partner.id)]))

    @api.model
    def _casework_operator_partner(self):
        """The operator organisation of the current user: set when they have
        the Operator role and an organisation, else an empty recordset.

        :return: ``res.partner`` recordset of at most one record
        """
        user = self.env.user
        if not user.has_group("casework_base.group_casework_operator"):
            return self.env["res.partner"]
        # sudo: the current user's own organisation
        return user.sudo().casework_operator_partner_id

    @api.model
    def _casework_refused_dossiers(self, vals_list):
        """The operator may add the records they run (attendance): a
        business refusal of such a creation is for them, not an access
        refusal (see ``casework.case.mixin.create``)."""
        refused = super()._casework_refused_dossiers(vals_list)
        partner = self._casework_operator_partner()
        if not refused or not partner or self._casework_operator_mode != "write":
            return refused
        first, _dot, rest = self._casework_operator_path.partition(".")
        reached = self.env["casework.beneficiary"]
        for vals in vals_list:
            target_id = vals.get(first)
            if not isinstance(target_id, int) or not rest:
                continue
            # sudo: the operator and the dossier of the record given, compared with the user's organisation
            target = self.env[self._fields[first].comodel_name].sudo().browse(target_id).exists()
            if target and target.mapped(rest) == partner:
                reached |= target.beneficiary_id
        return refused - reached
