from odoo import fields, models

OBJECTIVE_KINDS = [
    ("professional", "Professional objective"),
    ("knowledge", "Knowledge (savoir)"),
    ("know_how", "Know-how (savoir-faire)"),
    ("soft_skill", "Soft skill (savoir-être)"),
    ("result", "Expected result"),
    ("deliverable", "Deliverable"),
]


class CaseworkStepObjective(models.Model):
    """An objective of a participation: a professional objective, a skill to
    acquire (savoir, savoir-faire, savoir-être), an expected result or a
    deliverable. A case record of its step's dossier."""

    _name = "casework.step.objective"
    _description = "Step objective"
    _inherit = ["casework.case.mixin"]
    _order = "step_id, sequence, id"
    _casework_anonymise_fields = ("name", "note")

    step_id = fields.Many2one("casework.step", required=True, ondelete="cascade", index=True)
    beneficiary_id = fields.Many2one(related="step_id.beneficiary_id", store=True, required=False)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(OBJECTIVE_KINDS, required=True, default="professional")
    name = fields.Char(string="Objective", required=True)
    is_achieved = fields.Boolean(string="Achieved")
    note = fields.Text()
