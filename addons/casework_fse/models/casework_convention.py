from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_date

from odoo.addons.casework_base.tools.dates import casework_tz
from odoo.addons.casework_offers.models.res_partner import casework_profile_domain

FUNDING_TYPES = [("public", "Public"), ("private", "Private"), ("mixed", "Mixed")]
PRICING_MODES = [
    ("hourly", "Hourly rate"),
    ("participant", "Flat fee per participant"),
    ("step", "Flat fee per step"),
]
COFUNDING_MODES = [("percent", "Percentages"), ("amount", "Amounts")]
# who reads the figures of a convention (référents read its name only)
FINANCE_GROUPS = "casework_base.group_casework_finance,casework_base.group_casework_fse"
# the states of a step that count on its convention (a withdrawn positioning earns nothing)
COUNTED_STEP_STATES = ("positioning", "step", "done")
EARNING_STEP_STATES = ("step", "done")


def check_funders(partners):
    """Refuse ``partners`` (``res.partner``, in superuser mode) that are not
    organisations of the directory with the funder profile (see
    :func:`casework_profile_domain`): a person, and so the person of a
    dossier, never is one.

    :raise ValidationError: without naming the partner (whom the user may
        not read: a dossier's person of another territory)
    """
    if partners - partners.filtered_domain(casework_profile_domain("funder")):
        raise ValidationError(partners.env._(
            "A funder of a convention is an organisation of the directory with the funder profile: this partner "
            "is not a funder of the directory.",
        ))


class CaseworkConvention(models.Model):
    """A funding convention (convention de financement): a funder pays for
    the steps of the offers it funds, between two dates, by the hour or by a
    flat fee, possibly shared with co-funders.

    Not personal data: every Casework user with a case role reads its name
    (to attach a step to it); its figures (rates, amounts, hours, shares,
    the signed file, what was realised) are for finance and FSE managers
    (``groups`` on the fields). Finance, FSE managers and administrators
    create and change conventions; finance and administrators delete them
    (access rights).

    For invoicing (built on this model by another addon):

    * ``pricing_mode`` and its price: ``hourly_rate`` (per hour attended),
      ``flat_fee`` (per participant, or per step);
    * :meth:`_get_funder_shares`: who pays which part (the main funder
      alone, or the co-funders' ratios summing to 1);
    * :meth:`_get_attendance_hours`: hours attended per step over a period;
    * :meth:`_get_realised_amounts`: hours and amount earned per step over a
      period, under the convention's pricing;
    * :meth:`_get_amount_invoiced_by_step`: the hook invoicing overrides
      (nothing is invoiced here).
    """

    _name = "casework.convention"
    _description = "Funding convention"
    _inherit = ["mail.thread"]
    _order = "date_start desc, reference"
    _rec_names_search = ["name", "reference"]

    name = fields.Char(string="Title", required=True, tracking=True)
    reference = fields.Char(required=True, tracking=True, help="The convention's number, as the funder writes it.")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    funder_id = fields.Many2one(
        "res.partner", required=True, ondelete="restrict", index=True, tracking=True,
        domain=lambda self: self.env["res.partner"]._casework_profile_domain("funder"),
        help="The main funder: an organisation of the directory with the funder profile.",
    )
    funding_type = fields.Selection(
        FUNDING_TYPES, required=True, default="public", tracking=True,
    )
    date_start = fields.Date(string="Valid from", required=True, tracking=True)
    date_end = fields.Date(string="Valid until", required=True, tracking=True)
    offer_ids = fields.Many2many(
        "casework.offer", "casework_convention_offer_rel", "convention_id", "offer_id", string="Funded offers",
        help="The service offers whose steps this convention funds.",
    )
    funded_hours = fields.Float(
        string="Funded hours", digits=(10, 2), tracking=True, groups=FINANCE_GROUPS,
        help="Hours of attendance the convention funds (0: no limit).",
    )
    pricing_mode = fields.Selection(
        PRICING_MODES, string="Pricing", required=True, default="hourly", tracking=True, groups=FINANCE_GROUPS,
    )
    hourly_rate = fields.Monetary(tracking=True, groups=FINANCE_GROUPS, help="Price of an hour attended.")
    flat_fee = fields.Monetary(
        tracking=True, groups=FINANCE_GROUPS, help="Price per participant, or per step, by the pricing.",
    )
    amount_planned = fields.Monetary(
        string="Planned total", tracking=True, groups=FINANCE_GROUPS,
        help="The total the convention provides for.",
    )
    cofunding_mode = fields.Selection(
        COFUNDING_MODES, string="Co-funding split in", required=True, default="percent", groups=FINANCE_GROUPS,
    )
    cofunder_ids = fields.One2many(
        "casework.convention.cofunder", "convention_id", string="Co-funders", copy=True, groups=FINANCE_GROUPS,
        help="Leave empty when the main funder pays alone; otherwise list every funder's share, the main "
        "funder's included.",
    )
    signed_file = fields.Binary(string="Signed convention", attachment=True, groups=FINANCE_GROUPS)
    signed_filename = fields.Char(string="File name", groups=FINANCE_GROUPS)
    date_signed = fields.Date(string="Signed on", groups=FINANCE_GROUPS)
    chorus_service_code = fields.Char(
        string="Chorus Pro service code", groups=FINANCE_GROUPS,
        help="The public funder's service code in Chorus Pro (code service).",
    )
    chorus_commitment_number = fields.Char(
        string="Commitment number", groups=FINANCE_GROUPS,
        help="The public funder's commitment number (numéro d'engagement), required by Chorus Pro.",
    )
    notes = fields.Html(groups=FINANCE_GROUPS)

    # forecast and realised (sums over the steps, naming nobody)
    step_count = fields.Integer(string="Steps", compute="_compute_realised", groups=FINANCE_GROUPS)
    participant_count = fields.Integer(string="Participants", compute="_compute_realised", groups=FINANCE_GROUPS)
    hours_planned = fields.Float(
        string="Hours planned", compute="_compute_realised", digits=(10, 2), groups=FINANCE_GROUPS,
        help="Total of the hours planned on the convention's steps.",
    )
    hours_attended = fields.Float(
        string="Hours attended", compute="_compute_realised", digits=(10, 2), groups=FINANCE_GROUPS,
        help="Hours signed off on the convention's steps within its validity.",
    )
    hours_remaining = fields.Float(
        string="Hours remaining", compute="_compute_realised", digits=(10, 2), groups=FINANCE_GROUPS,
    )
    amount_earned = fields.Monetary(
        string="Amount earned", compute="_compute_realised", groups=FINANCE_GROUPS,
        help="What the steps realised so far are worth under the convention's pricing.",
    )
    amount_invoiced = fields.Monetary(
        string="Amount invoiced", compute="_compute_realised", groups=FINANCE_GROUPS,
        help="What was invoiced to the funders (filled in by the invoicing of funders).",
    )
    amount_remaining = fields.Monetary(
        string="Amount remaining", compute="_compute_realised", groups=FINANCE_GROUPS,
        help="The planned total less the amount earned.",
    )
    is_over_hours = fields.Boolean(
        string="Over the funded hours", compute="_compute_realised", groups=FINANCE_GROUPS,
    )
    is_over_amount = fields.Boolean(
        string="Over the planned total", compute="_compute_realised", groups=FINANCE_GROUPS,
    )
    warning_message = fields.Char(compute="_compute_realised", groups=FINANCE_GROUPS)

    _reference_funder_uniq = models.Constraint(
        "UNIQUE(funder_id, reference)", "This funder already has a convention with this reference.",
    )
    _dates_check = models.Constraint("CHECK (date_end >= date_start)", "A convention cannot end before it starts.")
    _amounts_check = models.Constraint(
        "CHECK (COALESCE(hourly_rate, 0) >= 0 AND COALESCE(flat_fee, 0) >= 0 AND COALESCE(amount_planned, 0) >= 0 "
        "AND COALESCE(funded_hours, 0) >= 0)",
        "The rates, fees, funded hours and planned total of a convention cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for convention in self:
            convention.display_name = " – ".join(part for part in (convention.reference, convention.name) if part)

    def _compute_realised(self):
        # sudo: sums over the conventions' steps (hours, amounts, counts), for
        # the users who read the figures (finance among them): no participant
        # named, no step nor attendance line shown
        conventions = self.sudo()
        steps = self.env["casework.step"].sudo().search([
            ("convention_id", "in", self.ids), ("state", "in", COUNTED_STEP_STATES),
        ]) if self.ids else self.env["casework.step"].sudo()
        steps_by_convention = defaultdict(lambda: self.env["casework.step"].sudo())
        for step in steps:
            steps_by_convention[step.convention_id.id] |= step
        invoiced = self._get_amount_invoiced_by_step()
        for convention, convention_sudo in zip(self, conventions, strict=True):
            own = steps_by_convention[convention.id]
            realised = convention_sudo._get_realised_amounts(steps=own)
            hours = sum(values["hours"] for values in realised.values())
            earned = sum(values["amount"] for values in realised.values())
            convention.step_count = len(own)
            convention.participant_count = len(own.beneficiary_id)
            convention.hours_planned = sum(own.mapped("convention_hours_planned"))
            convention.hours_attended = hours
            convention.hours_remaining = convention_sudo.funded_hours - hours if convention_sudo.funded_hours else 0.0
            convention.amount_earned = earned
            convention.amount_invoiced = sum(invoiced.get(step_id, 0.0) for step_id in own.ids)
            convention.amount_remaining = convention_sudo.amount_planned - earned
            convention.is_over_hours = bool(convention_sudo.funded_hours) and float_compare(
                hours, convention_sudo.funded_hours, precision_digits=2) > 0
            convention.is_over_amount = bool(convention_sudo.amount_planned) and float_compare(
                earned, convention_sudo.amount_planned, precision_digits=2) > 0
            convention.warning_message = convention._realised_warning(hours, earned)

    def _realised_warning(self, hours, earned):
        """The warning shown before invoicing when the realised exceeds what
        the convention funds, or False."""
        self.ensure_one()
        convention = self.sudo()
        messages = []
        if convention.funded_hours and float_compare(hours, convention.funded_hours, precision_digits=2) > 0:
            messages.append(self.env._(
                "%(hours)s hours attended exceed the %(funded)s hours funded.",
                hours=round(hours, 2), funded=round(convention.funded_hours, 2),
            ))
        if convention.amount_planned and float_compare(earned, convention.amount_planned, precision_digits=2) > 0:
            messages.append(self.env._(
                "The amount earned (%(earned)s) exceeds the planned total (%(planned)s).",
                earned=round(earned, 2), planned=round(convention.amount_planned, 2),
            ))
        return " ".join(messages) or False

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("pricing_mode", "hourly_rate", "flat_fee")
    def _check_price(self):
        """The price the pricing uses is given: the hourly rate, or the flat fee."""
        for convention in self.sudo():
            if convention.pricing_mode == "hourly" and not convention.hourly_rate:
                raise ValidationError(self.env._(
                    "The convention %(convention)s is priced by the hour: give its hourly rate.",
                    convention=convention.display_name,
                ))
            if convention.pricing_mode in ("participant", "step") and not convention.flat_fee:
                raise ValidationError(self.env._(
                    "The convention %(convention)s is priced by a flat fee: give the fee.",
                    convention=convention.display_name,
                ))

    @api.constrains("funder_id")
    def _check_funder(self):
        """The main funder is an organisation of the directory with the funder
        profile (see :meth:`casework.convention.cofunder._check_funder_partner`).

        :raise ValidationError: when it is not one
        """
        check_funders(self.sudo().funder_id)

    @api.constrains("cofunder_ids", "cofunding_mode", "amount_planned", "funder_id")
    def _check_cofunder_shares(self):
        """The shares of a co-funded convention add up: percentages to
        100 %, or amounts to the planned total, to the cent; the main funder
        is one of the co-funders. The message names the difference.

        :raise ValidationError: when they do not
        """
        for convention in self.sudo():
            lines = convention.cofunder_ids
            if not lines:
                continue
            if convention.funder_id not in lines.partner_id:
                raise ValidationError(self.env._(
                    "The co-funders of the convention %(convention)s list every funder's share: add the share "
                    "of the main funder, %(funder)s.",
                    convention=convention.display_name, funder=convention.funder_id.name,
                ))
            if convention.cofunding_mode == "percent":
                total = round(sum(lines.mapped("share_percent")), 2)
                if float_compare(total, 100.0, precision_digits=2):
                    raise ValidationError(self.env._(
                        "The co-funders' shares of the convention %(convention)s add up to %(total)s %%, not "
                        "100 %%: %(difference)s %% %(direction)s.",
                        convention=convention.display_name, total=total,
                        difference=round(abs(100.0 - total), 2),
                        direction=self.env._("missing") if total < 100 else self.env._("too many"),
                    ))
            else:
                currency = convention.currency_id
                total = currency.round(sum(lines.mapped("share_amount")))
                planned = currency.round(convention.amount_planned)
                if currency.compare_amounts(total, planned):
                    raise ValidationError(self.env._(
                        "The co-funders' shares of the convention %(convention)s add up to %(total)s, not to its "
                        "planned total of %(planned)s: %(difference)s %(direction)s.",
                        convention=convention.display_name, total=total, planned=planned,
                        difference=currency.round(abs(planned - total)),
                        direction=self.env._("missing") if total < planned else self.env._("too many"),
                    ))

    def _check_cofunder_shares_later(self):
        """Check the co-funders' shares once the transaction's changes are
        all made (before it commits): a co-funder line changed on its own
        passes through a state where the shares do not add up yet."""
        conventions = self.env.cr.precommit.data.setdefault("casework.convention.cofunder.check", set())
        if not conventions:
            self.env.cr.precommit.add(self._check_cofunder_shares_precommit)
        conventions.update(self.ids)

    @api.model
    def _check_cofunder_shares_precommit(self):
        ids = self.env.cr.precommit.data.pop("casework.convention.cofunder.check", set())
        self.browse(ids).exists()._check_cofunder_shares()

    @api.constrains("offer_ids", "date_start", "date_end")
    def _check_steps_within(self):
        """The steps on the convention stay valid when it changes: funded
        offers and validity dates (see ``casework.step._check_convention``)."""
        # sudo: the steps of the convention (dates and offer checked, named by their offer only)
        steps = self.env["casework.step"].sudo().search([
            ("convention_id", "in", self.ids), ("state", "in", COUNTED_STEP_STATES),
        ])
        steps._check_convention()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _is_valid_over(self, start, end):
        """Whether the convention is valid over the dates ``start`` to
        ``end`` (``datetime.date``; ``end`` may be False: ``start`` only)."""
        self.ensure_one()
        return all(self.date_start <= day <= self.date_end for day in (start, end) if day)

    def _format_validity(self):
        self.ensure_one()
        return self.env._(
            "%(start)s to %(end)s",
            start=format_date(self.env, self.date_start), end=format_date(self.env, self.date_end),
        )

    def _get_funder_shares(self):
        """Who pays which part of the convention.

        :return: list of ``(res.partner, ratio)``, the ratios summing to 1:
            the main funder alone (ratio 1.0), or each co-funder's share
        """
        self.ensure_one()
        convention = self.sudo()
        if not convention.cofunder_ids:
            return [(convention.funder_id, 1.0)]
        return [(line.partner_id, line.share_ratio) for line in convention.cofunder_ids]

    def _period_bounds(self, date_from=None, date_to=None):
        """The convention's validity cut to the period, as dates
        ``(first day, last day)`` (``None`` when they do not meet)."""
        self.ensure_one()
        first = max(self.date_start, date_from) if date_from else self.date_start
        last = min(self.date_end, date_to) if date_to else self.date_end
        return (first, last) if first <= last else None

    def _get_attendance_hours(self, date_from=None, date_to=None, steps=None):
        """Hours attended per step of the convention, on the sessions held
        within the period and the convention's validity (days in the Casework
        time zone).

        :param date_from: first day of the period (``datetime.date``), or None
        :param date_to: last day of the period, included, or None
        :param steps: ``casework.step`` recordset to restrict to (default:
            every step on the convention)
        :return: dict {step id: hours (float)}; steps without hours are absent
        """
        self.ensure_one()
        bounds = self._period_bounds(date_from, date_to)
        if not bounds:
            return {}
        tz = casework_tz(self.env)

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        domain = [
            ("step_id.convention_id", "=", self.id),
            ("session_id.date_start", ">=", utc(bounds[0])),
            ("session_id.date_start", "<", utc(bounds[1] + timedelta(days=1))),
        ]
        if steps is not None:
            domain.append(("step_id", "in", steps.ids))
        # sudo: sums of hours per step, for the convention's figures and invoicing (no line shown)
        groups = self.env["casework.attendance"].sudo()._read_group(domain, ["step_id"], ["hours:sum"])
        return {step.id: hours for step, hours in groups if hours}

    def _get_realised_amounts(self, date_from=None, date_to=None, steps=None):
        """What each step of the convention realised over a period, under
        the convention's pricing:

        * hourly rate: the hours attended in the period × the rate;
        * flat fee per step: the fee, for each step whose actual start falls
          in the period;
        * flat fee per participant: the fee once per person, on their first
          step on the convention (by actual start), when it starts in the
          period.

        Only steps started (in progress or ended) earn; everything is cut to
        the convention's validity.

        :param date_from: first day (``datetime.date``) or None
        :param date_to: last day, included, or None
        :param steps: ``casework.step`` recordset to restrict to (default:
            every step on the convention)
        :return: dict {step id: {"hours": float, "amount": float}}, the
            amount rounded to the currency; steps with neither are absent
        """
        self.ensure_one()
        convention = self.sudo()
        if steps is None:
            # sudo: the convention's steps, for figures only
            steps = self.env["casework.step"].sudo().search([("convention_id", "=", self.id)])
        steps = steps.sudo().filtered(lambda step: step.convention_id == self and step.state in EARNING_STEP_STATES)
        hours = self._get_attendance_hours(date_from, date_to, steps=steps)
        bounds = self._period_bounds(date_from, date_to)
        currency = convention.currency_id
        result = {}
        if convention.pricing_mode == "hourly":
            for step_id, step_hours in hours.items():
                result[step_id] = {"hours": step_hours, "amount": currency.round(step_hours * convention.hourly_rate)}
            return result
        charged = steps
        if convention.pricing_mode == "participant":
            # the first step of each person on the convention, whatever the steps given
            # sudo: the convention's steps of the same persons, for their order only
            everyone = self.env["casework.step"].sudo().search([
                ("convention_id", "=", self.id), ("state", "in", EARNING_STEP_STATES),
                ("beneficiary_id", "in", steps.beneficiary_id.ids),
            ])
            first = {}
            for step in everyone.sorted(lambda step: (step.date_start, step.id)):
                first.setdefault(step.beneficiary_id.id, step)
            charged = steps.filtered(lambda step: first.get(step.beneficiary_id.id) == step)
        for step in steps:
            amount = 0.0
            if bounds and step in charged and step.date_start and bounds[0] <= step.date_start <= bounds[1]:
                amount = currency.round(convention.flat_fee)
            if amount or hours.get(step.id):
                result[step.id] = {"hours": hours.get(step.id, 0.0), "amount": amount}
        return result

    def _get_amount_invoiced_by_step(self):
        """The hook of the invoicing of funders: what was invoiced for each
        step of the conventions ``self``. Nothing here (no invoicing).

        :return: dict {step id: amount invoiced (float)}
        """
        return {}
