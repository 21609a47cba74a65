from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseworkContractSignatureWizard(models.TransientModel):
    """The référent types the code the person received by SMS.

    The code itself is never stored, not even here: what the form sends is
    turned at once into its keyed hash (:meth:`create`, :meth:`write`), which
    :meth:`action_confirm` compares with the signature's. A wrong code is
    counted and the wizard shows how many tries are left. Only for a
    signature the user may read (the kernel's wizard mixin) of a contract
    they may sign (``casework.contract._casework_check_can_sign``), and
    private to its author (``security/casework_cer_rules.xml``).
    """

    _name = "casework.contract.signature.wizard"
    _description = "Code of a CER signature by SMS"
    _inherit = ["casework.dossier.wizard.mixin"]
    # the signature given is checked as the user before anything of it is read back
    _casework_dossier_fields = ("signature_id",)
    _casework_dossier_operation = "read"

    signature_id = fields.Many2one("casework.contract.signature", required=True, readonly=True, ondelete="cascade")
    contract_id = fields.Many2one(related="signature_id.contract_id")
    phone_masked = fields.Char(related="signature_id.phone_masked")
    date_expiry = fields.Datetime(related="signature_id.date_expiry")
    state = fields.Selection(related="signature_id.state")
    code = fields.Char(string="Code received by the person", help="The 6 digits of the SMS.")
    code_digest = fields.Char(readonly=True, groups="base.group_system")
    message = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        codes = [vals.pop("code", None) for vals in vals_list]
        if not self.env.su:
            for vals in vals_list:
                # what the wizard says and the code's hash are the server's
                vals.pop("message", None)
                vals.pop("code_digest", None)
        wizards = super().create(vals_list)
        for wizard in wizards:
            # a code entry only for a contract the user may sign (AccessError out of the dossier's scope)
            wizard.signature_id.contract_id._casework_check_can_sign()
        for wizard, code in zip(wizards, codes, strict=True):
            if code:
                wizard._casework_set_code(code)
        return wizards

    def write(self, vals):
        vals = dict(vals)
        code = vals.pop("code", None)
        if not self.env.su:
            vals.pop("code_digest", None)
            vals.pop("message", None)
        if "signature_id" in vals:
            raise UserError(self.env._("The signature of a code entry cannot be changed."))
        result = super().write(vals) if vals else True
        if code:
            for wizard in self:
                wizard._casework_set_code(code)
        return result

    def _casework_set_code(self, code):
        self.ensure_one()
        # the code's keyed hash only, written as the system (a system-only field)
        self.sudo().code_digest = self.signature_id.sudo()._casework_digest(code.strip())

    def _casework_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Signature by SMS code"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        """Check the code typed and, when right, sign the contract.

        :return: a notification closing the wizard once signed; the wizard
            again with the refusal's message otherwise
        :raise AccessError: when the user may not change the contract
        """
        self.ensure_one()
        self.check_access("write")
        # sudo: the code's keyed hash, compared on the server and never returned
        digest = self.sudo().code_digest
        if not digest:
            # sudo: the wizard's message is the server's
            self.sudo().message = self.env._("Type the 6-digit code the person received by SMS.")
            return self._casework_action()
        message = self.signature_id._casework_verify(digest=digest)
        # sudo: the wizard's system fields; the code is used once
        self.sudo().write({"code_digest": False, "message": message or False})
        if message:
            return self._casework_action()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The contract is signed: the signed letter is in the dossier's documents."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
