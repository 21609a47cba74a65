from odoo import fields, models


class CaseworkBeneficiaryMergeLine(models.TransientModel):
    """One identity field of the merge wizard: the value of each dossier and
    the one to keep."""

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
