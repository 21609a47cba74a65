from odoo import fields, models


class CaseworkDigitalSkill(models.Model):
    """A digital skill of a person (the five areas of the PIX / DigComp
    framework, or a named tool), with its level."""

    _name = "casework.digital.skill"
    _description = "Digital skill"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date desc, id desc"
    _casework_dossier_field = "digital_skill_ids"

    name = fields.Char(string="Skill", required=True, help="e.g. E-mail, online procedures, word processing…")
    area = fields.Selection(
        [
            ("information", "Information and data"),
            ("communication", "Communication and collaboration"),
            ("content", "Content creation"),
            ("safety", "Protection and safety"),
            ("environment", "Digital environment"),
        ],
    )
    level = fields.Selection(
        [
            ("none", "Not acquired"), ("beginner", "Beginner"), ("intermediate", "Intermediate"),
            ("advanced", "Advanced"),
        ],
        required=True,
    )
    date = fields.Date(string="Assessed on", required=True, default=fields.Date.context_today)
