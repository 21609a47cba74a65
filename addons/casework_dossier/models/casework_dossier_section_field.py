from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkDossierSectionField(models.Model):
    """A field of the dossier placed in a section, with its requirement level.

    * **Mandatory**: blocking. The identity section's mandatory fields are
      checked at every save (they are the four fields of a quick creation);
      the mandatory fields of any other section once that section has been
      started, i.e. once one of its fields is filled.
    * **Required**: needed for the section (and the dossier) to be complete,
      never blocking.
    * **Optional**: belongs to the section (its changes date the section's
      last update) without being needed.

    A one-to-many field (situations, diplomas…) is filled when the dossier
    has at least one line.
    """

    _name = "casework.dossier.section.field"
    _description = "Field of a dossier section"
    _order = "section_id, sequence, id"
    _rec_name = "field_id"

    section_id = fields.Many2one("casework.dossier.section", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain=[("model", "=", "casework.beneficiary")],
    )
    field_name = fields.Char(related="field_id.name", store=True, index=True)
    level = fields.Selection(
        [("mandatory", "Mandatory (blocking)"), ("required", "Required for completeness"), ("optional", "Optional")],
        required=True,
        default="required",
    )

    _field_uniq = models.Constraint("UNIQUE(field_id)", "A field belongs to one section only.")

    @api.constrains("field_id")
    def _check_field_id(self):
        for line in self:
            if line.field_id.model != "casework.beneficiary":
                raise ValidationError(
                    self.env._("“%(field)s” is not a field of the dossier.", field=line.field_id.field_description)
                )

    def _invalidate_dossier_views(self):
        # the dossier form marks the configured fields; section states derive from the configuration
        self.env.registry.clear_cache("templates")
        self.env["casework.dossier.section.state"].invalidate_model(["is_complete", "completeness", "missing_fields"])

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self._invalidate_dossier_views()
        return lines

    def write(self, vals):
        result = super().write(vals)
        self._invalidate_dossier_views()
        return result

    def unlink(self):
        result = super().unlink()
        self._invalidate_dossier_views()
        return result
