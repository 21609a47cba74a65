import re

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.casework_contract_letter import LETTER_REPORTS, STATE_LETTERS

# labels printed on the letters: French whatever the user's language (a letter of a French département)
PRINTED_AGREEMENTS = {"yes": "Oui", "no": "Non", "nc": "NC"}
PRINTED_DECISIONS = {
    "validated": "CER validé",
    "validated_other_duration": "CER validé pour une autre durée",
    "refused": "CER non validé",
}


class CaseworkContract(models.Model):
    """The letters of a contract (CER sans décision, décision valide,
    décision non valide, vierge): QWeb PDF reports on ``casework.contract``,
    rendered with the current user's rights."""

    _inherit = "casework.contract"

    letter_ids = fields.One2many("casework.contract.letter", "contract_id", string="Letters")

    def _casework_letter_kind(self):
        """The letter that fits the contract's state: "without_decision"
        until it is decided, "valid" once validated, "invalid" once refused."""
        self.ensure_one()
        return STATE_LETTERS[self.state]

    def _casework_letter_file_name(self, kind):
        """The letter's file name, e.g. ``CER_D2026-000123_3_sans_decision.pdf``
        (``CER_vierge.pdf`` for the blank one, which names no one). Only
        letters, digits, "_" and "-" before the extension: the stem is a valid
        name of a dossier document."""
        self.ensure_one()
        suffix = LETTER_REPORTS[kind][1]
        if kind == "blank":
            return f"CER_{suffix}.pdf"
        number = re.sub(r"[^A-Za-z0-9-]+", "-", self.beneficiary_id.number or "").strip("-") or "dossier"
        return f"CER_{number}_{self.number}_{suffix}.pdf"

    def _casework_letter_pdf(self, kind):
        """Render the letter ``kind`` of this one contract (ensure_one) as PDF.

        :param kind: 'without_decision' | 'valid' | 'invalid' | 'blank'
        :return: (pdf_bytes, file_name)   # file_name like 'CER_D2026-000123_3_sans_decision.pdf'
        :raise UserError: for an unknown kind, or when wkhtmltopdf is missing
        :raise AccessError: when the current user may not read the contract

        The caller has checked read access; rendered with the current user's
        rights (no sudo). Under tests, Odoo renders reports as HTML unless the
        context holds ``force_report_rendering=True``.
        """
        self.ensure_one()
        if kind not in LETTER_REPORTS:
            raise UserError(self.env._("Unknown letter model: %(kind)s.", kind=kind))
        self.check_access("read")
        report = self.env.ref(LETTER_REPORTS[kind][0])
        content, _report_format = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)
        return content, self._casework_letter_file_name(kind)

    def _casework_letter_values(self, kind):
        """What the letter ``kind`` prints of the contract, as the current
        user reads it: a dict of texts (empty ones for the blank letter).
        Never the internal comment, the priority nor the note to the référent.

        :return: dict with the keys ``person``, ``referent``, ``decider``,
            ``decision``, ``agreement``, ``objectives`` (list of dicts
            ``theme``, ``person_action``, ``referent_action``)...
        """
        self.ensure_one()
        if kind == "blank":
            return {"blank": True, "objectives": [{}, {}, {}, {}], "person": self.env["casework.beneficiary"],
                    "referent": self.env["res.users"], "decider": self.env["res.users"]}
        dossier = self.beneficiary_id
        referent = dossier.referent_id
        decided = self.transition_ids.filtered(lambda t: t.state_to == self.state and self.state in (
            "validated", "refused")).sorted("date", reverse=True)[:1]
        return {
            "blank": False,
            "person": dossier,
            "civility": "Monsieur" if dossier.civility == "m" else "Madame",
            "referent": referent,
            "structure": referent.casework_structure_id.name or "",
            "territory": dossier.territory_id.name or "",
            "decider": decided.user_id,
            "decision": PRINTED_DECISIONS.get(self.decision) or "",
            "agreement": self.agreement,
            "agreement_label": PRINTED_AGREEMENTS.get(self.agreement, ""),
            "duration": self._casework_letter_months(),
            "objectives": [
                {
                    "theme": objective.theme_id.name or "",
                    "person_action": objective.person_action or "",
                    "referent_action": objective.referent_action or "",
                }
                for objective in self.objective_ids
            ],
        }

    def _casework_letter_footer(self, report):
        """The footer of a letter of the contract (the kernel's letter
        layout): the company, and "CER n° 3 – dossier D2026-000123" except
        on the blank letter, which names no one.

        :return: (left, center) texts
        """
        self.ensure_one()
        if report.report_name == "casework_cer.report_contract_letter_blank":
            return self.env.company.name or "", ""
        return self.env.company.name or "", f"CER n° {self.number} – dossier {self.beneficiary_id.number}"

    def _casework_letter_months(self):
        """The duration of the contract in whole months (validated duration
        when set), or 0 when it has no end."""
        self.ensure_one()
        if self.validated_months:
            return self.validated_months
        if not self.date_end:
            return 0
        end = self.date_end
        months = (end.year - self.date_start.year) * 12 + end.month - self.date_start.month
        # a contract from the 1st to the last day of a month counts that month
        return months + 1 if end.day >= self.date_start.day - 1 else months

    def _message_post_after_hook(self, message, msg_vals):
        """A letter's copy attached to a message sent to the dossier's person
        (the e-mail composer opened by the letter wizard): the letter is sent."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.attachment_ids:
            # sudo: the contract's letters, matched on the message's own attachments and recipients
            letters = self.env["casework.contract.letter"].sudo().search([
                ("contract_id", "in", self.ids), ("attachment_id", "in", message.attachment_ids.ids),
                ("date_sent", "=", False),
            ])
            for letter in letters:
                if letter.contract_id.beneficiary_id.partner_id in message.sudo().partner_ids:
                    letter.date_sent = message.date or fields.Datetime.now()
        return result

    def action_open_letter_wizard(self):
        """Open "Create a document" on one contract (the seed's "fusion"):
        the letter fitting its state is proposed."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create a document"),
            "res_model": "casework.contract.letter.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }
