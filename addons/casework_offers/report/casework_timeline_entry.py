from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_base.report.casework_timeline_entry import TIMELINE_ID_FACTOR


class CaseworkTimelineEntry(models.Model):
    """Positionings and steps in the timeline: a positioning proposed (on
    its creation), a step started (its actual start) and ended (its actual
    end, with its end reason). The offer's title is read through the view's
    join, so that a renamed offer shows at once."""

    _inherit = "casework.timeline.entry"

    entry_type = fields.Selection(selection_add=[
        ("step_proposed", "Positioning proposed"),
        ("step_start", "Step started"),
        ("step_end", "Step ended"),
    ], ondelete={"step_proposed": "cascade", "step_start": "cascade", "step_end": "cascade"})

    @api.model
    def _timeline_queries(self):
        factor = TIMELINE_ID_FACTOR
        return super()._timeline_queries() + [
            SQL("""
                SELECT s.id * %(f)s + 20, s.beneficiary_id, s.create_date::date, 'step_proposed', o.name,
                       s.proposed_by_id, NULL::int, 'casework.step', s.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_step s
                  JOIN casework_offer o ON o.id = s.offer_id
            """, f=factor),
            SQL("""
                SELECT s.id * %(f)s + 21, s.beneficiary_id, s.date_start, 'step_start', o.name,
                       s.write_uid, NULL::int, 'casework.step', s.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_step s
                  JOIN casework_offer o ON o.id = s.offer_id
                 WHERE s.date_start IS NOT NULL
            """, f=factor),
            SQL("""
                SELECT s.id * %(f)s + 22, s.beneficiary_id, s.date_end, 'step_end', o.name,
                       s.write_uid, NULL::int, 'casework.step', s.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_step s
                  JOIN casework_offer o ON o.id = s.offer_id
                 WHERE s.state = 'done' AND s.date_end IS NOT NULL
            """, f=factor),
        ]

    def _compute_description(self):
        res = super()._compute_description()
        ended = self.filtered(lambda entry: entry.entry_type == "step_end" and entry.res_id)
        # sudo: the end reason (a configuration label) of steps of dossiers whose timeline the user reads
        steps = self.env["casework.step"].sudo().browse(ended.mapped("res_id")).exists()
        reasons = {step.id: step.end_reason_id.name for step in steps}
        for entry in ended:
            reason = reasons.get(entry.res_id)
            if reason:
                entry.description = self.env._(
                    "%(offer)s (%(reason)s)", offer=entry.description, reason=reason,
                )
        return res
