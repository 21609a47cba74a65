from odoo import api, fields, models

from ..tools.name_matching import normalize


class CaseworkBeneficiaryIdentifier(models.Model):
    """A number the person has with another body (France Travail, CAF...).

    The same number may be recorded on two dossiers: that is how duplicates
    are found (see the duplicate detection), not something to block.
    Readable and writable by whoever reads / writes the dossier.
    """

    _name = "casework.beneficiary.identifier"
    _description = "Identifier of a person with another body"
    _inherit = ["casework.case.mixin"]
    _order = "type_sequence, id"
    _rec_name = "value"

    type_id = fields.Many2one("casework.identifier.type", string="Issuer", required=True, ondelete="restrict")
    type_sequence = fields.Integer(related="type_id.sequence", store=True)
    value = fields.Char(string="Identifier", required=True)
    value_normalized = fields.Char(
        string="Normalised number",
        compute="_compute_value_normalized",
        store=True,
        help="The number without spaces, dashes or dots, upper case: what is compared.",
    )

    _value_idx = models.Index("(type_id, value_normalized)")
    _unique_per_dossier = models.Constraint(
        "UNIQUE(beneficiary_id, type_id, value_normalized)", "This number is already recorded on this dossier."
    )

    @api.depends("value")
    def _compute_value_normalized(self):
        for identifier in self:
            identifier.value_normalized = normalize(identifier.value).replace(" ", "").upper() or False
