from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from ..tools.dates import casework_today
from .casework_case_mixin import check_system_fields, given_field_names, scope_field, users_with_access

CASE_ROLES = ("referent", "secretariat", "fse", "admin")


class CaseworkBeneficiary(models.Model):
    """The scope of a dossier: who reads it, who changes it, in one place.

    * an administrator: every dossier (anonymised ones included);
    * a référent: the dossiers of their active file, i.e. where one of their
      assignments is current (from its start to its end date included), read
      and write;
    * a secretary or head of service: also the dossiers of their territories,
      read and write;
    * an FSE manager: the dossiers of their territories, read only;
    * finance, operators, the feed's technical user and every other user: none.

    Anonymised dossiers are out of every scope but the administrators'.

    The dossier's record rules are one read rule and one write rule on
    ``casework_scope``; every case record (``casework.case.mixin``) has the
    same two rules on its own ``casework_scope``, and the partner of a dossier
    is as visible as the dossier (``res.partner.casework_visible``).
    """

    _inherit = "casework.beneficiary"

    # Fields the system maintains besides the stored read-only ones (see
    # casework_case_mixin.system_field_names): the person behind the dossier,
    # its archival (only the anonymisation archives a dossier), and the
    # user's last consultation (casework.beneficiary.visit).
    _casework_system_fields = frozenset({"partner_id", "active", "last_visit_date"})

    casework_scope = scope_field("The current user's access to this dossier.")

    @api.depends_context("uid")
    @api.depends(
        "territory_id", "is_anonymised",
        "assignment_ids.user_id", "assignment_ids.date_start", "assignment_ids.date_end",
    )
    def _compute_casework_scope(self):
        scopes = self._casework_scopes_of(self._origin.ids)
        for dossier in self:
            dossier.casework_scope = scopes.get(dossier._origin.id, False)

    def _search_casework_scope(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._casework_scope_domain(self._casework_scope_mode(value))

    @api.model
    def _casework_scope_mode(self, values):
        """The access a search on ``casework_scope in values`` asks for: "read"
        when reading is enough, "write" when only writing is, None for none."""
        values = set(values)
        if "read" in values:
            return "read"
        return "write" if "write" in values else None

    @api.model
    def _casework_roles(self, user=None):
        """The Casework roles of ``user`` (default: the current user) that give
        a scope, as a set among "referent", "secretariat", "fse", "admin"."""
        user = user or self.env.user
        return {
            role for role in CASE_ROLES
            if user.has_group(f"casework_base.group_casework_{role}")
        }

    @api.model
    def _casework_scope_domain(self, mode, dossier="id", territory="territory_id"):
        """Domain of the records the current user reaches in ``mode``.

        Written for the dossiers (default) or for any model that points to a
        dossier: ``dossier`` names the field holding the dossier id, and
        ``territory`` the field (or path) holding its territory. It only uses
        sub-queries run without record rules, so that it may itself be the
        domain of a record rule (no recursion through the partner's rule).

        :param mode: "read" or "write"; anything else reaches nothing
        :return: a :class:`Domain` (``Domain.TRUE`` for an administrator)
        """
        if mode not in ("read", "write"):
            return Domain.FALSE
        user = self.env.user
        roles = self._casework_roles(user)
        if "admin" in roles:
            return Domain.TRUE
        parts = []
        if "referent" in roles:
            parts.append(Domain(dossier, "in", self._casework_active_file_query(user)))
        if "secretariat" in roles or ("fse" in roles and mode == "read"):
            # sudo: the current user's own territories (ids)
            territory_ids = user.sudo().casework_territory_ids.ids
            if territory_ids:
                parts.append(Domain(territory, "in", territory_ids))
        if not parts:
            return Domain.FALSE
        domain = Domain.OR(parts)
        if dossier == "id":
            domain &= Domain("is_anonymised", "=", False)
        return domain

    @api.model
    def _casework_today(self):
        """Today in the Casework time zone (the company's, else Paris), on
        which the scope depends: never the client's nor the user's own time
        zone, which they choose (:func:`..tools.dates.casework_today`)."""
        return casework_today(self.env)

    @api.model
    def _casework_active_file_query(self, user):
        """SQL sub-query of the ids of the dossiers where ``user`` has a current
        assignment (today in the Casework time zone, whatever the client
        sends), without record rules."""
        today = casework_today(self.env)
        # sudo: a sub-query for the rules themselves (no rule may apply inside a rule), on the user's own assignments
        Assignment = self.env["casework.referent.assignment"].sudo()
        query = Assignment._search([
            ("user_id", "=", user.id),
            ("date_start", "<=", today),
            "|", ("date_end", "=", False), ("date_end", ">=", today),
        ])
        return query.subselect("beneficiary_id")

    @api.model
    def _casework_scopes_of(self, dossier_ids):
        """The current user's access to each dossier.

        :param dossier_ids: ids of dossiers (ints)
        :return: dict {dossier id: "write", "read" or False}
        """
        ids = [dossier_id for dossier_id in set(dossier_ids) if isinstance(dossier_id, int)]
        scopes = dict.fromkeys(ids, False)
        if not ids:
            return scopes
        # sudo: ids only, filtered by the current user's scope domain (sudo keeps the uid)
        Dossier = self.sudo().with_context(active_test=False)
        for mode in ("read", "write"):
            domain = Domain("id", "in", ids) & self._casework_scope_domain(mode)
            for dossier_id in Dossier._search(domain).get_result_ids():
                scopes[dossier_id] = mode
        return scopes

    # ------------------------------------------------------------------
    # What users may write
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        check_system_fields(self, given_field_names(self, vals_list))
        if self._casework_roles() & {"secretariat", "admin"}:
            return super().create(vals_list)
        # A référent reaches the new dossier through the assignment its
        # creation gives them: the other records given with the dossier
        # (enrolment, characteristics...) are created once it exists.
        deferred = [
            {fname: vals[fname] for fname in vals if self._casework_is_case_lines(fname)}
            for vals in vals_list
        ]
        dossiers = super().create([
            {fname: value for fname, value in vals.items() if fname not in later}
            for vals, later in zip(vals_list, deferred, strict=True)
        ])
        for dossier, later in zip(dossiers, deferred, strict=True):
            if later:
                dossier.write(later)
        return dossiers

    def write(self, vals):
        if not self.env.su:
            self._casework_check_write_values(vals)
        result = super().write(vals)
        if "territory_id" in vals:
            self._casework_unsubscribe_lost_followers()
        return result

    @api.model
    def _casework_is_case_lines(self, fname):
        """Whether ``fname`` is a one-to-many of case records other than the
        referent assignments."""
        field = self._fields.get(fname)
        return (
            field is not None and field.type == "one2many" and fname != "assignment_ids"
            and "casework_scope" in self.env[field.comodel_name]._fields
        )

    def _casework_check_write_values(self, vals):
        """A user writes no system field; only the secretariat, heads of
        service and administrators move a dossier to another territory.

        :raise AccessError: naming the fields, or refusing the territory change
        """
        check_system_fields(self, vals)
        if "territory_id" in vals and any(dossier.territory_id.id != vals["territory_id"] for dossier in self):
            if not self._casework_roles() & {"secretariat", "admin"}:
                raise AccessError(self.env._(
                    "Only the secretariat may move a dossier to another territory."
                ))

    # ------------------------------------------------------------------
    # Scope changes: followers who lost access
    # ------------------------------------------------------------------

    def _casework_unsubscribe_lost_followers(self):
        """Unsubscribe from these dossiers, and from their case records, the
        users who may no longer read them (an exit, a réorientation, a change
        of territory or of role): they stop receiving their messages.

        Followers without a user (the person, an outside contact) stay.

        :return: number of followers removed
        """
        # sudo: system cleanup of followers who lost access; nothing is returned to the user
        dossiers = self.sudo().with_context(active_test=False).exists()
        if not dossiers:
            return 0
        self._casework_invalidate_scopes()
        # sudo: the followers of the dossiers, removed by the system, never shown
        Followers = self.env["mail.followers"].sudo()
        removed = 0
        for model_name, records in self._casework_threads_of(dossiers):
            followers = Followers.search([
                ("res_model", "=", model_name),
                ("res_id", "in", records.ids),
                ("partner_id.user_ids", "!=", False),
            ])
            if not followers:
                continue
            users = followers.partner_id.with_context(active_test=False).user_ids
            readers = users_with_access(records.browse(set(followers.mapped("res_id"))), users, "read")
            lost = followers.filtered(
                lambda f: (
                    not (f.partner_id.with_context(active_test=False).user_ids & readers.get(f.res_id, users.browse()))
                )
            )
            removed += len(lost)
            lost.unlink()
        return removed

    @api.model
    def _casework_invalidate_scopes(self):
        """Forget the accesses computed earlier in this transaction (every
        ``casework_scope``, and the partners'): a user's groups or
        territories, or the day, changed."""
        for model_name in self.env.registry:
            Model = self.env[model_name]
            if not Model._abstract and "casework_scope" in Model._fields:
                Model.invalidate_model(["casework_scope"])
        self.env["res.partner"].invalidate_model(["casework_visible", "casework_editable"])

    @api.model
    def _casework_threads_of(self, dossiers):
        """[(model name, records)] of the dossiers and of their case records
        that have followers (``mail.thread``), as superuser."""
        threads = [(self._name, dossiers)]
        for model_name in self.env.registry:
            Model = self.env[model_name]
            if (
                Model._abstract or not Model._auto or model_name == self._name
                or "casework_scope" not in Model._fields or "message_follower_ids" not in Model._fields
            ):
                continue
            # sudo: the case records whose followers the system cleans up, never shown
            records = Model.sudo().with_context(active_test=False).search([("beneficiary_id", "in", dossiers.ids)])
            if records:
                threads.append((model_name, records))
        return threads

    @api.model
    def _cron_unsubscribe_lost_followers(self, days=7):
        """Daily: the dossiers whose assignments ended in the last ``days``
        days lose the followers who may no longer read them."""
        today = casework_today(self.env)
        # sudo: the daily job's cleanup, run by the system
        ended = self.env["casework.referent.assignment"].sudo().search([
            ("date_end", "<", today),
            ("date_end", ">=", fields.Date.subtract(today, days=days)),
        ])
        return ended.beneficiary_id._casework_unsubscribe_lost_followers()
