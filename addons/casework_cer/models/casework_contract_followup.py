from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_base.tools.dates import casework_today
from odoo.addons.casework_base.tools.referent_sql import current_referent_sql


class CaseworkContract(models.Model):
    """The follow-up of the contracts (the seed's "Suivi des CER"): the
    current référent de parcours of each contract's dossier and their
    structure, to search and group the lists by, and the days since the
    signature, for a window of N days typed by the user."""

    _inherit = "casework.contract"

    referent_id = fields.Many2one(
        "res.users", string="Current référent", compute="_compute_referent_id", search="_search_referent_id",
        help="The dossier's current référent de parcours.",
    )
    referent_structure_id = fields.Many2one(
        "casework.structure", string="Current référent's structure", compute="_compute_referent_id",
        search="_search_referent_structure_id",
    )
    days_since_signature = fields.Integer(
        string="Days since the signature", compute="_compute_days_since_signature",
        search="_search_days_since_signature",
    )

    @api.depends("beneficiary_id")
    def _compute_referent_id(self):
        for contract in self:
            referent = contract.beneficiary_id.referent_id
            contract.referent_id = referent
            contract.referent_structure_id = referent.casework_structure_id

    def _search_referent_id(self, operator, value):
        return [("beneficiary_id.referent_id", operator, value)]

    def _search_referent_structure_id(self, operator, value):
        return [("beneficiary_id.assignment_ids", "any", [
            ("role", "=", "parcours"), ("is_current", "=", True), ("user_id.casework_structure_id", operator, value),
        ])]

    @api.depends("date_signature")
    def _compute_days_since_signature(self):
        today = casework_today(self.env)
        for contract in self:
            contract.days_since_signature = (today - contract.date_signature).days if contract.date_signature else 0

    def _search_days_since_signature(self, operator, value):
        """``days_since_signature <op> N`` as a condition on the signature date."""
        if operator not in ("<", "<=", ">", ">=", "=") or not isinstance(value, int):
            return NotImplemented
        day = casework_today(self.env) - relativedelta(days=value)
        # fewer days since the signature is a later signature date
        reverse = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}
        return [("date_signature", reverse[operator], day)]

    def _field_to_sql(self, alias, field_expr, query=None):
        # the current référent (de parcours) of the dossier, and their
        # structure, as SQL: the lists group by them (as _compute_referent_id)
        if field_expr in ("referent_id", "referent_structure_id"):
            dossier = SQL.identifier(alias, "beneficiary_id")
            return current_referent_sql(self.env, dossier, "user" if field_expr == "referent_id" else "structure")
        return super()._field_to_sql(alias, field_expr, query)
