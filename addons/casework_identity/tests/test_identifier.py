from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import CaseworkCommon

# role -> (read in scope, read out of scope, create in scope, create out of scope, write in scope)
IDENTIFIER_MATRIX = {
    "referent": (True, False, True, False, True),
    "secretariat": (True, False, True, False, True),
    "manager": (True, False, True, False, True),
    "fse": (True, False, False, False, False),
    "finance": (False, False, False, False, False),
    "operator": (False, False, False, False, False),
    "outsider": (False, False, False, False, False),
    "admin": (True, True, True, True, True),
}


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestIdentifier(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caf = cls.env.ref("casework_identity.identifier_type_caf")
        Identifier = cls.env["casework.beneficiary.identifier"]
        cls.id_north = Identifier.create(
            {"beneficiary_id": cls.dossier_north.id, "type_id": cls.caf.id, "value": "12 345 67"}
        )
        cls.id_south = Identifier.create(
            {"beneficiary_id": cls.dossier_south.id, "type_id": cls.caf.id, "value": "7654321"}
        )

    def test_normalised_and_numbers(self):
        self.assertEqual(self.id_north.value_normalized, "1234567")
        self.assertEqual(self.dossier_north.caf_number, "12 345 67")
        self.assertEqual(self.env["casework.beneficiary"].search([("caf_number", "=", "1234567")]), self.dossier_north)
        # the same number on two dossiers is allowed (a duplicate to detect), not twice on one
        self.env["casework.beneficiary.identifier"].create(
            {"beneficiary_id": self.dossier_south.id, "type_id": self.caf.id, "value": "1234567"})
        with self.assertRaisesMessage(IntegrityError, "unique_per_dossier"), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["casework.beneficiary.identifier"].create(
                    {"beneficiary_id": self.dossier_north.id, "type_id": self.caf.id, "value": "12-345-67"})
                self.env.flush_all()

    def test_access_matrix(self):
        Identifier = self.env["casework.beneficiary.identifier"]
        for role, expected in IDENTIFIER_MATRIX.items():
            user = getattr(self, role)
            with self.subTest(role=role):
                got = (
                    self._attempt(lambda: self.id_north.with_user(user).read(["value", "beneficiary_id"])),
                    self._attempt(lambda: self.id_south.with_user(user).read(["value", "beneficiary_id"])),
                    self._attempt(lambda: Identifier.with_user(user).create(
                        {"beneficiary_id": self.dossier_north.id, "type_id": self.caf.id, "value": "999"})),
                    self._attempt(lambda: Identifier.with_user(user).create(
                        {"beneficiary_id": self.dossier_south.id, "type_id": self.caf.id, "value": "999"})),
                    self._attempt(lambda: self.id_north.with_user(user).write({"value": "1111"})),
                )
                self.assertEqual(got, expected)
        # no way to a dossier's identity through its identifiers
        found = Identifier.with_user(self.referent).search([])
        self.assertEqual(found, self.id_north)

    def test_types_admin_only(self):
        Type = self.env["casework.identifier.type"]
        self.assertFalse(self._attempt(lambda: Type.with_user(self.manager).create({"name": "X", "code": "x"})))
        self.assertTrue(self._attempt(lambda: Type.with_user(self.admin).create({"name": "X", "code": "x"})))
        self.assertTrue(self._attempt(lambda: Type.with_user(self.referent).search([])))
