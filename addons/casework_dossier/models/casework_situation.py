from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class CaseworkSituation(models.Model):
    """A situation of a person over a period (demandeur d'emploi inscrit
    since…, salarié en CDD from… to…). It is current from its start while it
    has no end or ends today or later."""

    _name = "casework.situation"
    _description = "Situation"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "type_id"
    _casework_dossier_field = "situation_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("note",)

    type_id = fields.Many2one("casework.situation.type", string="Situation", required=True, ondelete="restrict")
    date_start = fields.Date(string="Since", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="Until")
    note = fields.Char()
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", search="_search_is_current")

    @api.depends_context("tz")
    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for situation in self:
            situation.is_current = situation._is_current_on(today)

    def _search_is_current(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        current = Domain("date_start", "<=", today) & (Domain("date_end", "=", False) | Domain("date_end", ">=", today))
        return current if (operator == "in") == (True in value) else ~current

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for situation in self:
            if situation.date_end and situation.date_end < situation.date_start:
                raise ValidationError(self.env._("A situation cannot end before it starts."))

    def _is_current_on(self, day):
        self.ensure_one()
        return self.date_start <= day and (not self.date_end or self.date_end >= day)
