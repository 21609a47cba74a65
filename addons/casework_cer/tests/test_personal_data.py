import base64
import csv
import io
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ContractCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestContractPersonalData(ContractCommon):
    """Contracts in the dossier's timeline, in the subject-access export, and
    their free texts erased with the person."""

    def test_timeline(self):
        contract = self._contract(self.dossier_north, date_signature=date(2026, 11, 10))
        contract.with_user(self.referent).action_submit()
        self.env.flush_all()  # the timeline is a SQL view
        entries = self.env["casework.timeline.entry"].with_user(self.referent).search([
            ("beneficiary_id", "=", self.dossier_north.id),
            ("entry_type", "in", ("contract_signed", "contract_state"))])
        self.assertEqual(
            sorted((entry.date, entry.description) for entry in entries),
            [(date(2026, 11, 10), f"CER {contract.number} signed"),
             (date(2026, 11, 15), f"CER {contract.number}: Submitted for study")],
        )
        self.assertFalse(self.env["casework.timeline.entry"].with_user(self.referent_south).search([
            ("entry_type", "in", ("contract_signed", "contract_state"))]))

    def test_export_and_anonymisation(self):
        contract = self._contract(self.dossier_north, expression="Souhaite travailler dans le soin",
                                  internal_comment="Situation sensible")
        contract.with_user(self.referent).action_submit(comment="Premier CER")
        wizard = self.env["casework.subject.access.export"].with_user(self.admin).create(
            {"beneficiary_id": self.dossier_north.id})
        wizard.action_generate()
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.export_file)))
        rows = list(csv.DictReader(io.StringIO(archive.read("records/casework.contract.csv").decode())))
        self.assertEqual(rows[0]["Expression of the person"], "Souhaite travailler dans le soin")
        self.assertIn("Postuler à trois offres", archive.read("records/casework.contract.objective.csv").decode())
        self.assertIn("Premier CER", archive.read("records/casework.contract.transition.csv").decode())

        self.dossier_north._casework_anonymise()
        contract = contract.sudo()
        self.assertFalse(contract.expression or contract.internal_comment or contract.situation)
        self.assertFalse(contract.objective_ids.person_action or contract.objective_ids.referent_action)
        self.assertFalse(contract.transition_ids.comment)
        self.assertEqual(contract.state, "submitted", "the contract itself is kept for statistics")
