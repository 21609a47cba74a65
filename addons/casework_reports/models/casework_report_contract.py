from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from odoo.addons.casework_base.tools.dates import casework_today


class CaseworkContract(models.Model):
    """What "CER à renouveler" (the report, the alert, the figure of "Mine")
    asks of a contract: whether a newer contract of the dossier already
    follows it (then it needs no renewal), stored and kept up to date when
    a contract of the dossier is created or changes its start or state; and
    whether its dossier is in an active file."""

    _inherit = "casework.contract"

    is_superseded = fields.Boolean(
        string="Followed by a newer contract", compute="_compute_is_superseded", store=True, readonly=True,
        help="Another contract of the dossier (not refused) starts after this one.",
    )
    in_active_file = fields.Boolean(
        string="Dossier in an active file", compute="_compute_in_active_file", search="_search_in_active_file",
        help="The dossier has a current référent de parcours.",
    )

    # "contracts to renew": the validated ones not followed by a newer one, by end date
    _renewal_idx = models.Index("(date_end) WHERE state = 'validated' AND is_superseded IS NOT TRUE")

    @api.depends("date_start", "beneficiary_id.contract_ids.date_start", "beneficiary_id.contract_ids.state")
    def _compute_is_superseded(self):
        for contract in self:
            # sudo: the other contracts of the same dossier, for a flag of this one; none is shown
            others = contract.sudo().with_context(active_test=False).beneficiary_id.contract_ids - contract
            contract.is_superseded = bool(contract.date_start) and any(
                other.state != "refused" and other.date_start and other.date_start > contract.date_start
                for other in others
            )

    @api.depends("beneficiary_id.assignment_ids.date_start", "beneficiary_id.assignment_ids.date_end")
    def _compute_in_active_file(self):
        in_file = set(self._casework_active_file_dossiers(self.beneficiary_id.ids))
        for contract in self:
            contract.in_active_file = contract.beneficiary_id.id in in_file

    def _search_in_active_file(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("beneficiary_id", "in", self._casework_active_file_dossiers())
        return domain if (operator == "in") == (True in value) else ~domain

    @api.model
    def _casework_active_file_dossiers(self, dossier_ids=None):
        """The dossiers with a current référent de parcours, without record
        rules: a condition on contracts the user reads already (their own
        rules apply to the rows), cheaper than the dossiers' rules again.

        :param dossier_ids: limit to these dossiers (list of ints), for the compute
        :return: a :class:`~odoo.tools.query.Query` of dossier ids, or the list of ids when ``dossier_ids`` is given
        """
        domain = Domain("role", "=", "parcours") & Domain("is_current", "=", True)
        # sudo: dossier ids only, filtering rows the record rules already select
        Assignment = self.env["casework.referent.assignment"].sudo().with_context(active_test=False)
        if dossier_ids is None:
            return Assignment._search(domain).subselect("beneficiary_id")
        return Assignment.search(domain & Domain("beneficiary_id", "in", dossier_ids)).beneficiary_id.ids

    @api.model
    def _casework_to_renew_domain(self, days):
        """CER à renouveler: validated contracts (not marked as the last one,
        not followed by a newer one) of dossiers in an active file, ending
        within ``days`` days or already ended.

        :param days: days from today (int, 0: ended today or before)
        :return: a :class:`Domain` on contracts
        """
        return (
            Domain("state", "=", "validated") & Domain("is_last", "=", False) & Domain("is_superseded", "=", False)
            & Domain("date_end", "!=", False)
            & Domain("date_end", "<=", casework_today(self.env) + relativedelta(days=days))
            & Domain("in_active_file", "=", True)
        )
