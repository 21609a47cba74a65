from odoo.fields import Command

from odoo.addons.casework_base.tests.common import CaseworkCommon


class ContractCommon(CaseworkCommon):
    """Dossiers and users of the kernel's tests, the CER themes, and a helper
    making a contract in a given state (as superuser)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.theme = cls.env.ref("casework_cer.contract_theme_employment")
        cls.Contract = cls.env["casework.contract"]

    @classmethod
    def _contract(cls, dossier, state="proposition", **vals):
        contract = cls.env["casework.contract"].create({
            "beneficiary_id": dossier.id,
            "situation": "Recherche d'emploi depuis six mois",
            "objective_ids": [Command.create({
                "theme_id": cls.theme.id, "person_action": "Postuler à trois offres par semaine",
                "referent_action": "Proposer un atelier CV",
            })],
            **vals,
        })
        if state != "proposition":
            contract.sudo().state = state
        return contract
