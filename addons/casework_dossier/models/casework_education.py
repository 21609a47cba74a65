from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkEducation(models.Model):
    """A diploma or a training of a person's cursus, with its level in the
    French nomenclature; the best diploma obtained shows on the dossier."""

    _name = "casework.education"
    _description = "Education and diploma"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "year desc, id desc"
    _casework_dossier_field = "education_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("institution",)

    name = fields.Char(string="Diploma or training", required=True)
    level_id = fields.Many2one("casework.education.level", required=True, ondelete="restrict")
    specialty = fields.Char()
    institution = fields.Char(string="School or training body")
    year = fields.Integer(help="Year the diploma was obtained, or the training ended.")
    obtained = fields.Boolean(string="Diploma obtained", default=True)

    @api.constrains("year")
    def _check_year(self):
        this_year = fields.Date.context_today(self).year
        for education in self:
            if education.year and not 1900 <= education.year <= this_year + 5:
                raise ValidationError(self.env._("The year %(year)s is not possible.", year=education.year))
