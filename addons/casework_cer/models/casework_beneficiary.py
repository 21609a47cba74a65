from odoo import api, fields, models


class CaseworkBeneficiary(models.Model):
    _inherit = "casework.beneficiary"

    contract_ids = fields.One2many(
        "casework.contract", "beneficiary_id", string="Contracts (CER)",
        groups="casework_base.group_casework_referent,casework_base.group_casework_fse",
    )
    contract_count = fields.Integer(
        compute="_compute_contract_count", string="CER",
        groups="casework_base.group_casework_referent,casework_base.group_casework_fse",
    )
    has_contract = fields.Boolean(
        compute="_compute_contract_count", search="_search_has_contract", string="Has a CER",
        groups="casework_base.group_casework_referent,casework_base.group_casework_fse",
        help="The dossier has a contract, whatever its state.",
    )

    @api.depends_context("uid")
    @api.depends("contract_ids")
    def _compute_contract_count(self):
        Contract = self.env["casework.contract"]
        if not Contract.has_access("read"):
            self.contract_count = 0
            self.has_contract = False
            return
        counts = dict(Contract._read_group([("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]))
        for dossier in self:
            dossier.contract_count = counts.get(dossier, 0)
            dossier.has_contract = bool(dossier.contract_count)

    def _search_has_contract(self, operator, value):
        """Dossiers with (or without) a contract, whatever its state."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        positive = (operator == "=") == value
        return [("contract_ids", "!=" if positive else "=", False)]

    def unlink(self):
        # the database deletes the dossiers' contracts with them: their signatures that signed nothing go first,
        # a signed one restricts the deletion (the proof of the person's agreement)
        self.check_access("unlink")
        # sudo: the signatures of dossiers the user may delete
        self.env["casework.contract.signature"].sudo().search(
            [("contract_id.beneficiary_id", "in", self.ids), ("state", "!=", "signed")]
        ).unlink()
        return super().unlink()

    def action_open_contracts(self):
        """The contracts of the dossier, a new one suggesting the next number.

        :return: an ``ir.actions.act_window`` dict
        """
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_cer.casework_contract_action")
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {"default_beneficiary_id": self.id}
        return action
