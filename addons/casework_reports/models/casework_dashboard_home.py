from odoo import models


class ResUsers(models.Model):
    """Counsellors, the secretariat and heads of service open Casework on
    their dashboard "Mine" (see ``casework_base``'s ``_casework_home_action``)."""

    _inherit = "res.users"

    def _casework_home_action(self):
        """Every user of the case ladder (référent, secretariat, head of
        service, administrator) lands on "Mine"; the other roles keep the
        page of their addon.

        :return: an action dict (the client action ``casework_reports.dashboard_mine``)
        """
        self.ensure_one()
        if self.has_group("casework_base.group_casework_referent"):
            return self.env["ir.actions.actions"]._for_xml_id("casework_reports.casework_dashboard_action_mine")
        return super()._casework_home_action()
