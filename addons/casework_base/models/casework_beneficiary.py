from contextvars import ContextVar

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain

from ..tools import phone
from ..tools.dates import casework_today

# set by the server while a list or kanban reads dossiers (web_search_read):
# their web_read records no consultation. Not a context key: the client
# sends any context, it cannot set this.
_LISTING = ContextVar("casework_beneficiary_listing", default=False)


# the fields of the person's contact (res.partner) the dossiers are grouped by;
# and the technical fields of the dossier (here and in the Casework addons:
# the search key, the daily feed's bookkeeping) they are not
GROUPABLE_CONTACT_FIELDS = {"city", "zip", "country_id", "state_id", "active"}
UNGROUPABLE_FIELDS = {"partner_id", "search_name", "external_rank", "feed_last_run_id", "feed_mapping_id",
                      "feed_missing", "feed_last_seen_date", "anonymisation_rule_id"}


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
    # the newest dossiers first (primary key); each user's last consulted
    # dossiers are their consultations (casework.beneficiary.visit)
    _order = "id desc"
    _rec_names_search = ["name", "number", "birth_name"]

    partner_id = fields.Many2one("res.partner", required=True, ondelete="restrict", index=True)
    number = fields.Char(
        string="Dossier number", required=True, readonly=True, copy=False, default=lambda self: self.env._("New")
    )  # indexed by the unique constraint
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
    nationality_id = fields.Many2one("res.country", tracking=True)
    age = fields.Integer(compute="_compute_age")
    memo = fields.Text(help="Shown at the top of the dossier to everyone who opens it.")
    territory_id = fields.Many2one(
        "casework.territory",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: (
            self.env.user.casework_territory_ids[:1] or self.env.user.casework_structure_id.territory_id
        ),
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
    last_visit_date = fields.Datetime(
        string="Last consulted",
        compute="_compute_last_visit_date",
        help="When you last opened this dossier.",
    )
    last_meeting_date = fields.Date(
        string="Last physical meeting",
        readonly=True,
        copy=False,
        index=True,
        help="Date of the last physical meeting held with the person (individual interview, workshop, "
        "information session). Kept up to date by the appointments; drives completeness, dormancy and archival.",
    )

    birth_city = fields.Char(string="Place of birth", tracking=True)
    # a justified identity (i-milo): its locked fields are the administrators'
    identity_justified = fields.Boolean(readonly=True, copy=False, tracking=True)
    identity_justified_by_id = fields.Many2one("res.users", string="Identity justified by", readonly=True, copy=False)
    identity_justified_date = fields.Datetime(string="Identity justified on", readonly=True, copy=False)
    can_edit_identity = fields.Boolean(compute="_compute_can_edit_identity")
    # set by the anonymisation (casework_lifecycle): out of every scope but the administrators'
    is_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False)
    _anonymised_idx = models.Index("(id) WHERE is_anonymised")

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
            current = beneficiary.characteristic_value_ids.filtered("is_current")
            beneficiary.characteristic_option_ids = current.option_id

    def _search_characteristic_option_ids(self, operator, value):
        # one sub-query per condition: "Droit clos" AND "Non soumis" are two
        # different current values of the same dossier
        if operator in ("in", "any"):
            return [("characteristic_value_ids", "any", [("is_current", "=", True), ("option_id", operator, value)])]
        if operator in ("not in", "not any"):
            positive = "in" if operator == "not in" else "any"
            return [
                ("characteristic_value_ids", "not any", [("is_current", "=", True), ("option_id", positive, value)])
            ]
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

    @api.depends_context("allowed_company_ids")
    @api.depends("assignment_ids.user_id", "assignment_ids.date_start", "assignment_ids.date_end")
    def _compute_referent_id(self):
        today = casework_today(self.env)
        for beneficiary in self:
            current = beneficiary.assignment_ids.filtered(
                lambda a: a.role == "parcours" and a._is_current_on(today)
            ).sorted(lambda a: (a.date_start, a.end_reason != "reorientation", a._origin.id or 0), reverse=True)
            # on the day of a réorientation, the new référent
            beneficiary.referent_id = current[:1].user_id

    def _search_referent_id(self, operator, value):
        return [("assignment_ids", "any", [
            ("role", "=", "parcours"), ("is_current", "=", True), ("user_id", operator, value),
        ])]

    @api.depends_context("uid", "allowed_company_ids")
    @api.depends("assignment_ids.user_id", "assignment_ids.date_start", "assignment_ids.date_end")
    def _compute_in_my_active_file(self):
        today = casework_today(self.env)
        for beneficiary in self:
            beneficiary.in_my_active_file = any(
                # sudo: only whether the current user has a current assignment, a boolean
                a.user_id.id == self.env.uid and a._is_current_on(today) for a in beneficiary.sudo().assignment_ids
            )

    def _search_in_my_active_file(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("assignment_ids", "any", [("user_id", "=", self.env.uid), ("is_current", "=", True)])
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends_context("uid")
    def _compute_last_visit_date(self):
        # sudo: the current user's own consultations of dossiers they are reading
        visits = self.env["casework.beneficiary.visit"].sudo().search_fetch(
            [("user_id", "=", self.env.uid), ("beneficiary_id", "in", self.ids)], ["beneficiary_id", "last_date"]
        )
        last = {visit.beneficiary_id.id: visit.last_date for visit in visits}
        for beneficiary in self:
            beneficiary.last_visit_date = last.get(beneficiary.id, False)

    @api.depends("enrollment_ids.program_id", "characteristic_value_ids.is_current", "characteristic_value_ids.type_id")
    def _compute_missing_characteristic_type_ids(self):
        required = self.env["casework.characteristic.type"].search([("required", "=", True)])
        for beneficiary in self:
            programs = beneficiary.enrollment_ids.filtered(lambda e: e.state != "sortie").program_id
            applicable = required.filtered(lambda t: not t.program_ids or t.program_ids & programs)
            beneficiary.missing_characteristic_type_ids = applicable - beneficiary.current_characteristic_ids.type_id

    @api.depends_context("uid")
    @api.depends("identity_justified")
    def _compute_can_edit_identity(self):
        is_admin = self._casework_is_identity_admin()
        for beneficiary in self:
            beneficiary.can_edit_identity = is_admin or not beneficiary.identity_justified

    @api.depends("name", "number")
    def _compute_display_name(self):
        for beneficiary in self:
            # a new dossier has no name yet (and its number is "New"): no "False (New)"
            beneficiary.display_name = (
                f"{beneficiary.name} ({beneficiary.number})" if beneficiary.name and beneficiary.number
                else beneficiary.name or beneficiary.number or ""
            )

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
                    self.env._("The birth date %(date)s of %(name)s is not possible.",
                      date=beneficiary.birth_date, name=beneficiary.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _normalize_phone(self, number):
        """Return ``number`` in E.164 by the one phone rule of Casework
        (``tools/phone.py``: French numbers by default, overseas ones by
        their prefix: "06 92 12 34 56" → "+262692123456").

        :raise ValidationError: when it is not a valid phone number.
        """
        if not number:
            return number
        try:
            return phone.to_e164(number)
        except phone.InvalidPhone:
            raise ValidationError(
                self.env._(
                    "“%(number)s” is not a valid phone number (for example 06 12 34 56 78 or +33 6 12 34 56 78).",
                    number=number,
                )
            ) from None

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
            if vals.get("number", self.env._("New")) == self.env._("New"):
                vals["number"] = self.env["ir.sequence"].next_by_code("casework.beneficiary") or self.env._("New")
            if is_referent_only and not vals.get("assignment_ids"):
                # a référent who creates a dossier becomes its référent de parcours
                vals["assignment_ids"] = [Command.create({"user_id": self.env.uid, "role": "parcours"})]
            prepared.append(vals)
        return super().create(prepared)

    def write(self, vals):
        self._casework_check_identity_write(vals)
        vals = self._prepare_identity_vals(vals)
        result = super().write(vals)
        if {"first_name", "usage_name"} & set(vals):
            for beneficiary in self:
                name = self._compose_name(beneficiary.first_name, beneficiary.usage_name)
                if beneficiary.name != name:
                    beneficiary.partner_id.name = name
        return result

    def copy(self, default=None):
        """A dossier is one person: it is never duplicated (a new dossier goes
        through the creation and its duplicate check).

        :raise UserError: for any dossier
        """
        if self:
            raise UserError(self.env._("A dossier cannot be duplicated: create a new dossier for another person."))
        return super().copy(default)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Group by only what a counsellor groups dossiers by: the dossier's
        own fields and the person's place (city, postcode, country,
        region), not the technical fields of Odoo's contact the dossier is
        built on (``GROUPABLE_CONTACT_FIELDS``)."""
        result = super().fields_get(allfields, attributes)
        for name, description in result.items():
            field = self._fields.get(name)
            if description.get("groupable") and field and (
                (field.inherited and name not in GROUPABLE_CONTACT_FIELDS) or name in UNGROUPABLE_FIELDS
            ):
                description["groupable"] = False
        return result

    def unlink(self):
        # sudo: the persons of the dossiers being deleted, whose unlink right the ORM checks in super()
        partners = self.sudo().partner_id
        result = super().unlink()
        partners.unlink()
        return result

    def web_read(self, specification):
        # opening a dossier's form (a read of this one dossier, outside a
        # list) records the user's consultation, without touching the dossier
        if len(self) == 1 and isinstance(self.id, int) and not _LISTING.get():
            self.check_access("read")
            self.env["casework.beneficiary.visit"]._casework_record(self)
            self._casework_audit("read")
        return super().web_read(specification)

    # Odoo runs web_read on a read-only cursor; opening a dossier records the
    # visit, so this one needs a read/write cursor. Lists and kanbans
    # (web_search_read), and the dossier shown in another record's form, read
    # without recording (models/base.py).
    web_read._readonly = False

    # ------------------------------------------------------------------
    # Actions and business methods
    # ------------------------------------------------------------------

    def action_open_characteristic_update(self):
        """Open the form recording a new value of a characteristic of this
        dossier (one dossier).

        :return: an ``ir.actions.act_window`` dict (a dialog)
        :raise AccessError: for a user who may not change the dossier or
            record characteristics (an FSE manager, who only reads them)
        """
        self.ensure_one()
        self.check_access("write")
        self.env["casework.characteristic.value"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Update a characteristic"),
            "res_model": "casework.characteristic.value",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_id": self.id},
        }

    def action_open_characteristic_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Characteristic history"),
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
            raise ValidationError(self.env._("Unknown characteristic “%(code)s”.", code=code))
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


    def _casework_audit(self, action, details=None):
        """Write an audit entry (``auditlog.log``) for ``action`` on each
        dossier: ``read``, ``export``, ``merge``, ``anonymise``... It names the
        dossier by its number only, so that the trail keeps no identity.

        :param str action: what was done (stored as the log's method)
        :param str details: free text, without personal data (e.g. "merged
            D2026-00012 into this dossier")
        """
        if not self:
            return self.env["auditlog.log"]
        # sudo: the audit trail is written by the system, for dossiers the caller reached; it names them by
        # number only (the model, the current request, the entries)
        model = self.env["ir.model"].sudo()._get(self._name)
        # sudo: the current HTTP request's audit record, nothing personal
        http_request = self.env["auditlog.http.request"].sudo().current_http_request()
        # sudo: the entries, which users may not create; each names its dossier by number only
        return self.env["auditlog.log"].sudo().create([
            {
                "name": dossier.number,
                "model_id": model.id,
                "res_id": dossier.id,
                "user_id": self.env.uid,
                "method": action,
                "log_type": "fast",
                "http_request_id": http_request,
                "casework_details": details,
            }
            for dossier in self
        ])


    _CASEWORK_LOCKED_IDENTITY = ("civility", "first_name", "birth_name", "birth_date")

    def action_justify_identity(self):
        """Attest that the identity of these dossiers was checked: from then
        on, only an administrator changes their civility, first name, birth
        name and birth date."""
        self.check_access("write")
        to_justify = self.filtered(lambda b: not b.identity_justified)
        if not to_justify:
            return True
        # sudo: system fields, written once the write access is checked above
        to_justify.sudo().write({
            "identity_justified": True,
            "identity_justified_by_id": self.env.uid,
            "identity_justified_date": fields.Datetime.now(),
        })
        for beneficiary in to_justify:
            beneficiary.message_post(
                body=self.env._("Identity justified: %(user)s attests the identity of %(name)s was checked.",
                       user=self.env.user.name, name=beneficiary.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_unjustify_identity(self):
        """Withdraw the justification of the identity (administrators only)."""
        if not self._casework_is_identity_admin():
            raise AccessError(self.env._("Only a Casework administrator withdraws the justification of an identity."))
        to_withdraw = self.filtered("identity_justified")
        # system fields, written once the administrator's right is checked
        to_withdraw.sudo().write(
            {"identity_justified": False, "identity_justified_by_id": False, "identity_justified_date": False}
        )
        for beneficiary in to_withdraw:
            beneficiary.message_post(
                body=self.env._("Justification of the identity withdrawn."), subtype_xmlid="mail.mt_note"
            )
        return True

    @api.model
    def _casework_is_identity_admin(self):
        return self.env.su or self.env.user.has_group("casework_base.group_casework_admin")

    def _casework_check_identity_write(self, vals):
        """Refuse changes of a justified identity to anyone but an
        administrator (the status fields are system fields: see
        casework_beneficiary_scope.py)."""
        if self._casework_is_identity_admin():
            return
        locked = [fname for fname in self._CASEWORK_LOCKED_IDENTITY if fname in vals]
        if not locked:
            return
        for beneficiary in self.filtered("identity_justified"):
            changed = [
                beneficiary._fields[fname].get_description(self.env)["string"]
                for fname in locked
                if beneficiary._fields[fname].convert_to_record(
                    beneficiary._fields[fname].convert_to_cache(vals[fname], beneficiary), beneficiary
                ) != beneficiary[fname]
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "The identity of %(name)s is justified: %(fields)s can only be changed by an administrator "
                        "(the usage name stays editable).", name=beneficiary.name, fields=", ".join(changed),
                    )
                )
