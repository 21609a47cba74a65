from odoo import api, fields, models


class CaseworkRomeJob(models.Model):
    """A job (fiche métier) of France Travail's ROME referential: a code
    such as K1201 and its label. The module loads the fiches; the whole
    referential, with its appellations, can be imported from France
    Travail's open data with the standard import."""

    _name = "casework.rome.job"
    _description = "ROME job"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True)
    domain_id = fields.Many2one("casework.rome.domain", ondelete="restrict", index=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a ROME job must be unique.")

    @api.depends("code", "name")
    def _compute_display_name(self):
        for job in self:
            job.display_name = f"{job.code} – {job.name}"
