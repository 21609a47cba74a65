import re

from odoo import api, fields, models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    casework_territory_ids = fields.Many2many(
        "casework.territory",
        "casework_territory_res_users_rel",
        "user_id",
        "territory_id",
        string="Territories",
        help="Territories whose dossiers this user reads as secretary, manager or FSE manager.",
    )
    casework_structure_id = fields.Many2one("casework.structure", string="Structure")


    def _casework_home_action(self):
        """The page Casework opens on for this user (the app's menu): a
        secretary or a head of service on their territories' dossiers, a
        référent on their active file, an FSE manager on the dossiers; a role
        whose screens are in an addon not installed on a page saying so.
        Feature addons extend it for their roles (operators, finance).

        :return: an action dict (``ir.actions.act_window`` or the client
            action ``casework_base.welcome`` with a title and a message)
        """
        self.ensure_one()
        if self.has_group("casework_base.group_casework_secretariat") or (
            self.has_group("casework_base.group_casework_fse")
            and not self.has_group("casework_base.group_casework_referent")
        ):
            return self.env["ir.actions.act_window"]._for_xml_id("casework_base.casework_beneficiary_action")
        if self.has_group("casework_base.group_casework_referent"):
            return self.env["ir.actions.act_window"]._for_xml_id(
                "casework_base.casework_beneficiary_action_my_active_file")
        return self._casework_welcome_action(
            self.env._("Your Casework space"),
            self.env._("The screens of your role are not installed yet: your administrator will add them. "
                       "The dossiers and their content are not yours to read."),
        )

    @api.model
    def _casework_welcome_action(self, title, message):
        """The client action showing ``title`` and ``message`` (plain texts)."""
        return {
            "type": "ir.actions.client",
            "tag": "casework_base.welcome",
            "name": title,
            "params": {"title": title, "message": message},
        }

    def write(self, vals):
        result = super().write(vals)
        if {"group_ids", "casework_territory_ids"} & set(vals):
            # the Casework scope of these users changed: the access computed
            # for them earlier in this transaction (casework_scope) is stale
            self.env["casework.beneficiary"]._casework_invalidate_scopes()
        return result

    @api.model
    def _casework_password_kinds(self, password):
        """Number of kinds of characters (lower, upper, digit, other) in ``password``."""
        patterns = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")
        return sum(1 for pattern in patterns if re.search(pattern, password))

    def _check_password_policy(self, passwords):
        # Length is Odoo's own policy (auth_password_policy.minlength, set to 8
        # by this module); the seed also asks for three kinds of characters.
        result = super()._check_password_policy(passwords)
        min_kinds = int(
            # sudo: a configuration number, nothing personal
            self.env["ir.config_parameter"].sudo().get_param("casework_base.password_min_kinds", 3)
        )
        for password in passwords:
            if password and self._casework_password_kinds(password) < min_kinds:
                raise UserError(
                    self.env._(
                        "Your password must contain at least %(kinds)d kinds of characters "
                        "among lowercase letters, uppercase letters, digits and symbols.",
                        kinds=min_kinds,
                    )
                )
        return result

