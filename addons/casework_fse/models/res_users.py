from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _casework_home_action(self):
        """A finance user (who is not also a counsellor) opens Casework on the
        funding conventions (see casework_base)."""
        if self.has_group("casework_base.group_casework_finance") and not (
            self.has_group("casework_base.group_casework_referent")
            or self.has_group("casework_base.group_casework_fse")
        ):
            return self.env["ir.actions.act_window"]._for_xml_id("casework_fse.casework_convention_action")
        return super()._casework_home_action()
