from odoo import fields, models


class CaseworkLeisure(models.Model):
    """A leisure activity or interest of a person (sport, volunteering,
    music…), worth telling in a CV."""

    _name = "casework.leisure"
    _description = "Leisure"
    _inherit = ["casework.dossier.content.mixin"]
    _order = "date desc, id desc"
    _casework_dossier_field = "leisure_ids"
    # free text that may identify the person: erased by the anonymisation
    _casework_anonymise_fields = ("description",)

    name = fields.Char(string="Activity", required=True)
    description = fields.Char()
    date = fields.Date(string="Recorded on", required=True, default=fields.Date.context_today)
