from odoo import fields, models


class CaseworkDocumentType(models.Model):
    """A type of document (CV, pièce d'identité, CER signé…), configured by
    the administrators. The latest document of a CV type opens in one click
    from the dossier."""

    _name = "casework.document.type"
    _description = "Document type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_cv = fields.Boolean(string="CV", help="Documents of this type are the person's CV, opened from the dossier.")

    _name_uniq = models.Constraint("UNIQUE(name)", "A document type with this name already exists.")
