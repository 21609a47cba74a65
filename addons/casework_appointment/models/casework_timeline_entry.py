from odoo import api, models


class CaseworkTimelineEntry(models.Model):
    """The appointments in the timeline (the kernel's SQL view lists every
    appointment of the dossier, archived ones included): each tells its
    outcome, so that an excused or an unexcused absence, a cancellation and a
    planned appointment read differently in the frise."""

    _inherit = "casework.timeline.entry"

    @api.depends("summary", "res_model", "res_id", "entry_type")
    def _compute_description(self):
        """``<title> · <outcome>`` for the appointments (the title alone for
        a private one, as the view gives no title for it: the type's label)."""
        super()._compute_description()
        appointments = self.filtered(lambda e: e.entry_type == "appointment" and e.res_model == "calendar.event")
        if not appointments:
            return
        # sudo: only the outcome of appointments whose timeline line the user reads (the dossier's scope)
        events = self.env["calendar.event"].sudo().with_context(active_test=False).browse(
            appointments.mapped("res_id")
        ).exists()
        outcomes = dict(events._fields["casework_outcome"]._description_selection(self.env))
        outcome_of = {event.id: outcomes.get(event.casework_outcome) for event in events}
        for entry in appointments:
            outcome = outcome_of.get(entry.res_id)
            if outcome:
                entry.description = f"{entry.description} · {outcome}"
