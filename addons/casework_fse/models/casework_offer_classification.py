from odoo import fields, models


class CaseworkOfferClassification(models.Model):
    """The FSE classification: its offers are FSE operations
    (``casework.offer.is_fse_operation``)."""

    _inherit = "casework.offer.classification"

    is_fse = fields.Boolean(
        string="FSE operations",
        help="The offers of this classification are operations funded by the European Social Fund: named by "
        "year (FSE 2026 …, FSE 2026-2027 …), one at a time per person, with entry and exit questionnaires.",
    )
