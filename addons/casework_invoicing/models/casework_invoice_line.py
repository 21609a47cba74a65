from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain

PRICING_KINDS = [("hourly", "Hours attended"), ("fee", "Flat fee")]


class CaseworkInvoiceLine(models.Model):
    """What an invoice line to a funder invoices: the step of a convention
    over a period (the lock that keeps anything from being invoiced twice).

    One record per invoice line the invoicing of funders creates (one per
    step and funder share). The step and its period are *invoiced* while
    the invoice is not cancelled and not reversed in full by posted credit
    notes (:meth:`_active_domain`): re-invoicing the period skips them, and
    the attendance of the step in the period cannot change
    (``casework.attendance``). A credit note (Odoo's reversal) releases
    them: the period can be invoiced again.

    Not personal data by itself: the step is a reference (finance does not
    read steps), the participant is named on the invoice line only, as the
    convention allows; the line of the invoice is the accounting record.
    Only the invoicing (superuser, after its access check) creates these
    records; finance and administrators read them.
    """

    _name = "casework.invoice.line"
    _description = "Invoiced step of a convention"
    _order = "date_from desc, id"
    _rec_name = "move_line_id"

    move_line_id = fields.Many2one(
        "account.move.line", string="Invoice line", required=True, ondelete="cascade", index=True, readonly=True,
    )
    move_id = fields.Many2one(related="move_line_id.move_id", store=True, index=True, string="Invoice")
    convention_id = fields.Many2one("casework.convention", required=True, ondelete="restrict", readonly=True)
    step_id = fields.Many2one(
        "casework.step", required=True, ondelete="restrict", readonly=True, groups="casework_base.group_casework_admin",
    )
    funder_id = fields.Many2one("res.partner", required=True, ondelete="restrict", readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    pricing_kind = fields.Selection(PRICING_KINDS, required=True, readonly=True)
    hours = fields.Float(digits=(10, 2), readonly=True)
    run_ref = fields.Char(
        string="Invoicing run", required=True, readonly=True, index=True,
        help="The invoicing that created the line: the co-funders' invoices of one run are credited together.",
    )
    currency_id = fields.Many2one(related="move_line_id.currency_id")
    amount = fields.Monetary(related="move_line_id.price_subtotal", string="Amount")
    move_state = fields.Selection(related="move_id.state", string="Invoice status")
    is_reversed = fields.Boolean(related="move_id.casework_is_reversed", string="Credited")

    _step_period_idx = models.Index("(convention_id, step_id, date_from, date_to)")
    _period_check = models.Constraint("CHECK (date_to >= date_from)", "A period cannot end before it starts.")

    @api.model
    def _active_domain(self):
        """The lines still invoiced: their invoice is neither cancelled nor
        reversed in full."""
        return Domain("move_id.state", "!=", "cancel") & Domain("move_id.casework_is_reversed", "=", False)

    @api.model
    def _invoiced_ranges(self, convention, steps, date_from, date_to):
        """The ranges of days already invoiced for each step of ``steps`` on
        ``convention`` that meet the period (superuser: the invoicing's
        lock, no name read).

        :return: dict {step id: list of (first day, last day)}
        """
        lines = self.sudo().search(
            Domain("convention_id", "=", convention.id) & Domain("step_id", "in", steps.ids)
            & Domain("date_from", "<=", date_to) & Domain("date_to", ">=", date_from) & self._active_domain()
        )
        ranges = defaultdict(set)
        for line in lines:
            ranges[line.step_id.id].add((line.date_from, line.date_to))
        return {step_id: sorted(values) for step_id, values in ranges.items()}

    @api.model
    def _partly_credited(self, convention, steps, date_from, date_to):
        """The invoices of a run of which some co-funders' invoices were
        credited and others not, meeting the period (such a period is
        re-invoiced once every invoice of the run is credited: the shares are
        split over the run).

        :return: ``account.move`` recordset of the invoices still to credit
        """
        lines = self.sudo().search(
            Domain("convention_id", "=", convention.id) & Domain("step_id", "in", steps.ids)
            & Domain("date_from", "<=", date_to) & Domain("date_to", ">=", date_from)
            & Domain("move_id.state", "!=", "cancel")
        )
        by_run = defaultdict(lambda: self.env["account.move"])
        credited_runs = set()
        for line in lines:
            if line.move_id.casework_is_reversed:
                credited_runs.add(line.run_ref)
            else:
                by_run[line.run_ref] |= line.move_id
        moves = self.env["account.move"]
        for run in credited_runs:
            moves |= by_run.get(run, moves.browse())
        return moves
