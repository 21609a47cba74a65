from dateutil.relativedelta import relativedelta

import phonenumbers

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command, Domain


class CaseworkBeneficiary(models.Model):
    """The dossier of a person followed (bénéficiaire).

    The identity and contact details live on a ``res.partner`` (``_inherits``)
    so that mail, SMS and the calendar work with it; record rules keep that
    partner as private as the dossier.

    Who may read it: the référents currently assigned to it (référent de
    parcours, or référent d'étape between its dates), the secretariat,
    managers and FSE managers of its territory, and the administrators.
    Finance and operators never read it.
    """

    _name = "casework.beneficiary"
    _description = "Beneficiary dossier"
    _inherits = {"res.partner": "partner_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_visit_date desc nulls last, id desc"
    _rec_names_search = ["name", "number", "birth_name"]

    partner_id = fields.Many2one("res.partner", required=True, ondelete="restrict", index=True)
    number = fields.Char(
        string="Dossier number", required=True, readonly=True, copy=False, default=lambda self: _("New"), index=True
    )
    civility = fields.Selection([("mme", "Madame"), ("m", "Monsieur")], required=True, tracking=True)
    first_name = fields.Char(required=True, tracking=True)
    usage_name = fields.Char(required=True, tracking=True, help="Name in use (nom d'usage).")
    birth_name = fields.Char(tracking=True, help="Name at birth (nom de naissance), when it differs.")
    birth_date = fields.Date(required=True, tracking=True)
    gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
        compute="_compute_gender",
        store=True,
        readonly=False,
        tracking=True,
    )
    nationality_id = fields.Many2one("res.country", string="Nationality", tracking=True)
    age = fields.Integer(compute="_compute_age")
    memo = fields.Text(help="Shown at the top of the dossier to everyone who opens it.")
    territory_id = fields.Many2one(
        "casework.territory",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user.casework_territory_ids[:1] or self.env.user.casework_structure_id.territory_id,
    )
    enrollment_ids = fields.One2many("casework.enrollment", "beneficiary_id", string="Enrolments")
    assignment_ids = fields.One2many("casework.referent.assignment", "beneficiary_id", string="Referents")
    characteristic_value_ids = fields.One2many(
        "casework.characteristic.value", "beneficiary_id", string="Characteristic history"
    )
    current_characteristic_ids = fields.One2many(
        "casework.characteristic.value",
        "beneficiary_id",
        string="Characteristics",
        domain=[("is_current", "=", True)],
    )
    characteristic_option_ids = fields.Many2many(
        "casework.characteristic.option",
        string="Characteristic values",
        compute="_compute_characteristic_option_ids",
        search="_search_characteristic_option_ids",
        help="Current values of the selection characteristics, for searching.",
    )
    state = fields.Selection(
        [("none", "No programme"), ("entree", "Entrée"), ("veille", "Veille"), ("sortie", "Sortie")],
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    program_ids = fields.Many2many(
        "casework.program", compute="_compute_program_ids", string="Current programmes", search="_search_program_ids"
    )
    referent_id = fields.Many2one(
        "res.users",
        string="Référent de parcours",
        compute="_compute_referent_id",
        search="_search_referent_id",
    )
    in_my_active_file = fields.Boolean(
        string="In my active file", compute="_compute_in_my_active_file", search="_search_in_my_active_file"
    )
    missing_characteristic_type_ids = fields.Many2many(
        "casework.characteristic.type",
        compute="_compute_missing_characteristic_type_ids",
        string="Missing characteristics",
    )
    last_visit_date = fields.Datetime(string="Last consulted", readonly=True, copy=False)
    last_meeting_date = fields.Date(
        string="Last physical meeting",
        readonly=True,
        copy=False,
        index=True,
        help="Date of the last physical meeting held with the person (individual interview, workshop, "
        "information session). Kept up to date by the appointments; drives completeness, dormancy and archival.",
    )
    formal_notice_ids = fields.One2many("casework.formal.notice", "beneficiary_id", string="Formal notices")
    last_notice_date = fields.Date(
        string="Last formal notice", compute="_compute_last_notice", store=True, help="Date of the last formal notice sent."
    )
    last_notice_motive = fields.Char(string="Motive of the last formal notice", compute="_compute_last_notice", store=True)

    _number_uniq = models.Constraint("UNIQUE(number)", "The dossier number must be unique.")

    # ------------------------------------------------------------------
    # Daily feed from the administrative system (issue 5)
    # ------------------------------------------------------------------

    # searched through the unique index of (external_ref, external_rank) below
    external_ref = fields.Char(
        string="External key", copy=False, readonly=True,
        help="Dossier identifier in the administrative system (family dossier for couples).",
    )
    external_rank = fields.Integer(
        string="Person rank", copy=False, readonly=True, help="1 or 2: the person within the family dossier."
    )
    feed_mapping_id = fields.Many2one("casework.feed.mapping", string="Fed by", readonly=True, copy=False, index="btree_not_null")
    feed_last_run_id = fields.Many2one("casework.feed.run", string="Last feed run", readonly=True, copy=False)
    feed_last_seen_date = fields.Date(
        string="Last fed", readonly=True, copy=False,
        help="Date of the last feed file that contained this person.",
    )
    feed_missing = fields.Boolean(
        string="Absent from the last feed", readonly=True, copy=False, index=True,
        help="The person was not in the last complete feed file: the référent de parcours has to enter the exit.",
    )
    feed_exit_to_enter = fields.Boolean(
        string="Exit to enter", compute="_compute_feed_exit_to_enter", search="_search_feed_exit_to_enter",
        help="Absent from the last feed file but still in the active file of a référent de parcours.",
    )

    _external_key_uniq = models.Constraint(
        "UNIQUE(external_ref, external_rank)", "A person of an external dossier can only have one dossier."
    )

    @api.depends_context("tz")
    @api.depends("feed_missing", "assignment_ids.date_end")
    def _compute_feed_exit_to_enter(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            beneficiary.feed_exit_to_enter = beneficiary.feed_missing and any(
                a.role == "parcours" and a._is_current_on(today) for a in beneficiary.sudo().assignment_ids
            )

    def _search_feed_exit_to_enter(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("feed_missing", "=", True) & Domain(
            "assignment_ids", "any", [("role", "=", "parcours"), ("is_current", "=", True)]
        )
        return domain if (operator == "in") == (True in value) else ~domain

    # ------------------------------------------------------------------ end of the daily feed block

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("civility")
    def _compute_gender(self):
        for beneficiary in self:
            if not beneficiary.gender:
                beneficiary.gender = {"mme": "female", "m": "male"}.get(beneficiary.civility)

    @api.depends_context("tz")
    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            beneficiary.age = relativedelta(today, beneficiary.birth_date).years if beneficiary.birth_date else 0

    @api.depends("characteristic_value_ids.is_current", "characteristic_value_ids.option_id")
    def _compute_characteristic_option_ids(self):
        for beneficiary in self:
            beneficiary.characteristic_option_ids = beneficiary.characteristic_value_ids.filtered("is_current").option_id

    def _search_characteristic_option_ids(self, operator, value):
        # one sub-query per condition: "Droit clos" AND "Non soumis" are two
        # different current values of the same dossier
        if operator in ("in", "any"):
            return [("characteristic_value_ids", "any", [("is_current", "=", True), ("option_id", operator, value)])]
        if operator in ("not in", "not any"):
            positive = "in" if operator == "not in" else "any"
            return [("characteristic_value_ids", "not any", [("is_current", "=", True), ("option_id", positive, value)])]
        return NotImplemented

    @api.depends("enrollment_ids.state", "enrollment_ids.program_id")
    def _compute_program_ids(self):
        for beneficiary in self:
            beneficiary.program_ids = beneficiary.enrollment_ids.filtered(lambda e: e.state != "sortie").program_id

    @api.depends("enrollment_ids.state")
    def _compute_state(self):
        for beneficiary in self:
            states = set(beneficiary.enrollment_ids.mapped("state"))
            if "entree" in states:
                beneficiary.state = "entree"
            elif "veille" in states:
                beneficiary.state = "veille"
            elif "sortie" in states:
                beneficiary.state = "sortie"
            else:
                beneficiary.state = "none"

    def _search_program_ids(self, operator, value):
        return [("enrollment_ids", "any", [("state", "!=", "sortie"), ("program_id", operator, value)])]

    @api.depends_context("tz")
    @api.depends("assignment_ids.user_id", "assignment_ids.date_start", "assignment_ids.date_end")
    def _compute_referent_id(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            current = beneficiary.assignment_ids.filtered(
                lambda a: a.role == "parcours" and a._is_current_on(today)
            ).sorted("date_start", reverse=True)
            beneficiary.referent_id = current[:1].user_id

    def _search_referent_id(self, operator, value):
        return [("assignment_ids", "any", [("role", "=", "parcours"), ("is_current", "=", True), ("user_id", operator, value)])]

    @api.depends_context("uid", "tz")
    @api.depends("assignment_ids.user_id", "assignment_ids.date_start", "assignment_ids.date_end")
    def _compute_in_my_active_file(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            beneficiary.in_my_active_file = any(
                a.user_id.id == self.env.uid and a._is_current_on(today) for a in beneficiary.sudo().assignment_ids
            )

    def _search_in_my_active_file(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("assignment_ids", "any", [("user_id", "=", self.env.uid), ("is_current", "=", True)])
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends("enrollment_ids.program_id", "characteristic_value_ids.is_current", "characteristic_value_ids.type_id")
    def _compute_missing_characteristic_type_ids(self):
        required = self.env["casework.characteristic.type"].search([("required", "=", True)])
        for beneficiary in self:
            programs = beneficiary.enrollment_ids.filtered(lambda e: e.state != "sortie").program_id
            applicable = required.filtered(lambda t: not t.program_ids or t.program_ids & programs)
            beneficiary.missing_characteristic_type_ids = applicable - beneficiary.current_characteristic_ids.type_id

    @api.depends("formal_notice_ids.notice_date", "formal_notice_ids.notice_motive")
    def _compute_last_notice(self):
        for beneficiary in self:
            sent = beneficiary.formal_notice_ids.filtered("notice_date").sorted("notice_date", reverse=True)[:1]
            beneficiary.last_notice_date = sent.notice_date
            beneficiary.last_notice_motive = sent.notice_motive

    @api.depends("name", "number")
    def _compute_display_name(self):
        for beneficiary in self:
            beneficiary.display_name = f"{beneficiary.name} ({beneficiary.number})" if beneficiary.number else beneficiary.name

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            if beneficiary.birth_date and (
                beneficiary.birth_date > today or beneficiary.birth_date.year < today.year - 120
            ):
                raise ValidationError(
                    _("The birth date %(date)s of %(name)s is not possible.",
                      date=beneficiary.birth_date, name=beneficiary.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _normalize_phone(self, number):
        """Return ``number`` in E.164, French numbers by default.

        :raise ValidationError: when it is not a valid phone number.
        """
        if not number:
            return number
        try:
            parsed = phonenumbers.parse(number, "FR")
        except phonenumbers.NumberParseException:
            parsed = None
        if not parsed or not phonenumbers.is_valid_number(parsed):
            raise ValidationError(
                _("“%(number)s” is not a valid phone number (for example 06 12 34 56 78 or +33 6 12 34 56 78).",
                  number=number)
            )
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    @api.model
    def _compose_name(self, first_name, usage_name):
        return " ".join(part for part in ((usage_name or "").strip().upper(), (first_name or "").strip()) if part)

    def _prepare_identity_vals(self, vals):
        vals = dict(vals)
        if vals.get("phone"):
            vals["phone"] = self._normalize_phone(vals["phone"])
        if vals.get("email"):
            vals["email"] = vals["email"].strip().lower()
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        is_referent_only = self.env.user.has_group("casework_base.group_casework_referent") and not (
            self.env.su or self.env.user.has_group("casework_base.group_casework_secretariat")
        )
        prepared = []
        for vals in vals_list:
            vals = self._prepare_identity_vals(vals)
            vals["name"] = self._compose_name(vals.get("first_name"), vals.get("usage_name"))
            vals.setdefault("type", "contact")
            if vals.get("number", _("New")) == _("New"):
                vals["number"] = self.env["ir.sequence"].next_by_code("casework.beneficiary") or _("New")
            if is_referent_only and not vals.get("assignment_ids"):
                # a référent who creates a dossier becomes its référent de parcours
                vals["assignment_ids"] = [Command.create({"user_id": self.env.uid, "role": "parcours"})]
            prepared.append(vals)
        return super().create(prepared)

    def write(self, vals):
        vals = self._prepare_identity_vals(vals)
        result = super().write(vals)
        if {"first_name", "usage_name"} & set(vals):
            for beneficiary in self:
                name = self._compose_name(beneficiary.first_name, beneficiary.usage_name)
                if beneficiary.name != name:
                    beneficiary.partner_id.name = name
        return result

    def unlink(self):
        partners = self.sudo().partner_id
        result = super().unlink()
        partners.unlink()
        return result

    def web_read(self, specification):
        # the list shows the most recently consulted dossiers first (seed):
        # opening a form stamps the dossier, without touching write_date or
        # the chatter
        if len(self) == 1 and isinstance(self.id, int) and not self.env.context.get("casework_no_visit"):
            self.check_access("read")
            self.env.cr.execute(
                "UPDATE casework_beneficiary SET last_visit_date = now() at time zone 'UTC' WHERE id = %s",
                [self.id],
            )
            self.invalidate_recordset(["last_visit_date"])
        return super().web_read(specification)

    # Odoo runs web_read on a read-only cursor; opening a dossier records the
    # visit, so this one needs a read/write cursor.
    web_read._readonly = False

    @api.model
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        # lists and kanbans read without recording a visit
        return super(CaseworkBeneficiary, self.with_context(casework_no_visit=True)).web_search_read(
            domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
        )

    # ------------------------------------------------------------------
    # Actions and business methods
    # ------------------------------------------------------------------

    def action_open_characteristic_update(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Update a characteristic"),
            "res_model": "casework.characteristic.value",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_id": self.id},
        }

    def action_open_characteristic_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Characteristic history"),
            "res_model": "casework.characteristic.value",
            "view_mode": "list,form",
            "domain": [("beneficiary_id", "=", self.id)],
            "context": {"default_beneficiary_id": self.id, "search_default_group_type": 1},
        }

    def set_characteristic(self, code, value, date=None):
        """Record ``value`` for the characteristic ``code`` on each dossier,
        dated ``date`` (default today), unless it is already the current value.

        :return: the values created
        :raise ValidationError: if ``code`` is unknown or ``value`` does not fit its type
        """
        ctype = self.env["casework.characteristic.type"].search([("code", "=", code)], limit=1)
        if not ctype:
            raise ValidationError(_("Unknown characteristic “%(code)s”.", code=code))
        parsed = ctype._parse_value(value)
        field = ctype._value_field()
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        to_create = []
        for beneficiary in self:
            current = beneficiary.current_characteristic_ids.filtered(lambda v: v.type_id == ctype)
            current_value = current[field].id if field == "option_id" else current[field]
            if current and current_value == parsed[field]:
                continue
            to_create.append({"beneficiary_id": beneficiary.id, "type_id": ctype.id, "date": date, **parsed})
        return self.env["casework.characteristic.value"].create(to_create)

    def get_characteristic(self, code):
        """Current value of characteristic ``code`` (a Python value, an
        option record for selections, ``None`` when there is none)."""
        self.ensure_one()
        current = self.current_characteristic_ids.filtered(lambda v: v.type_id.code == code)
        if not current:
            return None
        return current[current.type_id._value_field()]
