from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCharacteristic(CaseworkCommon):
    def test_history_and_current_value(self):
        dossier = self.dossier_north
        dossier.set_characteristic("etat_droit", "ouvert_versable", date(2026, 1, 5))
        dossier.set_characteristic("etat_droit", "clos", date(2026, 10, 1))
        values = dossier.characteristic_value_ids.filtered(lambda v: v.type_id.code == "etat_droit")
        self.assertEqual(len(values), 2, "an update keeps the history")
        self.assertEqual(dossier.get_characteristic("etat_droit").code, "clos")
        self.assertEqual(values.filtered("is_current").value_display, "Droit clos")
        # a value entered late with an older date does not become current
        dossier.set_characteristic("etat_droit", "ouvert_suspendu", date(2026, 5, 1))
        self.assertEqual(dossier.get_characteristic("etat_droit").code, "clos")
        # deleting the current value makes the previous one current again
        dossier.characteristic_value_ids.filtered(lambda v: v.option_id.code == "clos").unlink()
        self.assertEqual(dossier.get_characteristic("etat_droit").code, "ouvert_suspendu")

    def test_same_value_is_not_duplicated(self):
        self.dossier_north.set_characteristic("sdd_nsdd", "sdd", date(2026, 1, 5))
        created = self.dossier_north.set_characteristic("sdd_nsdd", "sdd", date(2026, 11, 1))
        self.assertFalse(created)

    def test_typed_values(self):
        dossier = self.dossier_north
        dossier.set_characteristic("date_actualisation", "2026-11-14")
        self.assertEqual(dossier.get_characteristic("date_actualisation"), date(2026, 11, 14))
        dossier.set_characteristic("num_caf", " 1234567 ")
        self.assertEqual(dossier.get_characteristic("num_caf"), "1234567")

    def test_wrong_type_refused(self):
        with self.assertRaisesMessage(ValidationError, "not a valid date"):
            self.dossier_north.set_characteristic("date_actualisation", "31/02/2026")
        with self.assertRaisesMessage(ValidationError, "not an allowed value"):
            self.dossier_north.set_characteristic("etat_droit", "Droit fermé")
        with self.assertRaisesMessage(ValidationError, "Unknown characteristic"):
            self.dossier_north.set_characteristic("no_such_thing", "x")
        with self.assertRaisesMessage(ValidationError, "does not belong"):
            self.env["casework.characteristic.value"].create({
                "beneficiary_id": self.dossier_north.id,
                "type_id": self.env.ref("casework_base.characteristic_type_right_state").id,
                "option_id": self.env.ref("casework_base.characteristic_option_sdd_nsdd_sdd").id,
            })
        with self.assertRaisesMessage(ValidationError, "does not take a text"):
            self.env["casework.characteristic.value"].create({
                "beneficiary_id": self.dossier_north.id,
                "type_id": self.env.ref("casework_base.characteristic_type_update_date").id,
                "value_date": date(2026, 1, 1),
                "value_char": "hier",
            })

    def test_number_type(self):
        ctype = self.env["casework.characteristic.type"].create({
            "name": "Nombre d'enfants", "code": "nb_enfants", "value_type": "float",
            "family_id": self.env.ref("casework_base.characteristic_family_family").id})
        self.dossier_north.set_characteristic("nb_enfants", "2")
        self.assertEqual(self.dossier_north.get_characteristic("nb_enfants"), 2.0)
        with self.assertRaisesMessage(ValidationError, "not a valid number"):
            self.dossier_north.set_characteristic("nb_enfants", "deux")
        with self.assertRaisesMessage(ValidationError, "cannot change"):
            ctype.value_type = "char"

    def test_search_by_several_characteristics(self):
        closed_nsdd = self.dossier_north
        closed_nsdd.set_characteristic("etat_droit", "clos")
        closed_nsdd.set_characteristic("sdd_nsdd", "nsdd")
        closed_sdd = self.dossier_north_other
        closed_sdd.set_characteristic("etat_droit", "clos")
        closed_sdd.set_characteristic("sdd_nsdd", "sdd")
        clos = self.env.ref("casework_base.characteristic_option_etat_droit_clos")
        nsdd = self.env.ref("casework_base.characteristic_option_sdd_nsdd_nsdd")
        found = self.env["casework.beneficiary"].search([
            ("id", "in", (closed_nsdd | closed_sdd | self.dossier_south).ids),
            ("characteristic_option_ids", "in", clos.ids),
            ("characteristic_option_ids", "in", nsdd.ids),
        ])
        self.assertEqual(found, closed_nsdd)
        # an older value does not match any more once replaced
        closed_nsdd.set_characteristic("etat_droit", "ouvert_versable")
        self.assertFalse(self.env["casework.beneficiary"].search([("characteristic_option_ids", "in", clos.ids),
                                                                  ("id", "=", closed_nsdd.id)]))

    def test_search_by_value_uses_an_index(self):
        clos = self.env.ref("casework_base.characteristic_option_etat_droit_clos")
        self.dossier_north.set_characteristic("etat_droit", "clos")
        self.env.flush_all()
        query = self.env["casework.beneficiary"]._search([("characteristic_option_ids", "in", clos.ids)])
        # the test tables are tiny: forbid sequential scans to see the index the plan would use
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("casework_characteristic_value_option_current_idx", plan)

    def test_missing_required_characteristics(self):
        required = self.dossier_north.missing_characteristic_type_ids.mapped("code")
        self.assertIn("etat_droit", required)
        self.dossier_north.set_characteristic("etat_droit", "ouvert_versable")
        self.dossier_north.invalidate_recordset(["missing_characteristic_type_ids"])
        self.assertNotIn("etat_droit", self.dossier_north.missing_characteristic_type_ids.mapped("code"))
