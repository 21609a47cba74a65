from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.casework_base.tools.dates import casework_today


class CaseworkInvoicingWizard(models.TransientModel):
    """Invoice the funders of conventions for a period (Casework ›
    Funding › Invoicing): finance picks the conventions and the period (by
    default the previous month) and gets the draft invoices, one per
    convention and funder share. Re-running a period invoices only what was
    not invoiced yet (see ``casework.convention._casework_invoice``).

    Finance only (access rights on the wizard, checked again on the
    conventions); the wizard shows no participant.
    """

    _name = "casework.invoicing.wizard"
    _description = "Invoicing of funders"

    convention_ids = fields.Many2many(
        "casework.convention", string="Conventions", required=True,
        domain=[("active", "=", True)],
    )
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_period()[0])
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_period()[1])
    invoice_date = fields.Date(help="Leave empty: the invoices are dated on posting.")
    journal_id = fields.Many2one(
        "account.journal", domain=[("type", "=", "sale")],
        default=lambda self: self.env["account.journal"].search([
            *self.env["account.journal"]._check_company_domain(self.env.company), ("type", "=", "sale"),
        ], limit=1),
        help="The sales journal of the invoices (a convention of another company uses its company's).",
    )

    @api.model
    def _default_period(self):
        first = casework_today(self.env).replace(day=1) - relativedelta(months=1)
        return first, first + relativedelta(months=1, days=-1)

    def action_invoice(self):
        """Create the invoices of the period and open them; when everything
        was already invoiced, say so and create nothing.

        :raise AccessError: for a user who is not finance
        :raise UserError: see ``casework.convention._casework_invoice``
        """
        self.ensure_one()
        moves = self.convention_ids._casework_invoice(
            self.date_from, self.date_to, journal=self.journal_id, invoice_date=self.invoice_date,
        )
        if not moves:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "title": self.env._("Nothing to invoice"),
                    "message": self.env._(
                        "The steps of these conventions earned nothing over the period that is not invoiced yet.",
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_invoicing.account_move_action_funder")
        action["domain"] = [("id", "in", moves.ids)]
        return action
