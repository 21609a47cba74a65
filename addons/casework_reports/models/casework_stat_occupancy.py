from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_offers.models.casework_step import SEAT_STATES, STEP_STATES

from .casework_stat_mixin import stat_depends


class CaseworkStatOccupancy(models.Model):
    """Offer occupancy: one row per positioning or step on an offer, with
    its session when the offer runs by sessions.

    ``seat_share`` is the part of its session's seats the row takes
    (100 / the session's capacity, for a positioning, a step in progress or
    ended; 0 for a withdrawn positioning or a session without a limit):
    summed per session, the session's occupancy in percent; per territory,
    the part of the seats its dossiers take.
    """

    _name = "casework.stat.occupancy"
    _description = "Offer occupancy"
    _inherit = ["casework.stat.mixin"]
    _auto = False
    _depends = stat_depends(
        "casework.step", ["offer_id", "session_id", "state", "date_planned_start"],
        {"casework.offer": ["classification_id"], "casework.offer.session": ["date_start", "capacity"]},
    )
    _order = "date desc, id desc"

    offer_id = fields.Many2one("casework.offer", readonly=True)
    classification_id = fields.Many2one("casework.offer.classification", readonly=True)
    session_id = fields.Many2one("casework.offer.session", readonly=True)
    date = fields.Date(readonly=True, help="The session's start, else the step's planned start.")
    state = fields.Selection(STEP_STATES, readonly=True)
    positioning_count = fields.Integer(string="Positionings", readonly=True, aggregator="sum")
    step_count = fields.Integer(string="Steps", readonly=True, aggregator="sum")
    seat_share = fields.Float(string="Seats taken (%)", readonly=True, aggregator="sum")

    @api.model
    def _stat_query(self):
        return SQL("""
            SELECT %(row)s,
                   s.offer_id, o.classification_id, s.session_id,
                   COALESCE(ss.date_start::date, s.date_planned_start) AS date,
                   s.state,
                   (s.state = 'positioning')::int AS positioning_count,
                   (s.state IN ('step', 'done'))::int AS step_count,
                   CASE WHEN s.state IN %(seat_states)s AND ss.capacity > 0 THEN 100.0 / ss.capacity ELSE 0.0 END
                       AS seat_share
              FROM casework_step s
              %(dossier)s
              JOIN casework_offer o ON o.id = s.offer_id
              LEFT JOIN casework_offer_session ss ON ss.id = s.session_id
        """, row=self._stat_row_sql("s"), dossier=self._stat_dossier_join_sql("s"), seat_states=SEAT_STATES)
