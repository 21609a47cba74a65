from odoo import api, fields, models
from odoo.exceptions import AccessError


class CaseworkContractObjective(models.Model):
    """An objective of a contract: a theme, what the person will do, what
    the référent will do, and the dossier's steps or positionings that serve
    it. A case record of its contract's dossier; it is changed by whoever may
    change its contract, except its links to steps, which the référent adds
    at any time (the seed: "lier à un objectif", even after validation)."""

    _name = "casework.contract.objective"
    _description = "CER objective"
    _inherit = ["casework.case.mixin"]
    _order = "contract_id, sequence, id"
    _casework_anonymise_fields = ("person_action", "referent_action")

    contract_id = fields.Many2one("casework.contract", required=True, ondelete="cascade",
                                  index=True)
    beneficiary_id = fields.Many2one(related="contract_id.beneficiary_id", store=True, required=False)
    sequence = fields.Integer(default=10)
    theme_id = fields.Many2one("casework.contract.theme", required=True, ondelete="restrict")
    person_action = fields.Text(string="What the person will do")
    referent_action = fields.Text(string="What the référent will do")
    step_ids = fields.Many2many(
        "casework.step", "casework_contract_objective_step_rel", "objective_id", "step_id", string="Steps",
        domain="[('beneficiary_id', '=', beneficiary_id)]",
    )

    @api.depends("theme_id", "contract_id")
    def _compute_display_name(self):
        for objective in self:
            objective.display_name = self.env._(
                "CER %(number)s: %(theme)s", number=objective.contract_id.number,
                theme=objective.theme_id.display_name or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        objectives = super().create(vals_list)
        if not self.env.su:
            objectives.contract_id._casework_check_edit({"objective_ids"})
            objectives._casework_check_steps()
        return objectives

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            if set(vals) - {"step_ids"}:
                self.contract_id._casework_check_edit({"objective_ids"})
            if vals.get("contract_id"):
                # moved to another contract: that one must be changeable too (same dossier: checked by the mixin)
                self.env["casework.contract"].browse(vals["contract_id"])._casework_check_edit({"objective_ids"})
        result = super().write(vals)
        if not self.env.su and "step_ids" in vals:
            self._casework_check_steps()
        return result

    def unlink(self):
        if not self.env.su:
            self.check_access("unlink")
            self.contract_id._casework_check_edit({"objective_ids"})
        return super().unlink()

    def _casework_check_steps(self):
        """An objective links only steps of its own dossier (whichever side
        the link is made from).

        :raise AccessError: naming the model, as the dossier checks of case records
        """
        for objective in self:
            # sudo: only the steps' dossier ids, compared with the objective's
            if objective.sudo().step_ids.beneficiary_id - objective.sudo().beneficiary_id:
                raise AccessError(self.env._(
                    "A record of a dossier cannot be moved to another dossier, nor refer to a record of another "
                    "dossier (%(model)s). Merging two dossiers moves their records.",
                    model=self._description,
                ))
