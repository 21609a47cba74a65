from odoo import fields, models


class CaseworkDocumentFolder(models.Model):
    """A folder of the documents' nomenclature (Courriers, CER scannés…),
    configured by the administrators; optionally for some programmes only."""

    _name = "casework.document.folder"
    _description = "Document folder"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    program_ids = fields.Many2many(
        "casework.program",
        string="Programmes",
        help="Offered for the documents of these programmes only (all if empty).",
    )

    _name_uniq = models.Constraint("UNIQUE(name)", "A folder with this name already exists.")
