import logging
import re
import unicodedata
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

import phonenumbers

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from ..tools import name_matching, phone

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
        string="Dossier number", required=True, readonly=True, copy=False, default=lambda self: _("New")
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

    # ------------------------------------------------------------------
    # Quick creation and completeness (issue 3, part c): status, justified
    # identity, sections and their content, synthesis
    # ------------------------------------------------------------------
    dossier_status = fields.Selection(
        [("partiel", "Partiel"), ("complet", "Complet"), ("justifie", "Justifié")],
        string="Dossier status",
        default="partiel",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Partiel from the quick creation; Complet once a physical meeting took place, every required "
        "field of every section is filled and a current situation is recorded; Justifié once a counsellor "
        "attested the identity was checked.",
    )
    is_complete = fields.Boolean(
        string="Complete", readonly=True, copy=False, help="Whether the conditions of a complete dossier are met."
    )
    identity_justified = fields.Boolean(readonly=True, copy=False, tracking=True)
    identity_justified_by_id = fields.Many2one("res.users", string="Identity justified by", readonly=True, copy=False)
    identity_justified_date = fields.Datetime(string="Identity justified on", readonly=True, copy=False)
    can_edit_identity = fields.Boolean(compute="_compute_can_edit_identity")
    birth_city = fields.Char(string="Place of birth", tracking=True)
    section_state_ids = fields.One2many("casework.dossier.section.state", "beneficiary_id", string="Sections")
    personal_situation_ids = fields.One2many(
        "casework.personal.situation", "beneficiary_id", string="Personal situations"
    )
    mobility_ids = fields.One2many("casework.mobility", "beneficiary_id", string="Mobility")
    education_ids = fields.One2many("casework.education", "beneficiary_id", string="Education and diplomas")
    best_education_id = fields.Many2one(
        "casework.education", string="Best diploma", compute="_compute_best_education_id", store=True
    )
    education_level_id = fields.Many2one(
        "casework.education.level", related="best_education_id.level_id", string="Education level", store=True
    )
    situation_ids = fields.One2many("casework.situation", "beneficiary_id", string="Situations")
    current_situation_ids = fields.One2many(
        "casework.situation", "beneficiary_id", string="Current situations", domain=[("is_current", "=", True)]
    )
    project_ids = fields.One2many("casework.professional.project", "beneficiary_id", string="Professional projects")
    barrier_ids = fields.One2many("casework.employment.barrier", "beneficiary_id", string="Barriers to employment")
    immersion_ids = fields.One2many("casework.work.immersion", "beneficiary_id", string="Work immersions")
    language_ids = fields.One2many("casework.language.skill", "beneficiary_id", string="Languages")
    digital_skill_ids = fields.One2many("casework.digital.skill", "beneficiary_id", string="Digital skills")
    leisure_ids = fields.One2many("casework.leisure", "beneficiary_id", string="Leisure")
    # end of the block of issue 3, part c

    # ------------------------------------------------------------------
    # Notes, tasks, documents, mail merge, timeline (issue 4, part 4b)
    # ------------------------------------------------------------------
    # The notes the current user may read (circles, private and attributed
    # notes): computed per user, so that a list read in superuser mode in the
    # same transaction is never served to a user.
    note_ids = fields.Many2many("casework.note", string="Follow-up notes", compute="_compute_note_ids")
    note_count = fields.Integer(compute="_compute_note_count", string="Notes count")
    document_ids = fields.One2many("casework.document", "beneficiary_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count", string="Documents count")
    cv_document_id = fields.Many2one("casework.document", compute="_compute_cv_document_id", string="CV")
    task_count = fields.Integer(compute="_compute_task_count", string="Open tasks")

    _number_uniq = models.Constraint("UNIQUE(number)", "The dossier number must be unique.")

    # ------------------------------------------------------------------
    # Appointments (issue 4, part 4a): appointments, counters, theme search
    # ------------------------------------------------------------------
    # Per user (archived included, private ones of others not): a list read in
    # superuser mode in the same transaction is never served to a user.
    appointment_ids = fields.Many2many(
        "calendar.event", string="Appointments", compute="_compute_appointment_ids", context={"active_test": False}
    )
    appointment_count = fields.Integer(string="Appointments (count)", compute="_compute_appointment_counts")
    appointment_held_count = fields.Integer(string="Appointments held", compute="_compute_appointment_counts")
    appointment_unexcused_count = fields.Integer(
        string="Unexcused absences", compute="_compute_appointment_counts",
        help="Appointments missed without justification: the evidence for a formal notice.",
    )
    appointment_theme_id = fields.Many2one(
        "casework.appointment.theme",
        string="Appointment theme",
        compute="_compute_appointment_theme_id",
        search="_search_appointment_theme_id",
        help="Theme of the last appointment; search: dossiers with an appointment of this theme.",
    )

    upcoming_appointment_ids = fields.Many2many(
        "calendar.event", string="Upcoming appointments", compute="_compute_synthesis_appointments"
    )
    last_appointment_id = fields.Many2one(
        "calendar.event", string="Last interview", compute="_compute_synthesis_appointments",
        help="The last appointment held with the person.",
    )

    @api.depends_context("uid")
    def _compute_appointment_ids(self):
        Event = self.env["calendar.event"].with_context(active_test=False)
        domain = Domain("casework_beneficiary_id", "in", self._origin.ids) & Event._casework_listed_domain()
        events = Event.search(domain) if self._origin.ids else Event
        for beneficiary in self:
            beneficiary.appointment_ids = events.filtered(lambda e: e.casework_beneficiary_id == beneficiary._origin)

    @api.depends_context("uid")
    def _compute_synthesis_appointments(self):
        now = fields.Datetime.now()
        for beneficiary in self:
            appointments = beneficiary.appointment_ids.filtered("active").sorted("start")
            beneficiary.upcoming_appointment_ids = appointments.filtered(
                lambda event: event.start >= now and event.casework_outcome == "planned"
            )[:5]
            beneficiary.last_appointment_id = appointments.filtered(
                lambda event: event.casework_outcome == "held"
            )[-1:]

    @api.depends_context("uid")
    def _compute_appointment_counts(self):
        counts = {}
        if self.ids:
            groups = self.env["calendar.event"].with_context(active_test=False)._read_group(
                [("casework_beneficiary_id", "in", self.ids)],
                ["casework_beneficiary_id", "casework_outcome"],
                ["__count"],
            )
            for dossier, outcome, count in groups:
                counts[dossier.id, outcome] = count
        for beneficiary in self:
            key = beneficiary._origin.id
            beneficiary.appointment_held_count = counts.get((key, "held"), 0)
            beneficiary.appointment_unexcused_count = counts.get((key, "unexcused"), 0)
            beneficiary.appointment_count = sum(count for (dossier, __), count in counts.items() if dossier == key)

    @api.depends_context("uid")
    def _compute_appointment_theme_id(self):
        for beneficiary in self:
            last = beneficiary.appointment_ids.filtered("casework_theme_id").sorted("start", reverse=True)[:1]
            beneficiary.appointment_theme_id = last.casework_theme_id

    def _search_appointment_theme_id(self, operator, value):
        negative = {"not in": "in", "not any": "any", "not ilike": "ilike", "!=": "="}
        positive = negative.get(operator, operator)
        if positive not in ("in", "any", "ilike", "="):
            return NotImplemented
        Event = self.env["calendar.event"].with_context(active_test=False)
        events = Event._search(Domain("casework_theme_id", positive, value) & Event._casework_listed_domain())
        domain = Domain("id", "in", events.subselect("casework_beneficiary_id"))
        return ~domain if operator in negative else domain

    def action_open_appointments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Appointments"),
            "res_model": "calendar.event",
            "view_mode": "list,form,calendar",
            "views": [
                (self.env.ref("casework_base.calendar_event_view_list_casework").id, "list"),
                (self.env.ref("casework_base.calendar_event_view_form_casework").id, "form"),
                (False, "calendar"),
            ],
            "domain": [("casework_beneficiary_id", "=", self.id)],
            "context": dict(self._appointment_context(), active_test=False),
        }

    def action_open_held_appointments(self):
        action = self.action_open_appointments()
        action["domain"] = [("casework_beneficiary_id", "=", self.id), ("casework_outcome", "=", "held")]
        return action

    def action_open_unexcused_appointments(self):
        action = self.action_open_appointments()
        action["domain"] = [("casework_beneficiary_id", "=", self.id), ("casework_outcome", "=", "unexcused")]
        return action

    def action_new_appointment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New appointment"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(self.env.ref("casework_base.calendar_event_view_form_casework").id, "form")],
            "target": "current",
            "context": self._appointment_context(),
        }

    def _appointment_context(self):
        self.ensure_one()
        return {
            "default_casework_beneficiary_id": self.id,
            "default_res_model": self._name,
            "default_res_id": self.id,
            "default_partner_ids": [self.env.user.partner_id.id, self.partner_id.id],
            "default_user_id": self.env.uid,
            "default_casework_outcome": "planned",
        }

    def _casework_refresh_last_meeting_date(self):
        """Date of the last physical meeting: the latest held appointment of
        a physical type (kept up to date by the appointments)."""
        if not self:
            return
        groups = self.env["calendar.event"].sudo().with_context(active_test=False)._read_group(
            [
                ("casework_beneficiary_id", "in", self.ids),
                ("casework_outcome", "=", "held"),
                ("casework_appointment_type_id.is_physical", "=", True),
            ],
            ["casework_beneficiary_id"],
            ["start:max"],
        )
        last = {dossier.id: start for dossier, start in groups}
        for beneficiary in self.sudo():
            start = last.get(beneficiary.id)
            date = fields.Datetime.context_timestamp(beneficiary, start).date() if start else False
            if beneficiary.last_meeting_date != date:
                beneficiary.last_meeting_date = date

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
        string="Absent from the last feed", readonly=True, copy=False,
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

    # Quick creation and completeness (issue 3, part c)

    @api.depends_context("uid")
    @api.depends("identity_justified")
    def _compute_can_edit_identity(self):
        is_admin = self._casework_is_identity_admin()
        for beneficiary in self:
            beneficiary.can_edit_identity = is_admin or not beneficiary.identity_justified

    @api.depends("education_ids.obtained", "education_ids.level_id.rank", "education_ids.year")
    def _compute_best_education_id(self):
        for beneficiary in self:
            obtained = beneficiary.education_ids.filtered("obtained")
            beneficiary.best_education_id = obtained.sorted(
                lambda e: (e.level_id.rank, e.year or 0, e.id), reverse=True
            )[:1]

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
                _("“%(number)s” is not a valid phone number (for example 06 12 34 56 78 or +33 6 12 34 56 78).",
                  number=number)
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
            if vals.get("number", _("New")) == _("New"):
                vals["number"] = self.env["ir.sequence"].next_by_code("casework.beneficiary") or _("New")
            if self.env.context.get("casework_check_duplicates") and not vals.get("duplicate_confirmed"):
                self._casework_check_duplicates_before_create(vals)
            if is_referent_only and not vals.get("assignment_ids"):
                # a référent who creates a dossier becomes its référent de parcours
                vals["assignment_ids"] = [Command.create({"user_id": self.env.uid, "role": "parcours"})]
            prepared.append(vals)
        beneficiaries = super().create(prepared)
        if not (self.env.su and self.env.context.get("casework_skip_completeness")):
            Section = self.env["casework.dossier.section"]
            beneficiaries._casework_ensure_section_states()
            for beneficiary, vals in zip(beneficiaries, prepared):
                sections = Section._sections_of_fields({fname for fname, value in vals.items() if value})
                beneficiary._casework_touch_sections(sections)
                beneficiary._casework_check_mandatory(sections)
            beneficiaries._casework_update_status()
        return beneficiaries

    def write(self, vals):
        self._casework_check_identity_write(vals)
        vals = self._prepare_identity_vals(vals)
        result = super().write(vals)
        if {"first_name", "usage_name"} & set(vals):
            for beneficiary in self:
                name = self._compose_name(beneficiary.first_name, beneficiary.usage_name)
                if beneficiary.name != name:
                    beneficiary.partner_id.name = name
        if not (self.env.su and self.env.context.get("casework_skip_completeness")):
            sections = self.env["casework.dossier.section"]._sections_of_fields(set(vals))
            self._casework_touch_sections(sections)
            self._casework_check_mandatory(sections)
            self._casework_update_status()
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
            self._casework_audit("read")
            if "section_state_ids" in specification:
                # dossiers created in bulk (daily feed) get their section lines when first opened
                self._casework_ensure_section_states()
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
    # are counted as "outside your scope" without any identity, audited and
    # limited per hour (``casework_beneficiary_duplicate.py``).

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
    similar_to = fields.Char(
        string="Similar to",
        compute="_compute_similar_to",
        search="_search_similar_to",
        help="Name and/or first name, optionally a birth date (dd/mm/yyyy): closest first, accents and typos tolerated.",
    )

    # covering: the duplicate check compares the names of the people born on
    # about forty dates without reading the table (index-only scan)
    _birth_date_idx = models.Index("(birth_date) INCLUDE (search_name, id)")
    # flags true for few dossiers: partial indexes (nothing to write for the others)
    _feed_missing_idx = models.Index("(feed_mapping_id) WHERE feed_missing")
    _dormant_idx = models.Index("(territory_id) WHERE is_dormant")
    _anonymised_idx = models.Index("(id) WHERE is_anonymised")

    def init(self):
        super().init()
        self._casework_init_search_sql(self.env.cr)
        # the daily feed updates every fed dossier (date last seen): pages
        # half full keep those updates HOT (no new entry in the dozen indexes)
        self.env.cr.execute("ALTER TABLE casework_beneficiary SET (fillfactor = 50)")

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

    # ------------------------------------------------------------------
    # Lifecycle (issue 3, part 3b): dormancy (en veille, i-milo sense),
    # archival by retention rules, anonymisation, subject-access export,
    # audit trail
    # ------------------------------------------------------------------

    is_dormant = fields.Boolean(
        string="Dormant",
        compute="_compute_is_dormant",
        store=True,
        help="No physical meeting (individual interview, workshop, information session) for more than the "
        "configured number of months (5 by default). A new meeting makes the dossier active again.",
    )
    is_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False)
    anonymised_date = fields.Date(string="Anonymised on", readonly=True, copy=False)
    anonymisation_rule_id = fields.Many2one(
        "casework.retention.rule", string="Retention rule applied", readonly=True, copy=False, ondelete="set null"
    )
    age_band = fields.Selection(
        [
            ("lt16", "Under 16"),
            ("16_17", "16-17"),
            ("18_25", "18-25"),
            ("26_29", "26-29"),
            ("30_44", "30-44"),
            ("45_54", "45-54"),
            ("55_plus", "55 and over"),
        ],
        readonly=True,
        copy=False,
        help="Age band of the person on the day the dossier was anonymised, kept for statistics "
        "(the birth date itself is erased).",
    )

    # fields of the dossier and of its partner that an anonymisation keeps
    # (aggregate data for statistics); every other free-text field is erased
    _casework_keep_fields = ("number",)

    @api.depends("last_meeting_date", "is_anonymised")
    def _compute_is_dormant(self):
        threshold = self._casework_dormancy_threshold()
        for dossier in self:
            # a dossier without any meeting yet counts from its creation
            reference = dossier.last_meeting_date or (dossier.create_date and dossier.create_date.date())
            dossier.is_dormant = bool(not dossier.is_anonymised and reference and reference < threshold)

    @api.constrains("active", "is_anonymised")
    def _check_anonymised_stays_archived(self):
        if self.filtered(lambda dossier: dossier.is_anonymised and dossier.active):
            raise ValidationError(_("An anonymised dossier cannot be restored: the anonymisation is irreversible."))

    def action_archive(self):
        if self.env.su and self.env.context.get("casework_anonymising"):
            return super().action_archive()
        raise UserError(
            _("A dossier is archived by anonymising it, which is irreversible: use “Archive and anonymise”.")
        )

    def action_unarchive(self):
        if self.filtered("is_anonymised"):
            raise UserError(_("An anonymised dossier cannot be restored: the anonymisation is irreversible."))
        return super().action_unarchive()

    def action_open_anonymise_wizard(self):
        self._casework_check_can_anonymise()
        return {
            "type": "ir.actions.act_window",
            "name": _("Archive and anonymise"),
            "res_model": "casework.anonymise.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_ids": self.ids},
        }

    def action_archive_anonymise(self):
        """Archive and anonymise the dossiers, irreversibly (manual archival).

        Allowed to the secretariat and managers on the dossiers of their
        territories and to administrators on every dossier; never to a
        référent, FSE manager, finance or operator.
        """
        self._casework_check_can_anonymise()
        self.sudo()._casework_anonymise()
        return True

    def action_open_subject_access_export(self):
        self.ensure_one()
        self.env["casework.subject.access.export"]._check_allowed()
        return {
            "type": "ir.actions.act_window",
            "name": _("Subject-access export"),
            "res_model": "casework.subject.access.export",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_id": self.id},
        }

    def _casework_check_can_anonymise(self):
        if not (self.env.su or self.env.user.has_group("casework_base.group_casework_secretariat")):
            raise AccessError(
                _("Only the secretariat, a head of service or an administrator can archive and anonymise a dossier.")
            )
        # record rules: the dossiers of the user's territories (all for an administrator)
        self.check_access("write")
        done = self.filtered("is_anonymised")
        if done:
            raise UserError(
                _("These dossiers are already anonymised: %(numbers)s.", numbers=", ".join(done.mapped("number")))
            )

    @api.model
    def _casework_dormant_months(self):
        value = self.env["ir.config_parameter"].sudo().get_param("casework_base.dormant_months", "5")
        try:
            return max(int(value), 1)
        except ValueError:
            return 5

    @api.model
    def _casework_dormancy_threshold(self):
        """Dossiers whose last physical meeting is before this date are dormant."""
        return fields.Date.context_today(self) - relativedelta(months=self._casework_dormant_months())

    @api.model
    def _cron_update_dormancy(self):
        """Daily job: dates move, so dossiers fall dormant (or wake up when the
        setting changed) without any write; a new meeting wakes a dossier up
        at once through the compute."""
        threshold = self._casework_dormancy_threshold()
        since = fields.Datetime.to_datetime(threshold)
        Dossier = self.sudo().with_context(active_test=False)
        old = Domain("last_meeting_date", "<", threshold) | (
            Domain("last_meeting_date", "=", False) & Domain("create_date", "<", since)
        )
        recent = Domain("last_meeting_date", ">=", threshold) | (
            Domain("last_meeting_date", "=", False) & Domain("create_date", ">=", since)
        )
        changed = Dossier.search(Domain("is_dormant", "=", False) & Domain("is_anonymised", "=", False) & old)
        changed |= Dossier.search(Domain("is_dormant", "=", True) & recent)
        self.env.add_to_compute(self._fields["is_dormant"], changed)
        changed.flush_recordset(["is_dormant"])
        self.env["ir.cron"]._commit_progress(len(changed))
        return True

    @api.model
    def _casework_age_band_of(self, age):
        for limit, band in ((16, "lt16"), (18, "16_17"), (26, "18_25"), (30, "26_29"), (45, "30_44"), (55, "45_54")):
            if age < limit:
                return band
        return "55_plus"

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
        model = self.env["ir.model"].sudo()._get(self._name)
        http_request = self.env["auditlog.http.request"].sudo().current_http_request()
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

    # -- anonymisation ---------------------------------------------------

    def _casework_anonymise(self, rule=None):
        """Anonymise each dossier of ``self`` irreversibly (no access check:
        callers check it). Extension hook: a module holding personal data
        elsewhere overrides it (and calls ``super()``), or, more simply,
        declares ``_casework_anonymise_fields`` (names of free-text fields
        to erase) on its models that reference the dossier by a many2one.

        Kept: dates, programmes, enrolments and exit motives, territory,
        gender (with the civility: needed for the gender statistics of the
        funders, not identifying on its own), the dossier number and an age
        band. Erased: identity, contact details and address, birth date,
        nationality, personal characteristics (``is_personal`` types), and
        every copy of them (chatter, tracking values, followers, activities,
        calendar events and attendees, SMS, e-mails, attachments, audit
        trail), the copies found generically through every stored many2one,
        many2many, reference and (model, res_id) pair pointing to the
        dossier or its partner.
        """
        today = fields.Date.context_today(self)
        ctx = dict(
            self.env.context,
            active_test=False,
            tracking_disable=True,
            mail_notrack=True,
            mail_create_nolog=True,
            casework_anonymising=True,
            auditlog_disabled_read=True,
        )
        for dossier in self.sudo().with_context(ctx):
            if dossier.is_anonymised:
                continue
            linked = dossier._casework_linked_records()
            values = dossier._casework_personal_values(linked)
            self.env["casework.feed.reject"]._casework_erase_person(dossier)
            dossier._casework_anonymise_linked(linked, values)
            dossier._casework_anonymise_identity(rule, today)
            linked[dossier._name].add(dossier.id)
            linked["res.partner"].add(dossier.partner_id.id)
            dossier._casework_scrub_text(linked, values)
            dossier._casework_audit(
                "anonymise",
                _("Archived and anonymised by retention rule “%(rule)s”", rule=rule.name)
                if rule
                else _("Archived and anonymised manually"),
            )
        return True

    def _casework_personal_values(self, linked):
        """The personal values of the person (strings) to hunt down in every
        copy: names, contact details, address, birth date, identifiers, and
        the fields declared in ``_casework_anonymise_fields`` of the
        ``linked`` records. Override to add more (call ``super()``)."""
        self.ensure_one()
        partner = self.partner_id
        raw = [
            self.name, self.display_name, self.first_name, self.usage_name, self.birth_name,
            partner.email, partner.email_normalized, partner.street, partner.street2,
        ]
        if partner.phone:
            raw.append(partner.phone)
            try:
                parsed = phonenumbers.parse(partner.phone, "FR")
                for fmt in (phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.NATIONAL,
                            phonenumbers.PhoneNumberFormat.INTERNATIONAL):
                    formatted = phonenumbers.format_number(parsed, fmt)
                    raw += [formatted, formatted.replace(" ", ""), formatted.replace(" ", ".")]
            except phonenumbers.NumberParseException:
                pass
        if self.birth_date:
            raw += [self.birth_date.isoformat(), self.birth_date.strftime("%d/%m/%Y")]
        personal = self.characteristic_value_ids.filtered(lambda v: v.type_id.is_personal)
        raw += personal.mapped("value_char") + personal.mapped("value_display")
        raw += self.identifier_ids.mapped("value")  # France Travail, CAF… numbers copied in messages
        for model_name, ids in linked.items():
            names = getattr(self.env.registry[model_name], "_casework_anonymise_fields", ())
            if names:
                for record in self.env[model_name].browse(ids):
                    raw += [record[name] for name in names if isinstance(record[name], str)]
        values = set()
        for value in raw:
            value = (value or "").strip() if isinstance(value, str) else ""
            if len(value) < 2:
                continue
            plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
            values.update({value, value.upper(), value.lower(), str(escape(value))})
            values.update({plain, plain.upper(), plain.lower()})
        return values

    def _casework_linked_records(self):
        """Every record pointing to the dossier or to its partner, by model
        name: stored many2one, many2many and reference fields, and
        (model, res_id) pairs (messages, activities, attachments, followers,
        events...), plus the messages and tracking values of those records.

        :return: ``defaultdict(set)`` of ids by model name
        """
        self.ensure_one()
        cr = self.env.cr
        self.env.flush_all()
        targets = {self._name: self.id, "res.partner": self.partner_id.id}
        linked = defaultdict(set)

        def add(model_name, query):
            cr.execute(query)
            linked[model_name].update(row[0] for row in cr.fetchall())

        # the dossier and partner tables are scanned too: contacts of the
        # person (children partners) and dossiers pointing to this one
        for model_name, Model in self.env.registry.items():
            if Model._abstract or not Model._auto:
                continue
            table = SQL.identifier(Model._table)
            for field in Model._fields.values():
                if not field.store or field.inherited:
                    continue
                if field.type == "many2one" and field.comodel_name in targets:
                    add(model_name, SQL("SELECT id FROM %s WHERE %s = %s", table, SQL.identifier(field.name),
                                        targets[field.comodel_name]))
                elif field.type == "many2one_reference" and field.model_field in Model._fields:
                    for target_model, target_id in targets.items():
                        add(model_name, SQL("SELECT id FROM %s WHERE %s = %s AND %s = %s", table,
                                            SQL.identifier(field.model_field), target_model,
                                            SQL.identifier(field.name), target_id))
                elif field.type == "reference":
                    refs = [f"{target_model},{target_id}" for target_model, target_id in targets.items()]
                    add(model_name, SQL("SELECT id FROM %s WHERE %s IN %s", table, SQL.identifier(field.name),
                                        tuple(refs)))
                elif (field.type == "many2many" and field.comodel_name in targets and field.relation
                      and not field.compute and not field.related):
                    add(model_name, SQL("SELECT %s FROM %s WHERE %s = %s", SQL.identifier(field.column1),
                                        SQL.identifier(field.relation), SQL.identifier(field.column2),
                                        targets[field.comodel_name]))
        # the chatter and tracking values of every linked record
        for model_name in list(linked):
            if linked[model_name] and "message_ids" in self.env[model_name]._fields:
                add("mail.message", SQL("SELECT id FROM mail_message WHERE model = %s AND res_id IN %s",
                                        model_name, tuple(linked[model_name])))
        if linked["mail.message"]:
            add("mail.tracking.value", SQL("SELECT id FROM mail_tracking_value WHERE mail_message_id IN %s",
                                           tuple(linked["mail.message"])))
            add("mail.mail", SQL("SELECT id FROM mail_mail WHERE mail_message_id IN %s",
                                 tuple(linked["mail.message"])))
        return defaultdict(set, {model: ids for model, ids in linked.items() if ids})

    def _casework_personal_field_names(self):
        """Names of the fields of the dossier and of its partner holding
        personal data: tracking values of these fields are deleted."""
        names = {"birth_date", "nationality_id", "image_1920", "country_id", "state_id"}
        for model in (self, self.partner_id):
            for name, field in model._fields.items():
                if field.type in ("char", "text", "html") and name not in self._casework_keep_fields:
                    names.add(name)
        return names

    def _casework_anonymise_linked(self, linked, values):
        """Erase or detach the copies of the person's data in the records
        linked to the dossier (see ``_casework_anonymise``)."""
        self.ensure_one()
        env = self.env
        partner = self.partner_id
        label = self._casework_anonymised_label()
        direct = [(self._name, self.id), ("res.partner", partner.id)]

        def browse(model_name, domain=None):
            if model_name not in env:
                return None
            records = env[model_name].browse(linked.get(model_name, ())).exists()
            return records.filtered_domain(domain) if domain else records

        # chatter of the dossier and of its partner: contents erased, dates kept
        messages = browse("mail.message")
        own_messages = messages.filtered(lambda m: (m.model, m.res_id) in direct)
        own_messages.write({
            "body": Markup("<p>%s</p>") % _("Content erased by the anonymisation of the dossier."),
            "subject": False,
            "email_from": False,
            "reply_to": False,
            "incoming_email_to": False,
            "incoming_email_cc": False,
            "outgoing_email_to": False,
        })
        messages.filtered(lambda m: m.author_id == partner).write({"email_from": False, "reply_to": False})
        personal_fields = self._casework_personal_field_names()
        own_messages.tracking_value_ids.filtered(lambda t: t.field_id.name in personal_fields).unlink()
        # deliveries to the person: notifications, e-mails, SMS
        env["mail.notification"].search([("res_partner_id", "=", partner.id)]).unlink()
        mails = browse("mail.mail") or env["mail.mail"]
        mails |= env["mail.mail"].search([("recipient_ids", "in", partner.ids)])
        if partner.email:
            mails |= env["mail.mail"].search([("email_to", "ilike", partner.email)])
        mails.unlink()
        if "sms.sms" in env:
            numbers = [v for v in values if v.startswith("+") or v[:1].isdigit()]
            env["sms.sms"].search(["|", ("partner_id", "=", partner.id), ("number", "in", numbers)]).unlink()
        # followers (the person anywhere, anyone on the dossier) and activities
        followers = browse("mail.followers") or env["mail.followers"]
        (followers | env["mail.followers"].search([("partner_id", "=", partner.id)])).unlink()
        (browse("mail.activity") or env["mail.activity"]).unlink()
        # the person leaves every many2many (event attendees, recipients...)
        for model_name, ids in linked.items():
            Model = env[model_name]
            for field in Model._fields.values():
                if (field.type == "many2many" and field.comodel_name == "res.partner" and field.store
                        and not field.compute and not field.related and field.relation != "mail_notification"):
                    records = Model.browse(ids).exists().filtered(lambda r, f=field: partner in r[f.name])
                    records.write({field.name: [Command.unlink(partner.id)]})
        if "calendar.attendee" in env:
            env["calendar.attendee"].search([("partner_id", "=", partner.id)]).unlink()
        # appointments of the dossier: no subject, description nor place
        if "calendar.event" in env:
            events = browse("calendar.event").filtered(
                lambda e: (e.res_model, e.res_id) in direct
                or any(e[f] == self for f, fd in e._fields.items()
                       if fd.type == "many2one" and fd.comodel_name == self._name)
            )
            events.write({"name": label, "description": False, "location": False})
        # documents: name replaced, content erased
        attachment_ids = set(linked.get("ir.attachment", ()))
        for model_name, ids in linked.items():
            env.cr.execute(
                SQL("SELECT id FROM ir_attachment WHERE res_model = %s AND res_id IN %s", model_name, tuple(ids))
            )
            attachment_ids.update(row[0] for row in env.cr.fetchall())
        attachments = env["ir.attachment"].browse(attachment_ids).exists()
        linked["ir.attachment"].update(attachments.ids)
        for attachment in attachments:
            attachment.write({"raw": b"", "name": _("Erased document"), "description": False, "url": False})
        # personal characteristics (identifiers, numbers) are deleted
        self.characteristic_value_ids.filtered(lambda v: v.type_id.is_personal).unlink()
        # so are the identifiers with other bodies and the filed documents
        self.identifier_ids.unlink()
        self.env["casework.document"].with_context(active_test=False).search([("beneficiary_id", "=", self.id)]).unlink()
        # the dossier leaves every active file
        today = fields.Date.context_today(self)
        for assignment in self.assignment_ids.filtered(lambda a: not a.date_end or a.date_end > today):
            assignment.date_end = max(today, assignment.date_start)
        # free-text fields declared personal by other models
        for model_name, ids in linked.items():
            names = getattr(env.registry[model_name], "_casework_anonymise_fields", ())
            if names:
                Model = env[model_name]
                env[model_name].browse(ids).exists().write(
                    {name: ("***" if Model._fields[name].required else False) for name in names}
                )

    def _casework_anonymised_label(self):
        self.ensure_one()
        return _("Anonymised dossier %(number)s", number=self.number)

    def _casework_anonymise_identity(self, rule, today):
        """Erase the identity of the dossier and of its partner, keep the
        aggregates, archive."""
        self.ensure_one()
        partner = self.partner_id
        age = relativedelta(today, self.birth_date).years
        band = self._casework_age_band_of(age)
        label = self._casework_anonymised_label()
        partner_vals = {"image_1920": False}
        for name, field in partner._fields.items():
            if (field.type in ("char", "text", "html") and field.store and not field.compute and not field.related
                    and name not in ("name", "lang", "tz", "type")):
                partner_vals[name] = False
            elif field.type == "many2one" and name in ("state_id", "title"):
                partner_vals[name] = False
        partner_vals["name"] = label
        dossier_vals = {}
        for name, field in self._fields.items():
            if (field.type in ("char", "text", "html") and field.store and not field.compute and not field.related
                    and not field.inherited and name not in self._casework_keep_fields):
                dossier_vals[name] = "***" if field.required else False
            elif field.type == "binary" and field.store and not field.inherited and not field.compute:
                dossier_vals[name] = False
        dossier_vals.update({
            "first_name": self.number,
            "usage_name": _("Anonymised"),
            # the birth date is required: a placeholder in the age band,
            # which alone is meaningful from now on
            "birth_date": today.replace(month=1, day=1) - relativedelta(years=age),
            "nationality_id": False,
            "age_band": band,
            "anonymised_date": today,
            "anonymisation_rule_id": rule.id if rule else False,
            "is_anonymised": True,
            "active": False,
        })
        self.write(dossier_vals)
        partner.write(partner_vals)

    def _casework_scrub_text(self, linked, values):
        """Replace, in every text column of the linked records (and in the
        audit trail and the bus), each personal value by ``***``: the last
        copies (display names in tracking values, names in event subjects,
        notes...) disappear. Plain SQL: no tracking, no new copy."""
        self.ensure_one()
        cr = self.env.cr
        self.env.flush_all()
        # PostgreSQL regular expression: a backslash before any other
        # character than a letter or digit makes it literal
        escaped = {re.sub(r"([^\w\s])", r"\\\1", value).replace(" ", "[[:space:]]") for value in values}
        escaped = sorted(escaped, key=len, reverse=True)
        if not escaped:
            return
        pattern = "(?<![[:alnum:]_])(" + "|".join(escaped) + ")(?![[:alnum:]_])"
        linked = {model_name: ids for model_name, ids in linked.items() if ids}
        for model_name, ids in linked.items():
            Model = self.env[model_name]
            for field in Model._fields.values():
                if not field.store or field.inherited or field.type not in ("char", "text", "html"):
                    continue
                column = SQL.identifier(field.name)
                table = SQL.identifier(Model._table)
                if field.column_type[0] == "jsonb":
                    cr.execute(SQL(
                        "UPDATE %s SET %s = regexp_replace(%s::text, %s, '***', 'gi')::jsonb"
                        " WHERE id IN %s AND %s::text ~* %s",
                        table, column, column, pattern, tuple(ids), column, pattern,
                    ))
                else:
                    cr.execute(SQL(
                        "UPDATE %s SET %s = regexp_replace(%s, %s, '***', 'gi') WHERE id IN %s AND %s ~* %s",
                        table, column, column, pattern, tuple(ids), column, pattern,
                    ))
        # the audit trail keeps who did what and when on which record, not
        # the values; the logs of the dossier and of its partner are named by
        # the dossier's number (their name was the display name of the time,
        # an earlier identity included, cut at 64 characters)
        for model_name, ids in linked.items():
            cr.execute(SQL(
                "UPDATE auditlog_log_line SET old_value = NULL, new_value = NULL, old_value_text = NULL,"
                " new_value_text = NULL WHERE log_id IN (SELECT id FROM auditlog_log WHERE model_model = %s"
                " AND res_id IN %s)",
                model_name, tuple(ids),
            ))
            cr.execute(SQL(
                "UPDATE auditlog_log SET name = regexp_replace(name, %s, '***', 'gi')"
                " WHERE model_model = %s AND res_id IN %s AND name ~* %s",
                pattern, model_name, tuple(ids), pattern,
            ))
        for model_name, own_id in ((self._name, self.id), ("res.partner", self.partner_id.id)):
            cr.execute(SQL("UPDATE auditlog_log SET name = %s WHERE model_model = %s AND res_id = %s",
                           self.number, model_name, own_id))
        cr.execute(SQL("DELETE FROM bus_bus WHERE message ~* %s", pattern))
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # Quick creation and completeness (issue 3, part c)
    # ------------------------------------------------------------------

    _CASEWORK_LOCKED_IDENTITY = ("civility", "first_name", "birth_name", "birth_date")

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Mark the dossier's mandatory and required fields (configuration of
        the sections) in the form, so that they show differently."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            levels = {
                line.field_name: line.level
                for line in self.env["casework.dossier.section.field"].sudo().search([("level", "!=", "optional")])
            }
            for node in arch.iter("field"):
                level = levels.get(node.get("name"))
                if level and not any(parent.tag == "field" for parent in node.iterancestors()):
                    node.set("class", f"{node.get('class', '')} o_casework_{level}".strip())
        return arch, view

    def action_justify_identity(self):
        """Attest that the identity of these dossiers was checked: from then
        on, only an administrator changes their civility, first name, birth
        name and birth date."""
        self.check_access("write")
        to_justify = self.filtered(lambda b: not b.identity_justified)
        if not to_justify:
            return True
        to_justify.sudo().write({
            "identity_justified": True,
            "identity_justified_by_id": self.env.uid,
            "identity_justified_date": fields.Datetime.now(),
        })
        for beneficiary in to_justify:
            beneficiary.message_post(
                body=_("Identity justified: %(user)s attests the identity of %(name)s was checked.",
                       user=self.env.user.name, name=beneficiary.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_unjustify_identity(self):
        """Withdraw the justification of the identity (administrators only)."""
        if not self._casework_is_identity_admin():
            raise AccessError(_("Only a Casework administrator withdraws the justification of an identity."))
        to_withdraw = self.filtered("identity_justified")
        # system fields, written once the administrator's right is checked
        to_withdraw.sudo().write({"identity_justified": False, "identity_justified_by_id": False, "identity_justified_date": False})
        for beneficiary in to_withdraw:
            beneficiary.message_post(body=_("Justification of the identity withdrawn."), subtype_xmlid="mail.mt_note")
        return True

    def action_print_cv(self):
        self.ensure_one()
        return self.env.ref("casework_base.casework_beneficiary_cv_report").report_action(self)

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
                    _("The identity of %(name)s is justified: %(fields)s can only be changed by an administrator "
                      "(the usage name stays editable).", name=beneficiary.name, fields=", ".join(changed))
                )

    def _casework_is_filled(self, fname):
        """Whether this dossier fills ``fname`` (a list: one line at least;
        a yes/no or a number always counts as an answer)."""
        self.ensure_one()
        field = self._fields.get(fname)
        if field is None or field.type in ("boolean", "integer", "float", "monetary"):
            return True
        return bool(self[fname])

    def _casework_missing_lines(self, levels, sections=None):
        """The configured fields of ``levels`` (in ``sections``, default all)
        that this dossier does not fill."""
        Line = self.env["casework.dossier.section.field"].sudo()
        if not self:
            return Line
        self.ensure_one()
        domain = [("level", "in", list(levels)), ("section_id.active", "=", True)]
        if sections is not None:
            domain.append(("section_id", "in", sections.ids))
        beneficiary = self.sudo()
        return Line.search(domain).filtered(lambda line: not beneficiary._casework_is_filled(line.field_name))

    def _casework_check_mandatory(self, sections):
        """Mandatory fields are blocking: when a section is edited (one of
        ``sections``), its mandatory fields must be filled once the section is
        started (one of its fields filled). The identity's are always filled:
        they make the quick creation. Processes running as superuser (merge,
        anonymisation, imports) are not blocked."""
        if not sections or self.env.su:
            return
        lines = self.env["casework.dossier.section.field"].sudo().search([("section_id", "in", sections.ids)])
        mandatory_sections = lines.filtered(lambda line: line.level == "mandatory").section_id
        if not mandatory_sections:
            return
        for beneficiary in self.sudo():
            problems = []
            for section in mandatory_sections:
                section_lines = lines.filtered(lambda line: line.section_id == section)
                filled = section_lines.filtered(lambda line: beneficiary._casework_is_filled(line.field_name))
                missing = section_lines.filtered(lambda line: line.level == "mandatory") - filled
                if filled and missing:
                    problems.append(f"{section.name}: {', '.join(missing.field_id.mapped('field_description'))}")
            if problems:
                raise ValidationError(
                    _("The dossier of %(name)s cannot be saved: mandatory fields are missing.\n%(details)s",
                      name=beneficiary.name, details="\n".join(problems))
                )

    def _casework_ensure_section_states(self):
        sections = self.env["casework.dossier.section"].sudo().search([])
        State = self.env["casework.dossier.section.state"].sudo()
        existing = {(s.beneficiary_id.id, s.section_id.id) for s in State.search([("beneficiary_id", "in", self.ids)])}
        State.create([
            {"beneficiary_id": beneficiary.id, "section_id": section.id}
            for beneficiary in self
            for section in sections
            if (beneficiary.id, section.id) not in existing
        ])

    def _casework_dedupe_section_states(self):
        """Keep one state per section (the most recently updated), e.g. after
        two dossiers were merged."""
        states = self.env["casework.dossier.section.state"].sudo().search(
            [("beneficiary_id", "in", self.ids)], order="last_update desc nulls last, id"
        )
        seen, duplicates = set(), states.browse()
        for state in states:
            key = (state.beneficiary_id.id, state.section_id.id)
            if key in seen:
                duplicates |= state
            seen.add(key)
        duplicates.unlink()

    def _casework_touch_sections(self, sections):
        """Stamp the last update of ``sections`` on these dossiers."""
        if not sections or not self:
            return
        now = fields.Datetime.now()
        State = self.env["casework.dossier.section.state"].sudo()
        existing = State.search([("beneficiary_id", "in", self.ids), ("section_id", "in", sections.ids)])
        existing.write({"last_update": now})
        done = {(s.beneficiary_id.id, s.section_id.id) for s in existing}
        State.create([
            {"beneficiary_id": beneficiary.id, "section_id": section.id, "last_update": now}
            for beneficiary in self
            for section in sections
            if (beneficiary.id, section.id) not in done
        ])

    def _casework_content_changed(self, fname):
        """A record of the one-to-many ``fname`` was created, changed or
        deleted: date its section and refresh the status."""
        if not self:
            return
        self._casework_touch_sections(self.env["casework.dossier.section"]._sections_of_fields({fname}))
        self._casework_update_status()

    def _casework_update_status(self):
        """Recompute whether each dossier is complete, and its status."""
        self.env["casework.dossier.section.state"].invalidate_model(["is_complete", "completeness", "missing_fields"])
        today = fields.Date.context_today(self)
        for beneficiary in self.sudo():
            complete = bool(
                beneficiary.last_meeting_date
                and any(situation._is_current_on(today) for situation in beneficiary.situation_ids)
                and not beneficiary._casework_missing_lines(("mandatory", "required"))
            )
            status = "justifie" if beneficiary.identity_justified else "complet" if complete else "partiel"
            if beneficiary.is_complete != complete or beneficiary.dossier_status != status:
                beneficiary.with_context(casework_skip_completeness=True).write(
                    {"is_complete": complete, "dossier_status": status}
                )

    @api.model
    def _cron_update_dossier_status(self):
        """Daily: situations end and start with the calendar."""
        self.search([("identity_justified", "=", False), ("last_meeting_date", "!=", False)])._casework_update_status()

    # ------------------------------------------------------------------
    # Notes, tasks, documents, mail merge, timeline (issue 4, part 4b)
    # ------------------------------------------------------------------

    def _compute_note_count(self):
        counts = dict(self.env["casework.note"]._read_group(
            [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
        ))
        for beneficiary in self:
            beneficiary.note_count = counts.get(beneficiary, 0)

    @api.depends_context("uid")
    def _compute_note_ids(self):
        Note = self.env["casework.note"]
        notes = Note.search([("beneficiary_id", "in", self._origin.ids)]) if self._origin.ids else Note
        for beneficiary in self:
            beneficiary.note_ids = notes.filtered(lambda note: note.beneficiary_id == beneficiary._origin)

    def _compute_document_count(self):
        counts = dict(self.env["casework.document"]._read_group(
            [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
        ))
        for beneficiary in self:
            beneficiary.document_count = counts.get(beneficiary, 0)

    def _compute_cv_document_id(self):
        for beneficiary in self:
            beneficiary.cv_document_id = self.env["casework.document"].search(
                [("beneficiary_id", "=", beneficiary.id), ("is_cv", "=", True)], order="date desc, id desc", limit=1
            ) if beneficiary.id else False

    def _compute_task_count(self):
        counts = dict(self.env["mail.activity"]._read_group(
            [("casework_beneficiary_id", "in", self.ids)], ["casework_beneficiary_id"], ["__count"]
        ))
        for beneficiary in self:
            beneficiary.task_count = counts.get(beneficiary, 0)

    def _action_open_related(self, xmlid, extra_context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {"default_beneficiary_id": self.id, **(extra_context or {})}
        return action

    def action_open_notes(self):
        return self._action_open_related("casework_base.casework_note_action")

    def action_open_documents(self):
        return self._action_open_related("casework_base.casework_document_action")

    def action_open_timeline(self):
        action = self._action_open_related("casework_base.casework_timeline_entry_action")
        action["name"] = _("Timeline of %(dossier)s", dossier=self.display_name)
        return action

    def action_open_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_base.mail_activity_action_casework_task")
        action["domain"] = [("casework_beneficiary_id", "=", self.id)]
        action["context"] = {
            "default_res_model": self._name,
            "default_res_id": self.id,
            "active_test": False,
            "search_default_filter_open": 1,
        }
        return action

    def action_open_cv(self):
        """Open (download) the latest CV of the dossier in one click."""
        self.ensure_one()
        if not self.cv_document_id:
            raise UserError(_("No CV is filed in this dossier: file a document of a CV type first."))
        return self.cv_document_id.action_download()

    def action_open_merge_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Generate a letter"),
            "res_model": "casework.merge.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_id": self.id},
        }
