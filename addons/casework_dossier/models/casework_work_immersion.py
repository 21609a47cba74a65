from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkWorkImmersion(models.Model):
    """A work immersion (période de mise en situation en milieu
    professionnel, stage) in a company, on a ROME job."""

    _name = "casework.work.immersion"
    _description = "Work immersion"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "company_name"
    _casework_dossier_field = "immersion_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("company_name", "company_city", "tutor", "assessment")

    company_name = fields.Char(string="Company", required=True)
    company_city = fields.Char(string="City")
    job_id = fields.Many2one("casework.rome.job", ondelete="restrict")
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True)
    tutor = fields.Char()
    assessment = fields.Text()

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for immersion in self:
            if immersion.date_end < immersion.date_start:
                raise ValidationError(self.env._("An immersion cannot end before it starts."))
