"""The demo invoicing (``post_init_hook``): a month of the demo conventions
invoiced (the last month whose attendance earned something, within the
three months before the installation), every invoice posted, the first one
credited in full and invoiced again (left in draft), as finance would
correct an invoice."""

from dateutil.relativedelta import relativedelta

from odoo import fields


def generate(env):
    """Invoice the demo conventions; returns the invoices and credit notes
    created (``account.move``)."""
    conventions = env["casework.convention"].search([])
    today = fields.Date.context_today(conventions)
    moves = env["account.move"]
    first = today.replace(day=1)
    for months in range(1, 4):
        start = first - relativedelta(months=months)
        moves = conventions._casework_invoice(start, start + relativedelta(months=1, days=-1))
        if moves:
            break
    if not moves:
        return moves
    moves.action_post()
    invoice = moves.sorted("id")[0]
    credit_note = invoice._reverse_moves(
        default_values_list=[{"ref": "Avoir : heures d'émargement corrigées", "invoice_date": today}], cancel=True,
    )
    again = invoice.casework_convention_id._casework_invoice(invoice.casework_period_start, invoice.casework_period_end)
    return moves | credit_note | again
