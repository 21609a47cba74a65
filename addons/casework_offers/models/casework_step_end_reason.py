from odoo import fields, models


class CaseworkStepEndReason(models.Model):
    """Why a step ended (motif de fin d'étape): achevée, abandon,
    réorientation... each flagged successful or not for statistics."""

    _name = "casework.step.end.reason"
    _description = "Step end reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_successful = fields.Boolean(
        string="Successful", help="A step ended for this reason counts as a success in statistics.",
    )

    _name_uniq = models.Constraint("UNIQUE(name)", "A step end reason with this name already exists.")
