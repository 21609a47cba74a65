from odoo import api, fields, models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    """The organisation an operator user works for: their offers are those
    this organisation runs. Only Casework administrators set it: it decides
    what the operator reads."""

    _inherit = "res.users"

    casework_operator_partner_id = fields.Many2one(
        "res.partner", string="Operator organisation", ondelete="restrict",
        domain=[("is_company", "=", True), ("casework_profile_ids.role", "=", "operator")],
        help="For the Operator role: the organisation whose offers, sessions and attendance this user sees.",
    )

    def _casework_home_action(self):
        """An operator (who is not also a counsellor) opens Casework on the
        offers of their organisation (see casework_base)."""
        if self.has_group("casework_base.group_casework_operator") and not (
            self.has_group("casework_base.group_casework_referent")
            or self.has_group("casework_base.group_casework_fse")
        ):
            return self.env["ir.actions.act_window"]._for_xml_id("casework_offers.casework_offer_action_operator")
        return super()._casework_home_action()

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("casework_operator_partner_id") for vals in vals_list):
            self._casework_check_operator_partner_access()
        return super().create(vals_list)

    def write(self, vals):
        if "casework_operator_partner_id" in vals:
            self._casework_check_operator_partner_access()
        result = super().write(vals)
        if "casework_operator_partner_id" in vals:
            # the operator scope of these users changed: their record rules
            # (evaluated with the organisation, then cached) and what was
            # computed for them earlier in this transaction are stale
            self.env.registry.clear_cache()
            self.env["casework.beneficiary"]._casework_invalidate_scopes()
        return result

    @api.model
    def _casework_check_operator_partner_access(self):
        """Only Casework administrators (and the system) set a user's
        operator organisation.

        :raise AccessError: for anyone else
        """
        if self.env.su or self.env.user.has_group("casework_base.group_casework_admin"):
            return
        raise AccessError(self.env._("Only Casework administrators may set a user's operator organisation."))
