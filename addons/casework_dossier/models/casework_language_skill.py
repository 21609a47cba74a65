from odoo import fields, models


class CaseworkLanguageSkill(models.Model):
    """A language a person speaks, with its level in the Common European
    Framework of Reference (A1 to C2) or as mother tongue."""

    _name = "casework.language.skill"
    _description = "Language skill"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date desc, id desc"
    _rec_name = "language"
    _casework_dossier_field = "language_ids"

    language = fields.Char(required=True)
    level = fields.Selection(
        [
            ("a1", "A1 – Beginner"),
            ("a2", "A2 – Elementary"),
            ("b1", "B1 – Intermediate"),
            ("b2", "B2 – Upper intermediate"),
            ("c1", "C1 – Advanced"),
            ("c2", "C2 – Proficient"),
            ("native", "Mother tongue"),
        ],
        required=True,
    )
    date = fields.Date(string="Assessed on", required=True, default=fields.Date.context_today)
