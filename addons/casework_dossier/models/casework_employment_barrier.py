from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkEmploymentBarrier(models.Model):
    """A barrier to employment (frein) identified for a person, and lifted
    when it no longer stands in the way."""

    _name = "casework.employment.barrier"
    _description = "Barrier to employment"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date_identified desc, id desc"
    _rec_name = "type_id"
    _casework_dossier_field = "barrier_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("note",)

    type_id = fields.Many2one("casework.barrier.type", string="Barrier", required=True, ondelete="restrict")
    date_identified = fields.Date(string="Identified on", required=True, default=fields.Date.context_today)
    date_lifted = fields.Date(string="Lifted on")
    is_lifted = fields.Boolean(string="Lifted", compute="_compute_is_lifted", store=True)
    note = fields.Char()

    @api.depends("date_lifted")
    def _compute_is_lifted(self):
        for barrier in self:
            barrier.is_lifted = bool(barrier.date_lifted)

    @api.constrains("date_identified", "date_lifted")
    def _check_dates(self):
        for barrier in self:
            if barrier.date_lifted and barrier.date_lifted < barrier.date_identified:
                raise ValidationError(self.env._("A barrier cannot be lifted before it is identified."))
