from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_cer.models.casework_contract import CONTRACT_STATES

from .casework_stat_mixin import stat_depends


class CaseworkStatContract(models.Model):
    """One row per reciprocal engagement contract (CER): its state, its
    dates, and the days from its submission for study (else its signature)
    to its decision (validated or not), whose mean the views give.
    """

    _name = "casework.stat.contract"
    _description = "Contracts by state and time to decision"
    _inherit = ["casework.stat.mixin"]
    _auto = False
    _depends = stat_depends(
        "casework.contract",
        ["state", "date_signature", "date_start", "date_end", "date_validation", "date_refusal"],
        {"casework.contract.transition": ["contract_id", "date", "state_to"]},
    )
    _order = "date_signature desc, id desc"

    state = fields.Selection(CONTRACT_STATES, readonly=True)
    date_signature = fields.Date(string="Signature date", readonly=True)
    date_start = fields.Date(string="Start", readonly=True)
    date_end = fields.Date(string="End", readonly=True)
    date_submitted = fields.Date(string="Submitted on", readonly=True)
    date_decision = fields.Date(string="Decided on", readonly=True)
    is_decided = fields.Boolean(string="Decided", readonly=True)
    days_to_decision = fields.Float(string="Days to decision", readonly=True, aggregator="avg")

    @api.model
    def _stat_query(self):
        return SQL("""
            SELECT %(row)s,
                   c.state, c.date_signature, c.date_start, c.date_end,
                   t.date_submitted, d.date_decision, d.date_decision IS NOT NULL AS is_decided,
                   (d.date_decision - COALESCE(t.date_submitted, c.date_signature))::float AS days_to_decision
              FROM casework_contract c
              %(dossier)s
              LEFT JOIN (
                    SELECT contract_id,
                           MIN(date) FILTER (WHERE state_to = 'submitted')::date AS date_submitted,
                           MIN(date) FILTER (WHERE state_to IN ('validated', 'refused'))::date AS date_decided
                      FROM casework_contract_transition
                  GROUP BY contract_id
              ) t ON t.contract_id = c.id
              CROSS JOIN LATERAL (
                    SELECT CASE WHEN c.state IN ('validated', 'refused')
                                THEN COALESCE(t.date_decided, c.date_validation, c.date_refusal) END AS date_decision
              ) d
        """, row=self._stat_row_sql("c"), dossier=self._stat_dossier_join_sql("c"))
