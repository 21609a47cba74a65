from odoo import fields, models


class CaseworkProfessionalProject(models.Model):
    """A professional project of a person: the jobs and sectors wished,
    from the ROME referential."""

    _name = "casework.professional.project"
    _description = "Professional project"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date desc, id desc"
    _casework_dossier_field = "project_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("note",)

    name = fields.Char(string="Project", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    job_ids = fields.Many2many("casework.rome.job", string="Wished jobs")
    domain_ids = fields.Many2many("casework.rome.domain", string="Sectors")
    state = fields.Selection(
        [("draft", "To be worked on"), ("validated", "Validated"), ("abandoned", "Abandoned")],
        string="Validation",
        required=True,
        default="draft",
    )
    note = fields.Text()
