from odoo import api, fields, models
from odoo.tools import SQL

from .casework_stat_mixin import stat_depends


class CaseworkStatFse(models.Model):
    """FSE questionnaires missing: one row per participant of an FSE
    operation (a step attached to a convention, withdrawn positionings
    aside), counting 1 when its entry questionnaire is not filled in (no
    answer done), and 1 when it ended and its exit questionnaire is not
    (the rule of ``casework.step.fse_entry_state`` / ``fse_exit_state``).
    """

    _name = "casework.stat.fse"
    _description = "FSE questionnaires missing"
    _inherit = ["casework.stat.mixin"]
    _auto = False
    _depends = stat_depends(
        "casework.step", ["offer_id", "convention_id", "state", "date_start", "date_planned_start", "date_end"],
        {"casework.offer": ["is_fse_operation"], "survey.user_input": ["casework_step_id", "casework_moment", "state"]},
    )
    _order = "date desc, id desc"

    offer_id = fields.Many2one("casework.offer", string="FSE operation", readonly=True)
    convention_id = fields.Many2one("casework.convention", readonly=True)
    date = fields.Date(string="Start", readonly=True, help="The step's actual start, else its planned start.")
    date_end = fields.Date(string="End", readonly=True)
    participant_count = fields.Integer(string="Participants", readonly=True, aggregator="sum")
    entry_missing = fields.Integer(string="Entry questionnaires missing", readonly=True, aggregator="sum")
    exit_missing = fields.Integer(string="Exit questionnaires missing", readonly=True, aggregator="sum")

    @api.model
    def _stat_query(self):
        return SQL("""
            SELECT %(row)s,
                   s.offer_id, s.convention_id, COALESCE(s.date_start, s.date_planned_start) AS date, s.date_end,
                   1 AS participant_count,
                   (NOT EXISTS (
                        SELECT 1 FROM survey_user_input a
                         WHERE a.casework_step_id = s.id AND a.casework_moment = 'entry' AND a.state = 'done'
                   ))::int AS entry_missing,
                   (s.date_end IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM survey_user_input a
                         WHERE a.casework_step_id = s.id AND a.casework_moment = 'exit' AND a.state = 'done'
                   ))::int AS exit_missing
              FROM casework_step s
              %(dossier)s
              JOIN casework_offer o ON o.id = s.offer_id
             WHERE o.is_fse_operation AND s.convention_id IS NOT NULL AND s.state != 'cancelled'
        """, row=self._stat_row_sql("s"), dossier=self._stat_dossier_join_sql("s"))
