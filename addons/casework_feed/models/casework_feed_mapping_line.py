from odoo import api, fields, models
from odoo.exceptions import ValidationError

TARGETS = [
    ("key", "External dossier key"),
    ("rank", "Person rank (1 or 2)"),
    ("civility", "Civility"),
    ("first_name", "First name"),
    ("usage_name", "Usage name"),
    ("birth_name", "Birth name"),
    ("birth_date", "Birth date"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("street", "Street"),
    ("street2", "Street (2)"),
    ("zip", "Zip code"),
    ("city", "City"),
    ("territory", "Territory code"),
    ("referent", "Référent de parcours (login or external code)"),
    ("designation_date", "Designation date of the referent"),
    ("characteristic", "Characteristic"),
]


class CaseworkFeedMappingLine(models.Model):
    """One column of a feed file and the dossier field it feeds."""

    _name = "casework.feed.mapping.line"
    _description = "Feed mapping column"
    _order = "mapping_id, sequence, id"

    mapping_id = fields.Many2one("casework.feed.mapping", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    source_column = fields.Char(
        required=True,
        help="Column name in the header (CSV), key (JSON lines), or position from 1 (CSV without header).",
    )
    target = fields.Selection(TARGETS, required=True)
    target_label = fields.Char(compute="_compute_target_label")
    characteristic_type_id = fields.Many2one("casework.characteristic.type", string="Characteristic")
    required = fields.Boolean(help="Reject the line when this column is empty.")

    _column_uniq = models.Constraint(
        "UNIQUE(mapping_id, source_column)", "A column can be mapped only once in a feed mapping."
    )

    @api.depends("target", "characteristic_type_id")
    def _compute_target_label(self):
        labels = dict(self._fields["target"]._description_selection(self.env))
        for line in self:
            if line.target == "characteristic":
                line.target_label = line.characteristic_type_id.display_name or labels.get(line.target)
            else:
                line.target_label = labels.get(line.target, "")

    @api.constrains("target", "characteristic_type_id")
    def _check_characteristic_type(self):
        for line in self:
            if line.target == "characteristic" and not line.characteristic_type_id:
                raise ValidationError(
                    self.env._("Column %(column)s feeds a characteristic: choose which one.", column=line.source_column)
                )
            if line.target == "characteristic" and line.characteristic_type_id.code == "date_actualisation":
                raise ValidationError(
                    self.env._("“Date actualisation dossier” is set by every run to the file's date: do not map it "
                               "to a column.")
                )
