from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkBeneficiaryMergeLine(models.TransientModel):
    """One identity field of the merge wizard: the value of each dossier and
    the one to keep. Only ``choice`` is the user's: the merge reads the
    values from the dossiers themselves."""

    _name = "casework.beneficiary.merge.line"
    _description = "Merge of two dossiers: value to keep"
    _order = "sequence, id"

    wizard_id = fields.Many2one("casework.beneficiary.merge", required=True, ondelete="cascade")
    sequence = fields.Integer()
    field_name = fields.Char(required=True)
    field_label = fields.Char(string="Field", readonly=True)
    value_a = fields.Char(string="Dossier A", readonly=True)
    value_b = fields.Char(string="Dossier B", readonly=True)
    choice = fields.Selection([("a", "Keep A"), ("b", "Keep B")], string="Keep", required=True, default="a")

    @api.constrains("field_name")
    def _check_field_name(self):
        allowed = self.env["casework.beneficiary.merge"].MERGE_FIELDS
        for line in self:
            if line.field_name not in allowed:
                raise ValidationError(self.env._(
                    "“%(field)s” is not an identity field the merge may choose.", field=line.field_name
                ))
