from odoo import models


class CaseworkBeneficiary(models.Model):
    _inherit = "casework.beneficiary"

    def _casework_letter_footer(self, report):
        """The footer of the person's CV (the kernel's letter layout): only
        "Page x / y", no organisation (the CV is the person's document).

        :return: (left, center) texts
        """
        if report.report_name == "casework_dossier.casework_beneficiary_cv_document_all":
            return "", ""
        return self.env.company.name or "", ""
