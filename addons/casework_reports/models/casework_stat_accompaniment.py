from odoo import api, fields, models
from odoo.tools import SQL

from .casework_stat_mixin import MEDIAN, stat_depends


class CaseworkStatAccompaniment(models.Model):
    """One row per accompaniment (an enrolment in a programme): its entry,
    its exit and motive when it ended, and its length in days (to its exit,
    or to today while it goes on), whose mean and median the pivot and the
    graph give (``duration_median_days`` is aggregated by the median,
    :meth:`_read_group_select`).

    ``positive_rate``: 100 for an ended accompaniment whose exit motive is
    positive, 0 for another ended one, empty while it goes on.
    """

    _name = "casework.stat.accompaniment"
    _description = "Length of accompaniment"
    _inherit = ["casework.stat.mixin"]
    _auto = False
    _depends = stat_depends(
        "casework.enrollment", ["date_entry", "date_exit", "program_id", "exit_motive_id", "state"],
        {"casework.exit.motive": ["is_positive"]},
    )
    _order = "date_entry desc, id desc"

    program_id = fields.Many2one("casework.program", string="Programme", readonly=True)
    state = fields.Selection(
        [("entree", "Entrée"), ("veille", "Veille"), ("sortie", "Sortie")], string="Status", readonly=True
    )
    date_entry = fields.Date(string="Entry date", readonly=True)
    date_exit = fields.Date(string="Exit date", readonly=True)
    is_ended = fields.Boolean(string="Ended", readonly=True)
    exit_motive_id = fields.Many2one("casework.exit.motive", string="Exit motive", readonly=True)
    is_positive_exit = fields.Boolean(string="Positive exit", readonly=True)
    positive_rate = fields.Float(string="Positive exits (%)", readonly=True, aggregator="avg")
    duration_days = fields.Float(string="Mean length (days)", readonly=True, aggregator="avg")
    duration_median_days = fields.Float(string="Median length (days)", readonly=True, aggregator=MEDIAN)

    @api.model
    def _stat_query(self):
        return SQL("""
            SELECT %(row)s,
                   e.program_id, e.state, e.date_entry, e.date_exit, e.date_exit IS NOT NULL AS is_ended,
                   e.exit_motive_id, COALESCE(m.is_positive, FALSE) AS is_positive_exit,
                   CASE WHEN e.date_exit IS NULL THEN NULL WHEN m.is_positive THEN 100.0 ELSE 0.0 END
                       AS positive_rate,
                   (COALESCE(e.date_exit, CURRENT_DATE) - e.date_entry)::float AS duration_days,
                   (COALESCE(e.date_exit, CURRENT_DATE) - e.date_entry)::float AS duration_median_days
              FROM casework_enrollment e
              %(dossier)s
              LEFT JOIN casework_exit_motive m ON m.id = e.exit_motive_id
        """, row=self._stat_row_sql("e"), dossier=self._stat_dossier_join_sql("e"))
