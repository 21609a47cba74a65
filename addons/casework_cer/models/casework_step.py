from odoo import api, fields, models


class CaseworkStep(models.Model):
    """A step or positioning linked to the objectives of the dossier's
    contracts it serves (the seed's "lier à un objectif", possible at any
    time, even once the contract is decided)."""

    _inherit = "casework.step"

    contract_objective_ids = fields.Many2many(
        "casework.contract.objective", "casework_contract_objective_step_rel", "step_id", "objective_id",
        string="CER objectives", domain="[('beneficiary_id', '=', beneficiary_id)]",
        groups="casework_base.group_casework_referent,casework_base.group_casework_fse",
    )

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        if not self.env.su:
            steps.filtered("contract_objective_ids").contract_objective_ids._casework_check_steps()
        return steps

    def write(self, vals):
        result = super().write(vals)
        if not self.env.su and "contract_objective_ids" in vals:
            # sudo: only the objectives' dossiers, compared with their steps' (the step's write access checked above)
            self.sudo().contract_objective_ids.with_env(self.env)._casework_check_steps()
        return result
