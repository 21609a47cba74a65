from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# dossiers whose status the daily job refreshes between two commits
STATUS_BATCH_SIZE = 1000


class CaseworkBeneficiary(models.Model):
    """The sections of a dossier (i-milo): their content, completeness and
    the dossier status (partiel, complet, justifié), the CV."""

    _inherit = "casework.beneficiary"

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
    section_state_ids = fields.One2many("casework.dossier.section.state", "beneficiary_id", string="Sections")
    personal_situation_ids = fields.One2many(
        "casework.personal.situation", "beneficiary_id", string="Personal situations"
    )
    mobility_ids = fields.One2many("casework.mobility", "beneficiary_id")
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
    leisure_ids = fields.One2many("casework.leisure", "beneficiary_id")
    # end of the block of issue 3, part c

    @api.depends("education_ids.obtained", "education_ids.level_id.rank", "education_ids.year")
    def _compute_best_education_id(self):
        for beneficiary in self:
            obtained = beneficiary.education_ids.filtered("obtained")
            beneficiary.best_education_id = obtained.sorted(
                lambda e: (e.level_id.rank, e.year or 0, e.id), reverse=True
            )[:1]

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Mark the dossier's mandatory and required fields (configuration of
        the sections) in the form, so that they show differently."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            # sudo: the configuration of the sections (no personal data), for any user
            levels = {
                line.field_name: line.level
                for line in self.env["casework.dossier.section.field"].sudo().search([("level", "!=", "optional")])
            }
            for node in arch.iter("field"):
                level = levels.get(node.get("name"))
                if level and not any(parent.tag == "field" for parent in node.iterancestors()):
                    node.set("class", f"{node.get('class', '')} o_casework_{level}".strip())
        return arch, view

    def action_print_cv(self):
        self.ensure_one()
        return self.env.ref("casework_dossier.casework_beneficiary_cv_report").report_action(self)

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
        # sudo: the configuration of the sections (no personal data)
        Line = self.env["casework.dossier.section.field"].sudo()
        if not self:
            return Line
        self.ensure_one()
        domain = [("level", "in", list(levels)), ("section_id.active", "=", True)]
        if sections is not None:
            domain.append(("section_id", "in", sections.ids))
        # sudo: the dossier is one the caller reads (its section lines, its
        # form); only which configured fields are empty comes out
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
        # sudo: the configuration of the sections (no personal data)
        lines = self.env["casework.dossier.section.field"].sudo().search([("section_id", "in", sections.ids)])
        mandatory_sections = lines.filtered(lambda line: line.level == "mandatory").section_id
        if not mandatory_sections:
            return
        # sudo: these dossiers were just written by the user (access checked by
        # write); only their own empty fields are named
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
                    self.env._("The dossier of %(name)s cannot be saved: mandatory fields are missing.\n%(details)s",
                      name=beneficiary.name, details="\n".join(problems))
                )

    def _casework_ensure_section_states(self):
        # sudo: the system's lines of the sections of dossiers the caller
        # created, changed or checked it may read; nothing is returned
        sections = self.env["casework.dossier.section"].sudo().search([("active", "=", True)])
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
        # sudo: the system's lines of dossiers just merged (checked by the merge)
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
        # sudo: the dates are the system's, stamped after the user's change
        # of these dossiers' content (access checked by that change)
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
        """Recompute whether each dossier is complete, and its status.

        A fixed number of queries whatever the number of dossiers: the
        configuration is read once, each field for all the dossiers at once
        (prefetch), and the changes are written with one ``write`` per
        resulting status.
        """
        self.env["casework.dossier.section.state"].invalidate_model(["is_complete", "completeness", "missing_fields"])
        if not self:
            return
        today = fields.Date.context_today(self)
        # sudo: the status is the system's, derived from the configuration and
        # from the dossiers' own content whoever triggers it; nothing is shown
        dossiers = self.sudo()
        field_names = set(self.env["casework.dossier.section.field"].sudo().search(
            [("level", "in", ("mandatory", "required")), ("section_id.active", "=", True)]
        ).mapped("field_name"))
        changes = defaultdict(list)
        for beneficiary in dossiers:
            complete = bool(
                beneficiary.last_meeting_date
                and any(situation._is_current_on(today) for situation in beneficiary.situation_ids)
                and all(beneficiary._casework_is_filled(fname) for fname in field_names)
            )
            status = "justifie" if beneficiary.identity_justified else "complet" if complete else "partiel"
            if beneficiary.is_complete != complete or beneficiary.dossier_status != status:
                changes[complete, status].append(beneficiary.id)
        for (complete, status), ids in changes.items():
            dossiers.browse(ids).with_context(casework_skip_completeness=True).write(
                {"is_complete": complete, "dossier_status": status}
            )

    @api.model
    def _cron_update_dossier_status(self, batch_size=STATUS_BATCH_SIZE):
        """Daily: situations end and start with the calendar. The dossiers
        are taken by batches, each one committed with the job's progress: a
        run stopped by its time limit goes on where it stopped (the dossiers
        already done have nothing left to change)."""
        Cron = self.env["ir.cron"]
        ids = self.search([("identity_justified", "=", False), ("last_meeting_date", "!=", False)], order="id").ids
        Cron._commit_progress(remaining=len(ids))
        for start in range(0, len(ids), batch_size):
            batch = self.browse(ids[start:start + batch_size])
            batch._casework_update_status()
            if not Cron._commit_progress(len(batch)):
                break
            # the next batch starts from an empty cache
            self.env.invalidate_all()

    # ------------------------------------------------------------------
    # CRUD: every change stamps its sections and refreshes the status
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        dossiers = super().create(vals_list)
        if not (self.env.su and self.env.context.get("casework_skip_completeness")):
            Section = self.env["casework.dossier.section"]
            dossiers._casework_ensure_section_states()
            for dossier, vals in zip(dossiers, vals_list, strict=True):
                sections = Section._sections_of_fields({fname for fname, value in vals.items() if value})
                dossier._casework_touch_sections(sections)
                dossier._casework_check_mandatory(sections)
            dossiers._casework_update_status()
        return dossiers

    def write(self, vals):
        result = super().write(vals)
        if not (self.env.su and self.env.context.get("casework_skip_completeness")):
            sections = self.env["casework.dossier.section"]._sections_of_fields(set(vals))
            self._casework_touch_sections(sections)
            self._casework_check_mandatory(sections)
            self._casework_update_status()
        return result

    def web_read(self, specification):
        if len(self) == 1 and isinstance(self.id, int) and "section_state_ids" in specification:
            # dossiers created in bulk (daily feed) get their section lines when first opened
            self.check_access("read")
            self._casework_ensure_section_states()
        return super().web_read(specification)

    web_read._readonly = False

