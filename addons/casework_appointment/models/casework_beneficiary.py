from odoo import api, fields, models
from odoo.fields import Domain


class CaseworkBeneficiary(models.Model):
    """The appointments of a dossier: lists per user, counters, theme, the
    date of the last physical meeting they keep up to date."""

    _inherit = "casework.beneficiary"

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
            "name": self.env._("Appointments"),
            "res_model": "calendar.event",
            "view_mode": "list,form,calendar",
            "views": [
                (self.env.ref("casework_appointment.calendar_event_view_list_casework").id, "list"),
                (self.env.ref("casework_appointment.calendar_event_view_form_casework").id, "form"),
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
        """Open the form booking an appointment of this dossier (one dossier).

        :return: an ``ir.actions.act_window`` dict
        :raise AccessError: for a user who may not change the dossier (an
            FSE manager reads the appointments, never books them)
        """
        self.ensure_one()
        self.check_access("write")
        self.env["calendar.event"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New appointment"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(self.env.ref("casework_appointment.calendar_event_view_form_casework").id, "form")],
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
        # every held appointment counts, readable by the user or not: a stored fact of the dossier
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
        # derived data, kept up to date whoever changed an appointment (create/write/unlink checked)
        for beneficiary in self.sudo():
            start = last.get(beneficiary.id)
            date = fields.Datetime.context_timestamp(beneficiary, start).date() if start else False
            if beneficiary.last_meeting_date != date:
                beneficiary.last_meeting_date = date

    @api.model
    def _casework_invalidate_scopes(self):
        """Also forget the lists of appointments, computed per user."""
        res = super()._casework_invalidate_scopes()
        self.invalidate_model(["appointment_ids"])
        return res

