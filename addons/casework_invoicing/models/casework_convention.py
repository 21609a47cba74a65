import uuid
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date, formatLang

from odoo.addons.casework_fse.models.casework_convention import EARNING_STEP_STATES, FINANCE_GROUPS

from ..tools.rounding import split_lines

INVOICING_GROUPS = ("casework_base.group_casework_finance",)


def uncovered_ranges(first, last, covered):
    """The ranges of days of ``first``..``last`` (dates, included) outside
    every range of ``covered`` (list of (first, last)).

    :return: list of (first day, last day), in order
    """
    result, start = [], first
    for cover_first, cover_last in sorted(covered):
        if cover_last < start or cover_first > last:
            continue
        if cover_first > start:
            result.append((start, cover_first - timedelta(days=1)))
        start = max(start, cover_last + timedelta(days=1))
        if start > last:
            return result
    if start <= last:
        result.append((start, last))
    return result


class CaseworkConvention(models.Model):
    """The invoicing of funders on the conventions: invoices to the funder,
    or to each co-funder for its share, one line per step, for a period.

    Business rules (server side):

    * only finance (and administrators, who are finance too) invoices
      (:meth:`_casework_check_invoicing_right`);
    * nothing is invoiced twice: each invoice line records the step, the
      funder and the period it invoices (``casework.invoice.line``); the
      days of a step already invoiced (invoice not cancelled nor credited in
      full) are left out of a new invoicing, so re-running a period creates
      nothing; a credit note releases them;
    * the co-funders' invoices of a run sum exactly, to the cent, to what
      the steps earned (:func:`~..tools.rounding.split_lines`: largest
      remainder on the total, each line split within a cent of its share);
    * a line names the participant by the dossier number, or by name when
      ``invoice_participant_names`` says the funder requires it.
    """

    _inherit = "casework.convention"

    invoice_participant_names = fields.Boolean(
        string="Name the participants on invoices", groups=FINANCE_GROUPS, tracking=True,
        help="The funder's contract requires the participants' names on its invoices. Otherwise invoices name them "
        "by their dossier number only. A posted invoice is an accounting record kept ten years: the anonymisation "
        "of a dossier does not alter it.",
    )
    invoice_product_id = fields.Many2one(
        "product.product", string="Invoiced service", groups=FINANCE_GROUPS, ondelete="restrict",
        default=lambda self: self.env.ref("casework_invoicing.product_funded_service", raise_if_not_found=False),
        help="The product of the invoice lines: its income account and its taxes (funded training is usually "
        "exempt from VAT) apply.",
    )
    invoice_ids = fields.One2many(
        "account.move", "casework_convention_id", string="Invoices", groups=FINANCE_GROUPS, readonly=True,
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count", groups=FINANCE_GROUPS)

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("invoice_participant_names") for vals in vals_list):
            self._casework_check_names_switch()
        return super().create(vals_list)

    def write(self, vals):
        if "invoice_participant_names" in vals:
            self._casework_check_names_switch()
        return super().write(vals)

    @api.model
    def _casework_check_names_switch(self):
        """Whether invoices name the participants is the Casework
        administrators' decision (the funder's contract), never the finance
        team's, who may not read the names otherwise.

        :raise AccessError: for any other user
        """
        if not self.env.su and not self.env.user.has_group("casework_base.group_casework_admin"):
            raise AccessError(self.env._(
                "Only Casework administrators decide that invoices name the participants (when the funder's "
                "contract requires it).",
            ))

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for convention in self:
            convention.invoice_count = len(convention.invoice_ids)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_invoices(self):
        """Open the invoices and credit notes of the conventions."""
        self._casework_check_invoicing_right()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_invoicing.account_move_action_funder")
        action["domain"] = [("casework_convention_id", "in", self.ids)]
        return action

    def action_open_invoicing_wizard(self):
        """Open the invoicing wizard on the conventions."""
        self._casework_check_invoicing_right()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_invoicing.casework_invoicing_wizard_action")
        action["context"] = {"default_convention_ids": self.ids}
        return action

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------

    def _get_amount_invoiced_by_step(self):
        """What was invoiced for each step of the conventions ``self``: the
        lines of the invoices neither cancelled nor credited in full.

        :return: dict {step id: amount (float, untaxed, every funder's share)}
        """
        result = super()._get_amount_invoiced_by_step()
        if not self.ids:
            return result
        # sudo: sums per step for the convention's figures (no line, no name shown)
        lines = self.env["casework.invoice.line"].sudo().search(
            Domain("convention_id", "in", self.ids) & self.env["casework.invoice.line"]._active_domain()
        )
        for line in lines:
            result[line.step_id.id] = result.get(line.step_id.id, 0.0) + line.amount
        return result

    @api.model
    def _casework_check_invoicing_right(self):
        """Only finance invoices the funders.

        :raise AccessError: for any other user
        """
        if not (self.env.su or any(self.env.user.has_group(group) for group in INVOICING_GROUPS)):
            raise AccessError(self.env._("Only finance users invoice the funders of the conventions."))

    def _casework_invoice_weights(self):
        """Each funder's weight in the split, as integers so that the split
        is exact: hundredths of a percentage, or cents of the share amount.

        :return: list of (res.partner, int), in the co-funders' order
        """
        self.ensure_one()
        convention = self.sudo()
        if not convention.cofunder_ids:
            return [(convention.funder_id, 1)]
        if convention.cofunding_mode == "amount":
            return [(line.partner_id, round(line.share_amount * 100)) for line in convention.cofunder_ids]
        return [(line.partner_id, round(line.share_percent * 100)) for line in convention.cofunder_ids]

    def _casework_lock_for_invoicing(self):
        """Lock the conventions' rows until the end of the transaction: two
        invoicings of the same convention at once run one after the other,
        the second seeing what the first invoiced."""
        if self.ids:
            # raw SQL: a row lock, no value read nor written
            self.env.cr.execute(SQL(
                "SELECT id FROM casework_convention WHERE id IN %s ORDER BY id FOR NO KEY UPDATE", tuple(self.ids),
            ))

    def _casework_invoice(self, date_from, date_to, journal=None, invoice_date=None):
        """Invoice the funders of the conventions ``self`` for the period
        ``date_from`` to ``date_to`` (dates, included): one draft customer
        invoice per convention and funder share, one line per step that
        earned something on days not yet invoiced.

        :param journal: ``account.journal`` of type sale (default: the
            convention's company's first sale journal)
        :param invoice_date: date of the invoices (default: set at posting)
        :return: ``account.move`` recordset of the invoices created (empty
            when everything was already invoiced)
        :raise AccessError: for a user who is not finance
        :raise UserError: for a period that ends before it starts, a
            journal that is not a sale journal, or a period whose co-funders'
            invoices were credited for some co-funders only
        """
        self._casework_check_invoicing_right()
        self.check_access("write")
        if not (date_from and date_to) or date_to < date_from:
            raise UserError(self.env._("The period to invoice must start on or before its end."))
        if journal and journal.type != "sale":
            raise UserError(self.env._("The journal %(journal)s is not a sales journal.", journal=journal.display_name))
        self._casework_lock_for_invoicing()
        run_ref = uuid.uuid4().hex
        moves = self.env["account.move"]
        for convention in self:
            moves |= convention._casework_invoice_one(date_from, date_to, journal, invoice_date, run_ref)
        return moves

    def _casework_realised_to_invoice(self, bounds, steps):
        """Hours and amounts earned by ``steps`` over the days of ``bounds``
        not yet invoiced, step by step.

        :return: dict {step id: {"hours": float, "amount": float}}
        """
        self.ensure_one()
        covered = self.env["casework.invoice.line"]._invoiced_ranges(self, steps, *bounds)
        groups = defaultdict(lambda: self.env["casework.step"].sudo())
        for step in steps:
            groups[tuple(uncovered_ranges(*bounds, covered.get(step.id, ())))] |= step
        realised = {}
        for ranges, group in groups.items():
            for first, last in ranges:
                for step_id, values in self._get_realised_amounts(first, last, steps=group).items():
                    total = realised.setdefault(step_id, {"hours": 0.0, "amount": 0.0})
                    total["hours"] += values["hours"]
                    total["amount"] += values["amount"]
        return realised

    def _casework_invoice_one(self, date_from, date_to, journal, invoice_date, run_ref):
        self.ensure_one()
        # sudo: the convention's prices and steps, for the invoicing (right checked by the caller)
        convention = self.sudo()
        bounds = convention._period_bounds(date_from, date_to)
        if not bounds:
            return self.env["account.move"]
        steps = self.env["casework.step"].sudo().search(
            [("convention_id", "=", self.id), ("state", "in", EARNING_STEP_STATES)],
        )
        partly = self.env["casework.invoice.line"]._partly_credited(self, steps, *bounds)
        if partly:
            raise UserError(self.env._(
                "Some co-funders' invoices of the convention %(convention)s over this period were credited, and "
                "not these: %(invoices)s. Credit them too before invoicing the period again (the co-funders' "
                "shares are split over the whole invoicing).",
                convention=self.display_name, invoices=", ".join(partly.mapped("display_name")),
            ))
        currency = convention.currency_id
        realised = convention._casework_realised_to_invoice(bounds, steps)
        invoiced = steps.filtered(lambda step: currency.round(realised.get(step.id, {}).get("amount", 0.0)) > 0)
        if not invoiced:
            return self.env["account.move"]
        invoiced = invoiced.sorted(lambda step: (step.offer_id.name or "", step.beneficiary_id.number or "", step.id))
        weights = convention._casework_invoice_weights()
        cents = [round(realised[step.id]["amount"] * 100) for step in invoiced]
        split = split_lines(cents, [weight for _partner, weight in weights])
        if not journal or journal.company_id != convention.company_id:
            journal = self.env["account.journal"].search([
                *self.env["account.journal"]._check_company_domain(convention.company_id), ("type", "=", "sale"),
            ], limit=1)
            if not journal:
                raise UserError(self.env._(
                    "The company %(company)s has no sales journal: configure its accounting first.",
                    company=convention.company_id.name,
                ))
        moves = self.env["account.move"]
        for index, (partner, _weight) in enumerate(weights):
            parts = [(step, line[index]) for step, line in zip(invoiced, split, strict=True) if line[index]]
            if parts:
                moves |= self._casework_create_invoice(
                    partner, parts, realised, bounds, journal, invoice_date, run_ref, len(weights) > 1,
                )
        return moves

    def _casework_create_invoice(self, partner, parts, realised, bounds, journal, invoice_date, run_ref, shared):
        """One invoice to ``partner`` for ``parts`` (list of (step, cents))
        and its lock lines."""
        self.ensure_one()
        convention = self.sudo()
        env = self.with_context(lang=partner.lang or self.env.lang).env
        currency = convention.currency_id
        product = convention.invoice_product_id or self.env.ref("casework_invoicing.product_funded_service")
        period = env._(
            "%(start)s to %(end)s", start=format_date(env, bounds[0]), end=format_date(env, bounds[1]),
        )
        share = dict(convention._casework_invoice_weights()).get(partner, 0)
        line_vals = []
        for step, part in parts:
            amount = part / 100.0
            values = realised[step.id]
            quantity, price = 1.0, amount
            if convention.pricing_mode == "hourly" and not shared and values["hours"] and not currency.compare_amounts(
                    currency.round(values["hours"] * convention.hourly_rate), amount):
                quantity, price = values["hours"], convention.hourly_rate
            line_vals.append({
                "product_id": product.id,
                "name": convention._casework_invoice_label(env, step, values, shared and share),
                "quantity": quantity,
                "price_unit": price,
            })
        move = self.env["account.move"].create({
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "journal_id": journal.id,
            "invoice_date": invoice_date or False,
            "invoice_origin": convention.reference,
            "ref": env._("Convention %(reference)s, %(period)s", reference=convention.reference, period=period),
            "casework_convention_id": self.id,
            "casework_period_start": bounds[0],
            "casework_period_end": bounds[1],
            "buyer_reference": convention.chorus_service_code or False,
            "purchase_order_reference": convention.chorus_commitment_number or False,
            "contract_reference": convention.reference,
            "invoice_line_ids": [Command.create(vals) for vals in line_vals],
        })
        lines = move.invoice_line_ids.sorted("id")
        # sudo: the lock lines point to the steps, which finance does not read (they name nobody)
        self.env["casework.invoice.line"].sudo().create([{
            "move_line_id": line.id,
            "convention_id": self.id,
            "step_id": step.id,
            "funder_id": partner.id,
            "date_from": bounds[0],
            "date_to": bounds[1],
            "pricing_kind": "hourly" if convention.pricing_mode == "hourly" else "fee",
            "hours": realised[step.id]["hours"],
            "run_ref": run_ref,
        } for line, (step, _part) in zip(lines, parts, strict=True)])
        return move

    def _casework_invoice_label(self, env, step, values, share):
        """The label of the invoice line of ``step``: the participant as the
        convention allows (dossier number, or name and number), the offer,
        the hours and the rate or the flat fee, the funder's share when
        co-funded (``share``: hundredths of a percent, or False)."""
        convention = self.sudo()
        # sudo: the dossier's number (or name, when the funder's contract requires it) printed on the invoice
        dossier = step.sudo().beneficiary_id
        if convention.invoice_participant_names:
            participant = env._("%(name)s, dossier %(number)s", name=dossier.name, number=dossier.number)
        else:
            participant = env._("Dossier %(number)s", number=dossier.number)
        currency = convention.currency_id
        if convention.pricing_mode == "hourly":
            detail = env._(
                "%(hours)s h at %(rate)s", hours=formatLang(env, values["hours"], digits=2),
                rate=formatLang(env, convention.hourly_rate, currency_obj=currency),
            )
        elif convention.pricing_mode == "participant":
            detail = env._("flat fee per participant: %(fee)s", fee=formatLang(
                env, convention.flat_fee, currency_obj=currency))
        else:
            detail = env._(
                "flat fee per step: %(fee)s", fee=formatLang(env, convention.flat_fee, currency_obj=currency),
            )
        label = f"{participant} – {step.offer_id.name} – {detail}"
        if share and convention.cofunding_mode == "percent":
            label += " – " + env._("share %(percent)s %%", percent=formatLang(env, share / 100.0, digits=2))
        elif share:
            label += " – " + env._("share %(amount)s of %(total)s", amount=formatLang(
                env, share / 100.0, currency_obj=currency), total=formatLang(
                env, convention.amount_planned, currency_obj=currency))
        return label
