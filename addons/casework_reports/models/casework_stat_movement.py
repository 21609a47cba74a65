from odoo import api, fields, models
from odoo.tools import SQL

from .casework_stat_mixin import stat_depends


class CaseworkStatMovement(models.Model):
    """Entries into and exits from the active files (the enrolments in a
    programme): one row per entry (its entry date) and one per exit (its
    exit date, its motive), to count per period, territory, programme.

    ``positive_rate`` is 100 for an exit whose motive is positive (job,
    training: ``casework.exit.motive.is_positive``), 0 for another exit and
    empty for an entry: its average is the share of positive exits.
    """

    _name = "casework.stat.movement"
    _description = "Entries and exits of the active files"
    _inherit = ["casework.stat.mixin"]
    _auto = False
    _depends = stat_depends(
        "casework.enrollment", ["date_entry", "date_exit", "program_id", "exit_motive_id"],
        {"casework.exit.motive": ["is_positive"]},
    )
    _order = "date desc, id desc"

    kind = fields.Selection([("entry", "Entry"), ("exit", "Exit")], string="Movement", readonly=True)
    date = fields.Date(readonly=True)
    program_id = fields.Many2one("casework.program", string="Programme", readonly=True)
    exit_motive_id = fields.Many2one("casework.exit.motive", string="Exit motive", readonly=True)
    is_positive_exit = fields.Boolean(string="Positive exit", readonly=True)
    positive_rate = fields.Float(string="Positive exits (%)", readonly=True, aggregator="avg")

    @api.model
    def _stat_query(self):
        return SQL("""
            SELECT e.id * 2 AS id, e.beneficiary_id, e.territory_id,
                   COALESCE(b.is_anonymised, FALSE) AS dossier_anonymised,
                   'entry' AS kind, e.date_entry AS date, e.program_id, NULL::int AS exit_motive_id,
                   FALSE AS is_positive_exit, NULL::float AS positive_rate
              FROM casework_enrollment e
              JOIN casework_beneficiary b ON b.id = e.beneficiary_id
            UNION ALL
            SELECT e.id * 2 + 1, e.beneficiary_id, e.territory_id, COALESCE(b.is_anonymised, FALSE),
                   'exit', e.date_exit, e.program_id, e.exit_motive_id,
                   COALESCE(m.is_positive, FALSE), CASE WHEN m.is_positive THEN 100.0 ELSE 0.0 END
              FROM casework_enrollment e
              JOIN casework_beneficiary b ON b.id = e.beneficiary_id
              LEFT JOIN casework_exit_motive m ON m.id = e.exit_motive_id
             WHERE e.date_exit IS NOT NULL
        """)
