import logging
import re

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

import phonenumbers

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from ..tools import name_matching

_logger = logging.getLogger(__name__)


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
            if self.env.context.get("casework_check_duplicates") and not vals.get("duplicate_confirmed"):
                self._casework_check_duplicates_before_create(vals)
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

    # ==================================================================
    # Identifiers and duplicate detection (issue 3, part "duplicates")
    # ==================================================================
    #
    # ``search_name`` holds the normalised words of the first, usage and
    # birth names (no accents, lower case, hyphens as spaces), indexed with a
    # pg_trgm GIN index (the "similar to" search); ``birth_date`` has a
    # covering btree index. The duplicate check fetches in one query the
    # people born the same day, day and month swapped or one digit away whose
    # name is trigram-similar, and those with the same certain identifier,
    # then scores them in Python (``tools/name_matching.py``). It reads every
    # scope, but only the dossiers the user can read are named; the others
    # are counted as "outside your scope" without any identity.

    identifier_ids = fields.One2many("casework.beneficiary.identifier", "beneficiary_id", string="Identifiers")
    france_travail_number = fields.Char(
        string="France Travail number",
        compute="_compute_identifier_numbers",
        search="_search_france_travail_number",
    )
    caf_number = fields.Char(string="CAF number", compute="_compute_identifier_numbers", search="_search_caf_number")
    search_name = fields.Char(
        string="Normalised name",
        compute="_compute_search_name",
        store=True,
        copy=False,
        help="First, usage and birth names without accents, in lower case: what the duplicate search compares.",
    )
    duplicate_confirmed = fields.Boolean(
        string="Not a duplicate: create anyway",
        copy=False,
        help="Ticked by whoever created this dossier although likely duplicates were shown.",
    )
    duplicate_count = fields.Integer(string="Likely duplicates", compute="_compute_duplicate_info")
    duplicate_html = fields.Html(string="Likely duplicates (details)", compute="_compute_duplicate_info", sanitize=False)
    has_duplicates = fields.Boolean(string="Possible duplicate", compute="_compute_has_duplicates")
    similar_to = fields.Char(
        string="Similar to",
        compute="_compute_similar_to",
        search="_search_similar_to",
        help="Name and/or first name, optionally a birth date (dd/mm/yyyy): closest first, accents and typos tolerated.",
    )

    # covering: the duplicate check compares the names of the people born on
    # about forty dates without reading the table (index-only scan)
    _birth_date_idx = models.Index("(birth_date) INCLUDE (search_name, id)")

    def init(self):
        super().init()
        self._casework_init_search_sql(self.env.cr)

    @api.model
    def _casework_init_search_sql(self, cr):
        """Extensions, the IMMUTABLE wrappers and the trigram index.

        ``unaccent`` is only STABLE (it depends on a dictionary), so an index
        cannot use it directly: ``casework_unaccent`` pins the dictionary and
        is declared IMMUTABLE. If the database user may not create the
        extensions (not superuser, no ``CREATE`` right), the duplicate search
        still works without trigrams: same or swapped birth date and same
        identifiers, scored in Python; a warning is logged.
        """
        for extension in ("unaccent", "pg_trgm"):
            try:
                with cr.savepoint():
                    cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS %s", SQL.identifier(extension)))
            except Exception:  # noqa: BLE001 -- any refusal: we degrade, loudly
                _logger.warning(
                    "Casework: cannot create the PostgreSQL extension %s; ask the database administrator to run "
                    "CREATE EXTENSION %s; the duplicate search falls back to birth dates only.",
                    extension, extension,
                )
        if not self._casework_has_trgm(cr):
            return
        cr.execute("""
            CREATE OR REPLACE FUNCTION casework_unaccent(text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$;
            CREATE OR REPLACE FUNCTION casework_normalize(text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$ SELECT btrim(regexp_replace(
                    translate(lower(casework_unaccent(coalesce($1, ''))), 'øđłı', 'odli'), '[^a-z0-9]+', ' ', 'g')) $$;
            CREATE OR REPLACE FUNCTION casework_search_name(first_name text, usage_name text, birth_name text)
                RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$ SELECT coalesce(string_agg(word, ' ' ORDER BY position), '') FROM (
                    SELECT word, min(position) AS position
                      FROM unnest(string_to_array(casework_normalize(concat_ws(' ', first_name, usage_name, birth_name)), ' '))
                           WITH ORDINALITY AS words(word, position)
                     WHERE word <> ''
                  GROUP BY word) AS unique_words $$;
            CREATE INDEX IF NOT EXISTS casework_beneficiary_search_name_trgm_idx
                ON casework_beneficiary USING gin (search_name gin_trgm_ops);
        """)

    @api.model
    def _casework_has_trgm(self, cr=None):
        """Whether unaccent and pg_trgm are there (asked once per registry)."""
        registry = self.env.registry
        if getattr(registry, "_casework_has_trgm", None) is None or cr:
            cr = cr or self.env.cr
            cr.execute("SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')")
            registry._casework_has_trgm = cr.fetchone()[0] == 2
        return registry._casework_has_trgm

    @api.depends("identifier_ids.type_id", "identifier_ids.value")
    def _compute_identifier_numbers(self):
        france_travail = self.env.ref("casework_base.identifier_type_france_travail", raise_if_not_found=False)
        caf = self.env.ref("casework_base.identifier_type_caf", raise_if_not_found=False)
        for beneficiary in self:
            beneficiary.france_travail_number = ", ".join(
                beneficiary.identifier_ids.filtered(lambda i: i.type_id == france_travail).mapped("value")
            )
            beneficiary.caf_number = ", ".join(beneficiary.identifier_ids.filtered(lambda i: i.type_id == caf).mapped("value"))

    def _search_identifier_number(self, code, operator, value):
        if operator not in ("=", "ilike", "in") or not value:
            return NotImplemented
        values = value if operator == "in" else [value]
        normalized = [name_matching.normalize(v).replace(" ", "").upper() for v in values]
        op = "ilike" if operator == "ilike" else "in"
        return [("identifier_ids", "any", [
            ("type_id.code", "=", code), ("value_normalized", op, normalized[0] if op == "ilike" else normalized)
        ])]

    def _search_france_travail_number(self, operator, value):
        return self._search_identifier_number("france_travail", operator, value)

    def _search_caf_number(self, operator, value):
        return self._search_identifier_number("caf", operator, value)

    @api.depends("first_name", "usage_name", "birth_name")
    def _compute_search_name(self):
        for beneficiary in self:
            beneficiary.search_name = name_matching.search_name(
                beneficiary.first_name, beneficiary.usage_name, beneficiary.birth_name
            )

    @api.depends("first_name", "usage_name", "birth_name", "birth_date", "identifier_ids.type_id", "identifier_ids.value")
    @api.depends_context("uid")
    def _compute_duplicate_info(self):
        for beneficiary in self:
            if not (beneficiary.first_name and beneficiary.usage_name and beneficiary.birth_date):
                beneficiary.duplicate_count, beneficiary.duplicate_html = 0, False
                continue
            found = self._casework_find_duplicates(beneficiary)
            beneficiary.duplicate_count = len(found)
            beneficiary.duplicate_html = self._casework_duplicates_html(found) if found else False

    @api.depends("search_name", "birth_date")
    def _compute_has_duplicates(self):
        """One query for the whole page: another active dossier born the same
        day (or day and month swapped) with a close name. Only the existence
        is told, whatever the scope."""
        stored = self.filtered(lambda b: isinstance(b.id, int) and b.search_name and b.birth_date)
        found = set()
        if stored and self._casework_has_trgm():
            self.flush_model(["search_name", "birth_date", "partner_id"])
            self.env["res.partner"].flush_model(["active"])
            self.env.cr.execute(SQL("""
                SELECT b.id FROM casework_beneficiary b
                 WHERE b.id IN %(ids)s AND EXISTS (
                    SELECT 1 FROM casework_beneficiary o JOIN res_partner p ON p.id = o.partner_id
                     WHERE o.id <> b.id AND p.active
                       AND o.birth_date IN (b.birth_date, CASE WHEN extract(day FROM b.birth_date) <= 12
                           THEN make_date(extract(year FROM b.birth_date)::int, extract(day FROM b.birth_date)::int,
                                          extract(month FROM b.birth_date)::int) END)
                       AND similarity(o.search_name, b.search_name) >= 0.5)
            """, ids=tuple(stored.ids)))
            found = {row[0] for row in self.env.cr.fetchall()}
        for beneficiary in self:
            beneficiary.has_duplicates = beneficiary.id in found

    def _compute_similar_to(self):
        self.similar_to = False

    def _search_similar_to(self, operator, value):
        if operator not in ("ilike", "=", "like") or not isinstance(value, str):
            return NotImplemented
        return [("id", "in", [row[0] for row in self._casework_similar_ranking(value)])]

    @api.onchange("first_name", "usage_name", "birth_name", "birth_date")
    def _onchange_identity_duplicate_confirmed(self):
        # a new identity needs a new confirmation
        if not self._origin:
            self.duplicate_confirmed = False

    @api.model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        """Closest dossiers first when ``name`` looks like a person: a name
        and/or a first name, optionally a birth date (dd/mm/yyyy)."""
        if operator != "ilike" or len(name_matching.normalize(name).replace(" ", "")) < 3:
            return super().name_search(name, domain, operator, limit)
        ranking = [row[0] for row in self._casework_similar_ranking(name)]
        records = self.search(Domain("id", "in", ranking) & Domain(domain or Domain.TRUE))
        order = {record_id: index for index, record_id in enumerate(ranking)}
        records = records.sorted(lambda r: order[r.id])[:limit]
        if not records:
            # nothing close (a dossier number, a fragment): Odoo's own search
            return super().name_search(name, domain, operator, limit)
        return [(record.id, record.display_name) for record in records.sudo()]

    @api.model
    def search_fetch(self, domain, field_names=None, offset=0, limit=None, order=None):
        """A search on ``similar_to`` lists the closest dossiers first."""
        value = self._casework_similar_to_value(domain)
        if value is None or (order and order != self._order):
            return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)
        records = super().search_fetch(domain, field_names, order=order)
        rank = {record_id: index for index, (record_id, _score) in enumerate(self._casework_similar_ranking(value))}
        records = records.sorted(lambda r: rank.get(r.id, len(rank)))
        return records[offset:(offset + limit) if limit else None]

    @api.model
    def _casework_similar_to_value(self, domain):
        for leaf in Domain(domain or Domain.TRUE).iter_conditions():
            if leaf.field_expr == "similar_to" and isinstance(leaf.value, str):
                return leaf.value
        return None

    @api.model
    def _casework_similar_ranking(self, text, limit=200):
        """[(id, score)] of active dossiers closest to ``text`` ("Dupont Marie
        12/03/1985"), best first, whatever the scope (the caller filters)."""
        dates = re.findall(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", text)
        birth_dates = []
        for day, month, year in dates:
            try:
                birth_dates.append(fields.Date.to_date(f"{year}-{int(month):02d}-{int(day):02d}"))
            except ValueError:
                continue
        name = name_matching.normalize(re.sub(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b", " ", text))
        if not name and not birth_dates:
            return []
        self.flush_model(["search_name", "birth_date", "partner_id"])
        self.env["res.partner"].flush_model(["active"])
        swapped = [name_matching.swapped_date(day) for day in birth_dates]
        days = tuple({d for d in birth_dates + swapped if d}) or (None,)
        has_trgm = self._casework_has_trgm()
        queries = []
        similarity = SQL("similarity(b.search_name, %s)", name) if has_trgm and name else SQL("0")
        if birth_dates:
            # born that day (or day and month swapped): the btree index
            queries.append(SQL(
                "(SELECT b.id, %s + CASE WHEN b.birth_date = ANY(%s) THEN 1 ELSE 0.8 END AS score "
                "FROM casework_beneficiary b WHERE b.birth_date IN %s)", similarity, list(birth_dates), days))
        if name and has_trgm:
            # close names (accents, case, typos, order of the words): the trigram index; stricter
            # when a birth date narrows the search already
            threshold = "0.6" if birth_dates else "0.4"
            self.env.cr.execute(SQL("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", threshold))
            queries.append(SQL(
                "(SELECT b.id, %s AS score FROM casework_beneficiary b WHERE b.search_name %% %s "
                "ORDER BY b.search_name <-> %s LIMIT %s)", similarity, name, name, limit))
        if not queries:
            return []
        self.env.cr.execute(SQL("""
            SELECT c.id, max(c.score) AS score
              FROM (%(union)s) c JOIN casework_beneficiary b ON b.id = c.id JOIN res_partner p ON p.id = b.partner_id
             WHERE p.active
          GROUP BY c.id
          ORDER BY score DESC, c.id DESC
             LIMIT %(limit)s
        """, union=SQL(" UNION ALL ").join(queries), limit=limit))
        return self.env.cr.fetchall()

    @api.model
    def _casework_identity(self, vals_or_record):
        """The identity to compare, from create/write values or a dossier;
        identifiers as (type id, normalised number) pairs (whether the type's
        numbers are certain is checked in SQL)."""
        def number(value):
            return name_matching.normalize(value).replace(" ", "").upper()

        if isinstance(vals_or_record, models.BaseModel):
            record = vals_or_record
            pairs = {(i.type_id.id, i.value_normalized or number(i.value))
                     for i in record.identifier_ids if i.type_id and i.value}
            return {
                "civility": record.civility, "first_name": record.first_name, "usage_name": record.usage_name,
                "birth_name": record.birth_name, "birth_date": record.birth_date, "identifiers": pairs,
                "exclude": [record._origin.id] if record._origin.id else [],
            }
        vals = vals_or_record
        pairs = set()
        for command in vals.get("identifier_ids") or []:
            if isinstance(command, (list, tuple)) and command[0] == Command.CREATE:
                if command[2].get("type_id") and command[2].get("value"):
                    pairs.add((command[2]["type_id"], number(command[2]["value"])))
        return {
            "civility": vals.get("civility"), "first_name": vals.get("first_name"), "usage_name": vals.get("usage_name"),
            "birth_name": vals.get("birth_name"), "birth_date": fields.Date.to_date(vals.get("birth_date")),
            "identifiers": pairs, "exclude": [],
        }

    @api.model
    def _casework_candidates(self, identity):
        """Active dossiers that may be ``identity``, found in SQL (every
        scope: the caller decides what to reveal): rows of (id, civility,
        first_name, usage_name, birth_name, birth_date, same certain identifier)."""
        self.flush_model()
        self.env["res.partner"].flush_model(["active"])
        self.env["casework.beneficiary.identifier"].flush_model()
        name = name_matching.search_name(identity["first_name"], identity["usage_name"], identity["birth_name"])
        exclude = tuple(identity["exclude"]) or (0,)
        queries = []
        day = identity["birth_date"]
        if day:
            # Only people born the same day, day and month swapped, or one
            # digit away are likely duplicates (scores): the btree index on
            # birth_date finds them in a fraction of a millisecond, where a
            # trigram scan of a frequent name (Marie Martin) costs hundreds
            # of milliseconds at a country's scale (see bench/README.md).
            # pg_trgm's similarity() then drops the obviously other names.
            same = tuple(d for d in (day, name_matching.swapped_date(day)) if d)
            close = tuple(set(name_matching.close_dates_of(day)) - set(same)) or same
            if self._casework_has_trgm():
                queries.append(SQL(
                    "(SELECT b.id FROM casework_beneficiary b WHERE b.birth_date IN %s "
                    "AND similarity(b.search_name, %s) >= 0.2)", same, name))
                queries.append(SQL(
                    "(SELECT b.id FROM casework_beneficiary b WHERE b.birth_date IN %s "
                    "AND similarity(b.search_name, %s) >= 0.45)", close, name))
            else:
                queries.append(SQL("(SELECT b.id FROM casework_beneficiary b WHERE b.birth_date IN %s)",
                                   same + close))
        queries = [SQL("(SELECT d.id, FALSE AS certain FROM %s d)", query) for query in queries]
        if identity["identifiers"]:
            pairs = SQL(", ").join(SQL("(%s, %s)", type_id, value) for type_id, value in identity["identifiers"])
            queries.append(SQL(
                "(SELECT i.beneficiary_id, TRUE AS certain FROM casework_beneficiary_identifier i "
                "JOIN casework_identifier_type t ON t.id = i.type_id "
                "WHERE t.certain AND (i.type_id, i.value_normalized) IN (%s))", pairs,
            ))
        if not queries:
            return []
        # two steps: the few candidate ids, then their identity by primary
        # key (in one query the planner may estimate hundreds of rows and
        # scan res_partner to check "active")
        self.env.cr.execute(SQL("SELECT c.id, bool_or(c.certain) FROM (%s) c GROUP BY c.id",
                                SQL(" UNION ALL ").join(queries)))
        certain = dict(self.env.cr.fetchall())
        certain = {record_id: value for record_id, value in certain.items() if record_id not in exclude}
        if not certain:
            return []
        self.env.cr.execute(SQL("""
            SELECT b.id, b.civility, b.first_name, b.usage_name, b.birth_name, b.birth_date
              FROM casework_beneficiary b JOIN res_partner p ON p.id = b.partner_id
             WHERE b.id = ANY(%s) AND p.active
        """, list(certain)))
        return [row + (certain[row[0]],) for row in self.env.cr.fetchall()]

    @api.model
    def _casework_find_duplicates(self, vals_or_records, limit=10, threshold=name_matching.LIKELY):
        """Likely duplicates of a dossier (record, possibly new) or of
        create values, best first.

        :return: list of dicts ``{"record": dossier readable by the user or
            an empty recordset, "readable": bool, "score": 0..100,
            "reasons": [translated labels], "codes": [reason codes]}``;
            for a dossier the user cannot read, nothing about its identity.
        """
        identity = self._casework_identity(vals_or_records)
        candidates = self._casework_candidates(identity)
        scored = []
        for record_id, civility, first_name, usage_name, birth_name, birth_date, certain in candidates:
            other = {
                "civility": civility, "first_name": first_name, "usage_name": usage_name,
                "birth_name": birth_name, "birth_date": birth_date,
            }
            if certain:  # the same number with a body whose numbers are unique
                score, codes = 100, [name_matching.SAME_IDENTIFIER]
            else:
                score, codes = name_matching.score_pair(dict(identity, identifiers=None), other)
            if score >= threshold:
                scored.append((score, record_id, codes))
        scored.sort(key=lambda item: (-item[0], -item[1]))
        scored = scored[:limit]
        # the dossiers' own record rules decide what the user may see; the
        # partner rule they inherit says the same thing ("visible when the
        # dossier is readable") at a much higher cost, so it is bypassed here
        readable = set(self.with_context(casework_visible_bypass=True).search(
            [("id", "in", [item[1] for item in scored])]).ids) if scored else set()
        labels = self._casework_duplicate_reason_labels()
        return [{
            "record": self.browse(record_id) if record_id in readable else self.browse(),
            "readable": record_id in readable,
            "score": score,
            "codes": codes,
            "reasons": [labels[code] for code in codes],
        } for score, record_id, codes in scored]

    @api.model
    def _casework_duplicate_reason_labels(self):
        return {
            name_matching.SAME_IDENTIFIER: _("Same identifier (France Travail, CAF...): certain match"),
            name_matching.SAME_BIRTH_DATE: _("Same birth date"),
            name_matching.SWAPPED_BIRTH_DATE: _("Day and month swapped"),
            name_matching.SAME_NAME: _("Same first and last name"),
            name_matching.BIRTH_USAGE: _("Birth name = usage name"),
            name_matching.SWAPPED_NAMES: _("First and last name swapped"),
            name_matching.COMPOUND: _("Compound name (part of it)"),
            name_matching.TYPO: _("Similar name (typo)"),
            name_matching.CLOSE_BIRTH_DATE: _("Close birth date (typo)"),
            name_matching.OTHER_BIRTH_DATE: _("Different birth date"),
        }

    @api.model
    def _casework_duplicates_html(self, found):
        rows = []
        hidden = 0
        for item in found:
            if not item["readable"]:
                hidden += 1
                continue
            record = item["record"]
            rows.append(Markup("<li><a href='/odoo/action-casework_base.casework_beneficiary_action/%s'>%s</a>"
                               " — %s %s — <b>%s/100</b>: %s</li>") % (
                record.id, record.display_name, _("born on"),
                record.birth_date and record.birth_date.strftime("%d/%m/%Y") or "", item["score"],
                ", ".join(item["reasons"]),
            ))
        if hidden:
            rows.append(Markup("<li>%s</li>") % _(
                "%(count)s possible duplicate(s) exist(s) in another territory or another counsellor's active file: "
                "ask your secretariat before creating a new dossier.", count=hidden))
        return Markup("<ul class='mb-0'>%s</ul>") % Markup("").join(rows)

    def _casework_check_duplicates_before_create(self, vals):
        """Refuse, from the form, a new dossier with likely duplicates that
        the user has not confirmed (imports and batch code are not checked)."""
        found = self._casework_find_duplicates(vals)
        if not found:
            return
        lines = []
        hidden = 0
        for item in found:
            if item["readable"]:
                lines.append(_("%(dossier)s (%(score)s/100: %(reasons)s)", dossier=item["record"].display_name,
                               score=item["score"], reasons=", ".join(item["reasons"])))
            else:
                hidden += 1
        if hidden:
            lines.append(_("%(count)s possible duplicate(s) in another territory or another counsellor's active file",
                           count=hidden))
        raise UserError(_(
            "This person may already have a dossier:\n%(lines)s\n\nOpen the existing dossier instead, or, if this is "
            "really another person, tick “Not a duplicate: create anyway” and save again.",
            lines="\n".join(f"- {line}" for line in lines),
        ))
