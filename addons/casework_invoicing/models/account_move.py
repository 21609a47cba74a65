from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.words import amount_to_words_fr

CONVENTION_FIELDS = {"casework_convention_id", "casework_period_start", "casework_period_end"}


class AccountMove(models.Model):
    """An invoice (or credit note) to a funder for a convention and a period.

    The invoicing of funders (``casework.convention._casework_invoice``)
    fills the convention, the period and the Chorus Pro references (service
    code in ``buyer_reference``, commitment number in
    ``purchase_order_reference``, the convention's reference in
    ``contract_reference``, carried into the Factur-X XML by Odoo's
    ``account_edi_ubl_cii``). A credit note keeps them (Odoo copies them on
    reversal). Nothing here names a participant: the lines do, as the
    convention allows, and the anonymisation of a dossier never alters them
    (the invoice points to no dossier nor person).
    """

    _inherit = "account.move"

    casework_convention_id = fields.Many2one(
        "casework.convention", string="Convention", index="btree_not_null", readonly=True, ondelete="restrict",
        help="The funding convention this invoice is for (invoicing of funders).",
    )
    casework_period_start = fields.Date(string="Period from", readonly=True)
    casework_period_end = fields.Date(string="Period to", readonly=True)
    casework_invoice_line_ids = fields.One2many(
        "casework.invoice.line", "move_id", string="Invoiced steps", readonly=True,
        groups="casework_base.group_casework_finance",
    )
    casework_is_reversed = fields.Boolean(
        string="Credited in full", compute="_compute_casework_is_reversed", store=True,
        help="A posted credit note (or several) reverses the whole invoice: what it invoiced can be invoiced "
        "again.",
    )
    casework_amount_words = fields.Char(
        string="Total in words", compute="_compute_casework_amount_words",
        help="The total of the invoice in French words, as the invoice states it.",
    )

    @api.depends("amount_total", "reversal_move_ids.state", "reversal_move_ids.amount_total")
    def _compute_casework_is_reversed(self):
        for move in self:
            if not move.casework_convention_id or move.move_type != "out_invoice":
                move.casework_is_reversed = False
                continue
            credited = sum(move.reversal_move_ids.filtered(lambda m: m.state == "posted").mapped("amount_total"))
            move.casework_is_reversed = move.currency_id.compare_amounts(credited, move.amount_total) >= 0

    @api.depends("amount_total", "currency_id")
    def _compute_casework_amount_words(self):
        for move in self:
            move.casework_amount_words = amount_to_words_fr(move.amount_total, move.currency_id.name or "EUR")

    def write(self, vals):
        if not self.env.su and CONVENTION_FIELDS & set(vals):
            raise AccessError(self.env._(
                "The convention and the period of a funder's invoice are set by the invoicing of funders only.",
            ))
        return super().write(vals)

    def button_draft(self):
        """A funder's invoice or credit note never returns to draft once
        posted or cancelled: the steps it invoiced may have been invoiced
        again since (a cancelled invoice releases them, a credit note too).
        A correction is a credit note, then a new invoicing.

        :raise UserError: naming the invoice
        """
        if not self.env.su:
            for move in self.filtered("casework_convention_id"):
                raise UserError(self.env._(
                    "%(move)s is an invoice of the funders of a convention: it cannot return to draft. Issue a "
                    "credit note, then invoice the period again.", move=move.display_name,
                ))
        return super().button_draft()
