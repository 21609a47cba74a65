import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..models.casework_contract_letter import LETTER_KINDS, LETTER_REPORTS, STATE_LETTERS

# letters that may be e-mailed to the person: a contract that was not
# validated goes by post with the formal notice (the seed: no e-mail then)
SENDABLE_KINDS = ("without_decision", "valid")
# letters of a decision: only for a contract that got it
DECISION_KINDS = ("valid", "invalid")


class CaseworkContractLetterWizard(models.TransientModel):
    """Create a document (the seed's "fusion"): produce one of the letters of
    a contract, the one fitting its state being proposed, then download it,
    file it in the dossier's documents, or send it by e-mail to the person
    (which files it too).

    For whoever may read the contract: the contract given by the client is
    checked as the current user (an ``AccessError`` for another dossier's);
    the dossier, its documents and the recipient are always the contract's
    own, and the document and the message are created with the user's rights.
    """

    _name = "casework.contract.letter.wizard"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Create a CER document"
    _casework_dossier_fields = ("contract_id",)
    _casework_dossier_operation = "read"

    contract_id = fields.Many2one("casework.contract", required=True, ondelete="cascade")
    kind = fields.Selection(
        LETTER_KINDS, string="Model", required=True, compute="_compute_kind", store=True, readonly=False,
        precompute=True,
    )
    proposed_kind = fields.Selection(
        LETTER_KINDS, string="Proposed model", compute="_compute_proposed_kind",
        help="The model that fits the contract's state.",
    )
    can_send = fields.Boolean(compute="_compute_can_send")
    send_refusal = fields.Char(compute="_compute_can_send")

    @api.depends("contract_id")
    def _compute_kind(self):
        for wizard in self:
            wizard.kind = wizard.contract_id._casework_letter_kind() if wizard.contract_id else "blank"

    @api.depends("contract_id")
    def _compute_proposed_kind(self):
        for wizard in self:
            wizard.proposed_kind = wizard.contract_id._casework_letter_kind() if wizard.contract_id else False

    @api.depends("contract_id", "kind")
    def _compute_can_send(self):
        for wizard in self:
            wizard.send_refusal = wizard.contract_id and wizard.kind and wizard._casework_send_refusal()
            wizard.can_send = not wizard.send_refusal

    @api.onchange("contract_id")
    def _onchange_contract_id_check_scope(self):
        self._casework_check_dossier_scope()

    def _casework_file_refusal(self):
        self.ensure_one()
        if self.kind == "blank":
            return self.env._(
                "A blank contract is printed to be filled in by hand: it is neither filed nor sent. Download it."
            )
        return False

    def _casework_send_refusal(self):
        """Why the letter cannot be e-mailed to the person, or False."""
        self.ensure_one()
        refusal = self._casework_file_refusal()
        if refusal:
            return refusal
        if self.kind not in SENDABLE_KINDS:
            return self.env._(
                "A contract that was not validated is sent by post with the formal notice, not by e-mail: "
                "download it or file it."
            )
        if not self.contract_id.beneficiary_id.email:
            return self.env._(
                "The dossier has no e-mail address: ask the person for one and add it to the dossier's identity, "
                "or print the letter and hand it over."
            )
        return False

    def _casework_check(self):
        """The wizard's contract, checked again as the current user, and the
        letter's model: a decision letter only for a contract so decided
        (:data:`STATE_LETTERS`), the blank one and the one without decision
        for any contract.

        :raise AccessError: for a contract out of the user's scope
        :raise UserError: no model, or a decision the contract did not get
        """
        self.ensure_one()
        self._casework_check_dossier_scope()
        if self.kind not in LETTER_REPORTS:
            raise UserError(self.env._("Choose the model of the document."))
        contract = self.contract_id
        if self.kind in DECISION_KINDS and STATE_LETTERS[contract.state] != self.kind:
            raise UserError(self.env._(
                "%(contract)s is in the state “%(state)s”: the letter “%(letter)s” does not fit it. Choose the "
                "letter without decision, or wait for the decision.",
                contract=contract.display_name, state=contract._casework_state_label(),
                letter=dict(self._fields["kind"]._description_selection(self.env))[self.kind],
            ))
        return contract

    def _casework_file(self):
        """Render the letter and file it in the dossier's documents (folder
        and type "CER"), as the current user; record the letter.

        :return: the ``casework.contract.letter`` record
        :raise UserError: for a blank letter
        :raise AccessError: when the user may not add documents to the dossier
        """
        contract = self._casework_check()
        refusal = self._casework_file_refusal()
        if refusal:
            raise UserError(refusal)
        content, file_name = contract._casework_letter_pdf(self.kind)
        # the nomenclature is the administrators': a folder or type they removed is left empty
        folder = self.env.ref("casework_cer.casework_document_folder_cer", raise_if_not_found=False)
        doc_type = self.env.ref("casework_followup.casework_document_type_cer", raise_if_not_found=False)
        document = self.env["casework.document"].create({
            "name": file_name[:-4],
            "beneficiary_id": contract.beneficiary_id.id,
            "folder_id": folder.id if folder else False,
            "type_id": doc_type.id if doc_type else False,
            "file": base64.b64encode(content),
            "file_name": file_name,
        })
        # sudo: the system's trace of the letter, once the user filed the document in the dossier
        return self.env["casework.contract.letter"].sudo().create({
            "contract_id": contract.id, "kind": self.kind, "document_id": document.id, "user_id": self.env.uid,
        }).sudo(False)

    def action_download(self):
        """Download the letter (PDF); nothing is filed."""
        contract = self._casework_check()
        return self.env.ref(LETTER_REPORTS[self.kind][0]).report_action(contract, config=False)

    def action_file(self):
        """File the letter in the dossier's documents and open the document."""
        letter = self._casework_file()
        return {
            "type": "ir.actions.act_window",
            "res_model": "casework.document",
            "res_id": letter.document_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_send(self):
        """File the letter, then open the e-mail composer on the contract,
        addressed to the dossier's person, the letter attached.

        :raise UserError: for a blank or non-validated letter, or when the
            dossier has no e-mail address (the seed's degraded modes: print it)
        """
        contract = self._casework_check()
        refusal = self._casework_send_refusal()
        if refusal:
            raise UserError(refusal)
        letter = self._casework_file()
        document = letter.document_id
        # the composer's own kind of attachment: linked to the contract when the message is posted
        attachment = self.env["ir.attachment"].create({
            "name": document.file_name,
            "datas": document.file,
            "mimetype": "application/pdf",
            "res_model": "mail.compose.message",
            "res_id": 0,
        })
        # sudo: the system's trace of the letter (created above by the system)
        letter.sudo().attachment_id = attachment
        template = self.env.ref("casework_cer.mail_template_contract_letter")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the CER by e-mail"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": contract._name,
                "default_res_ids": contract.ids,
                "default_composition_mode": "comment",
                "default_template_id": template.id,
                "default_attachment_ids": [Command.set(attachment.ids)],
                "default_partner_ids": [Command.set(contract.beneficiary_id.partner_id.ids)],
            },
        }
