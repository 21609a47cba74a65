from odoo import api, fields, models

from odoo.addons.casework_base.tools.dates import casework_today

# the synthesis shows this many of the dossier's last proposals (i-milo)
LAST_PROPOSALS = 5


class CaseworkBeneficiary(models.Model):
    """The dossier's side of the service offers: its positionings and steps,
    the last proposals in its synthesis, and proposing an offer."""

    _inherit = "casework.beneficiary"

    step_ids = fields.One2many("casework.step", "beneficiary_id", string="Positionings and steps")
    last_step_ids = fields.Many2many(
        "casework.step", string="Last proposals", compute="_compute_last_step_ids",
        help="The dossier's last positionings and steps, newest first.",
    )

    @api.depends_context("uid")
    @api.depends("step_ids")
    def _compute_last_step_ids(self):
        Step = self.env["casework.step"]
        can_read = Step.has_access("read")
        for dossier in self:
            # under the user's rights: the steps they may read
            dossier.last_step_ids = Step.search(
                [("beneficiary_id", "=", dossier._origin.id)], order="create_date desc, id desc", limit=LAST_PROPOSALS,
            ) if can_read and dossier._origin.id else Step

    def action_propose_offer(self):
        """Open the active offers to propose one to this dossier (the button
        "Propose an offer"): searchable by name, keywords, classification and
        programme, filtered by default on the dossier's programmes; each
        offer's "Propose" button creates the positioning
        (:meth:`casework.offer.action_propose`).

        :return: an ``ir.actions.act_window`` dict
        :raise AccessError: when the user may not change the dossier
        """
        self.ensure_one()
        self.check_access("write")
        today = fields.Date.to_string(casework_today(self.env))
        program_ids = self.program_ids.ids
        context = {
            "casework_propose_beneficiary_id": self.id,
            "casework_program_ids": program_ids,
            "create": False,
        }
        if program_ids:
            context["search_default_dossier_programs"] = 1
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose an offer to %(dossier)s", dossier=self.display_name),
            "res_model": "casework.offer",
            "view_mode": "list",
            "views": [(self.env.ref("casework_offers.casework_offer_view_list_propose").id, "list"), (False, "form")],
            "search_view_id": [self.env.ref("casework_offers.casework_offer_view_search_propose").id],
            "domain": [("date_end", ">=", today)],
            "context": context,
            "target": "current",
        }
