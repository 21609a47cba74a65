from odoo import api, fields, models


class CaseworkDossierSection(models.Model):
    """A section of the dossier (identité, coordonnées, compléments…).

    Which fields belong to a section, and which of them are mandatory
    (blocking) or required for completeness (non-blocking), is configuration:
    see ``casework.dossier.section.field``.
    """

    _name = "casework.dossier.section"
    _description = "Dossier section"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    field_line_ids = fields.One2many("casework.dossier.section.field", "section_id", string="Fields")

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a section must be unique.")

    @api.model
    def _sections_of_fields(self, field_names):
        """The sections holding any of the dossier fields ``field_names``."""
        if not field_names:
            return self.browse()
        lines = self.env["casework.dossier.section.field"].sudo().search([("field_name", "in", list(field_names))])
        return lines.section_id.filtered("active").sudo(False)
