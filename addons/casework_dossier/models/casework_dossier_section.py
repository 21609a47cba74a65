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

    @api.model_create_multi
    def create(self, vals_list):
        sections = super().create(vals_list)
        # every existing dossier shows the new section (one statement, whatever the number of dossiers)
        self.env["casework.dossier.section.state"].flush_model()
        for section in sections:
            self.env.cr.execute(
                """
                INSERT INTO casework_dossier_section_state
                       (beneficiary_id, section_id, sequence, create_uid, create_date, write_uid, write_date)
                SELECT b.id, %(section)s, %(sequence)s,
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM casework_beneficiary b
                 WHERE NOT EXISTS (SELECT 1 FROM casework_dossier_section_state s
                                    WHERE s.beneficiary_id = b.id AND s.section_id = %(section)s)
                """,
                {"section": section.id, "sequence": section.sequence, "uid": self.env.uid},
            )
        self.env["casework.dossier.section.state"].invalidate_model()
        return sections

    @api.model
    def _sections_of_fields(self, field_names):
        """The sections holding any of the dossier fields ``field_names``."""
        if not field_names:
            return self.browse()
        # sudo: the configuration of the sections (no personal data), for any user
        lines = self.env["casework.dossier.section.field"].sudo().search([("field_name", "in", list(field_names))])
        return lines.section_id.filtered("active").sudo(False)
