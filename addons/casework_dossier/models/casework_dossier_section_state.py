from odoo import api, fields, models


class CaseworkDossierSectionState(models.Model):
    """Completeness and last update of one section of one dossier.

    The last update is stamped by the dossier's ``write`` (when one of the
    section's fields changes) and by the section's content records (create,
    write, delete). Whether the section is complete is derived from the
    configuration of its fields at reading time.
    """

    _name = "casework.dossier.section.state"
    _description = "Section of a dossier"
    _inherit = ["casework.case.mixin"]
    _order = "sequence, id"

    section_id = fields.Many2one("casework.dossier.section", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(related="section_id.sequence", store=True)
    last_update = fields.Datetime(readonly=True, help="Last time a field or a record of this section changed.")
    is_complete = fields.Boolean(string="Complete", compute="_compute_completeness")
    completeness = fields.Selection(
        [("complete", "Complet"), ("incomplete", "Incomplet")], compute="_compute_completeness"
    )
    missing_fields = fields.Char(
        string="Missing", compute="_compute_completeness", help="Fields still required for this section."
    )

    # not a unique constraint: merging two dossiers moves their lines to the
    # survivor (generic merge of the records pointing to a dossier); ``write``
    # then keeps one line per section
    _beneficiary_section_idx = models.Index("(beneficiary_id, section_id)")

    @api.depends("beneficiary_id", "section_id")
    def _compute_completeness(self):
        for state in self:
            missing = state.beneficiary_id._casework_missing_lines(("mandatory", "required"), state.section_id)
            state.is_complete = not missing
            state.completeness = "incomplete" if missing else "complete"
            state.missing_fields = ", ".join(missing.field_id.mapped("field_description"))

    def write(self, vals):
        result = super().write(vals)
        if "beneficiary_id" in vals:
            self.beneficiary_id._casework_dedupe_section_states()
        return result
