from odoo import api, fields, models


class CaseworkRomeDomain(models.Model):
    """A domain (grand domaine) of France Travail's ROME job referential,
    used as the sectors of a professional project."""

    _name = "casework.rome.domain"
    _description = "ROME domain"
    _order = "sequence, code"

    code = fields.Char(required=True)
    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    job_ids = fields.One2many("casework.rome.job", "domain_id", string="Jobs")
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a ROME domain must be unique.")

    @api.depends("code", "name")
    def _compute_display_name(self):
        for domain in self:
            domain.display_name = f"{domain.code} – {domain.name}"
