from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_base.report.casework_timeline_entry import TIMELINE_ID_FACTOR


class CaseworkTimelineEntry(models.Model):
    """Contracts in the timeline: a contract signed (its signature date),
    each of its state changes (the day of the change, who made it), each
    letter filed or sent to the person (the day, who did it), and its
    signature by SMS code (the day the code was verified, who entered it)."""

    _inherit = "casework.timeline.entry"

    entry_type = fields.Selection(selection_add=[
        ("contract_signed", "CER signed"),
        ("contract_state", "CER state change"),
        ("contract_letter", "CER letter"),
        ("contract_sms_signed", "CER signed by SMS code"),
    ], ondelete={
        "contract_signed": "cascade", "contract_state": "cascade", "contract_letter": "cascade",
        "contract_sms_signed": "cascade",
    })

    @api.model
    def _timeline_queries(self):
        factor = TIMELINE_ID_FACTOR
        return super()._timeline_queries() + [
            SQL("""
                SELECT c.id * %(f)s + 40, c.beneficiary_id, c.date_signature, 'contract_signed', NULL::varchar,
                       c.create_uid, NULL::int, 'casework.contract', c.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_contract c
            """, f=factor),
            SQL("""
                SELECT t.id * %(f)s + 41, t.beneficiary_id, (t.date AT TIME ZONE 'UTC')::date, 'contract_state',
                       NULL::varchar, t.user_id, NULL::int, 'casework.contract.transition', t.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_contract_transition t
            """, f=factor),
            SQL("""
                SELECT l.id * %(f)s + 42, l.beneficiary_id, COALESCE((l.date_sent AT TIME ZONE 'UTC')::date, l.date),
                       'contract_letter', NULL::varchar, l.user_id, NULL::int, 'casework.contract.letter', l.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_contract_letter l
            """, f=factor),
            SQL("""
                SELECT s.id * %(f)s + 43, s.beneficiary_id, (s.date_signed AT TIME ZONE 'UTC')::date,
                       'contract_sms_signed', NULL::varchar, s.signed_by_id, NULL::int,
                       'casework.contract.signature', s.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_contract_signature s
                 WHERE s.state = 'signed'
            """, f=factor),
        ]

    def _compute_description(self):
        res = super()._compute_description()
        entries = self.filtered(
            lambda entry: entry.res_id and entry.entry_type in (
                "contract_signed", "contract_state", "contract_letter", "contract_sms_signed",
            )
        )
        # sudo: the number and state of contracts of dossiers whose timeline the user reads
        contracts = self.env["casework.contract"].sudo().browse(
            entries.filtered(lambda e: e.res_model == "casework.contract").mapped("res_id")).exists()
        transitions = self.env["casework.contract.transition"].sudo().browse(
            entries.filtered(lambda e: e.res_model == "casework.contract.transition").mapped("res_id")).exists()
        letters = self.env["casework.contract.letter"].sudo().browse(
            entries.filtered(lambda e: e.res_model == "casework.contract.letter").mapped("res_id")).exists()
        signatures = self.env["casework.contract.signature"].sudo().browse(
            entries.filtered(lambda e: e.res_model == "casework.contract.signature").mapped("res_id")).exists()
        numbers = {contract.id: contract.number for contract in contracts}
        signed = {signature.id: signature.contract_id.number for signature in signatures}
        kinds = dict(self.env["casework.contract.letter"]._fields["kind"]._description_selection(self.env))
        sent = {
            letter.id: (letter.contract_id.number, kinds[letter.kind], bool(letter.date_sent)) for letter in letters
        }
        states = dict(self.env["casework.contract"]._fields["state"]._description_selection(self.env))
        moves = {
            transition.id: (transition.contract_id.number, states[transition.state_to]) for transition in transitions
        }
        for entry in entries:
            if entry.res_model == "casework.contract" and entry.res_id in numbers:
                entry.description = self.env._("CER %(number)s signed", number=numbers[entry.res_id])
            elif entry.res_model == "casework.contract.letter":
                if entry.res_id in sent:
                    number, kind, is_sent = sent[entry.res_id]
                    entry.description = (
                        self.env._("CER %(number)s: “%(kind)s” sent by e-mail", number=number, kind=kind) if is_sent
                        else self.env._("CER %(number)s: “%(kind)s” filed", number=number, kind=kind)
                    )
            elif entry.res_model == "casework.contract.signature":
                if entry.res_id in signed:
                    entry.description = self.env._("CER %(number)s signed by SMS code", number=signed[entry.res_id])
            elif entry.res_id in moves:
                number, state = moves[entry.res_id]
                entry.description = self.env._("CER %(number)s: %(state)s", number=number, state=state)
        return res
