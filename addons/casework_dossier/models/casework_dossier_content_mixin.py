from odoo import api, models


class CaseworkDossierContentMixin(models.AbstractModel):
    """Dated records held by a section of the dossier (situations, diplomas,
    projects…).

    Each model names in ``_casework_dossier_field`` the one-to-many of
    ``casework.beneficiary`` holding its records: creating, changing or
    deleting a record stamps the last update of the section that field
    belongs to, and refreshes the dossier's status. Access follows the
    dossier's (``casework.case.mixin``).
    """

    _name = "casework.dossier.content.mixin"
    _description = "Record of a dossier section"
    _inherit = ["casework.case.mixin"]
    _casework_dossier_field = None


    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.beneficiary_id._casework_content_changed(self._casework_dossier_field)
        return records

    def write(self, vals):
        dossiers = self.beneficiary_id
        result = super().write(vals)
        (dossiers | self.beneficiary_id)._casework_content_changed(self._casework_dossier_field)
        return result

    def unlink(self):
        dossiers = self.beneficiary_id
        result = super().unlink()
        dossiers.exists()._casework_content_changed(self._casework_dossier_field)
        return result
