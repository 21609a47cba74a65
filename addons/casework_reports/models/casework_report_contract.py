from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class CaseworkContract(models.Model):
    """Whether a newer contract of the dossier already follows a contract
    (then it needs no renewal: reports and alerts "CER à renouveler")."""

    _inherit = "casework.contract"

    is_superseded = fields.Boolean(
        string="Followed by a newer contract", compute="_compute_is_superseded", search="_search_is_superseded",
        help="Another contract of the dossier (not refused) starts after this one.",
    )

    @api.depends("beneficiary_id", "date_start")
    def _compute_is_superseded(self):
        superseded = set(self._casework_superseded_query(self.ids)) if self.ids else set()
        for contract in self:
            contract.is_superseded = contract.id in superseded

    def _search_is_superseded(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("id", "in", self._casework_superseded_query())
        return domain if (operator == "in") == (True in value) else ~domain

    @api.model
    def _casework_superseded_query(self, ids=None):
        """Ids of the contracts followed by a newer one of their dossier (a
        contract, not refused, starting later): a sub-query without record
        rules, for the search of ``is_superseded``; the rows the user reads
        are filtered by the rules of the search itself.

        :param ids: limit to these contracts (list of ints), for the compute
        :return: an :class:`~odoo.tools.SQL` sub-query, or the list of ids when ``ids`` is given
        """
        self.flush_model(["beneficiary_id", "state", "date_start"])
        query = SQL(
            """SELECT c.id FROM casework_contract c
                WHERE EXISTS (SELECT 1 FROM casework_contract n
                               WHERE n.beneficiary_id = c.beneficiary_id AND n.id != c.id
                                 AND n.state != 'refused' AND n.date_start > c.date_start)"""
        )
        if ids is None:
            return query
        self.env.cr.execute(SQL("%s AND c.id IN %s", query, tuple(ids)))
        return [row[0] for row in self.env.cr.fetchall()]
