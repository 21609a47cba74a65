from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon

WITHHELD = "are no longer counted for you"


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestDuplicateAudit(CaseworkCommon):
    """A duplicate outside the user's scope is counted, never named; each
    such check is in the audit trail, and a user is told of at most N sets
    of them per hour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["auditlog.log"]
        # people followed in the South, unknown to the référent of the North
        cls.hidden = cls.dossier_south
        for index, (first_name, usage_name) in enumerate((("Karim", "Benali"), ("Sophie", "Vidal"),
                                                          ("Hugo", "Blanc"))):
            cls._create_dossier(usage_name, first_name, cls.south, cls.referent_south, start=date(2026, 2, 1 + index),
                                birth_date=date(1990, 4, 1 + index), enrollment_ids=[])

    def _identity(self, first_name, usage_name, birth_date):
        return {"civility": "mme", "first_name": first_name, "usage_name": usage_name, "birth_date": birth_date}

    def _checks(self, user):
        return self.Log.search([("user_id", "=", user.id), ("method", "like", "duplicate_check")], order="id")

    def test_out_of_scope_hit_audited(self):
        """Nothing told the administrators that a référent learnt that a
        person is followed elsewhere."""
        Beneficiary = self.env["casework.beneficiary"].with_user(self.referent)
        found = Beneficiary._casework_find_duplicates(self._identity("Ines", "GARCIA", date(1985, 3, 12)))
        self.assertEqual([(item["readable"], item["withheld"]) for item in found], [(False, False)])
        [log] = self._checks(self.referent)
        self.assertEqual((log.method, log.res_ids, log.model_model), (
            "duplicate_check", str([self.hidden.id]), "casework.beneficiary"))
        self.assertIn("1 likely duplicate(s) outside the user's scope", log.casework_details)
        self.assertNotIn("Garcia", log.casework_details + (log.name or ""))
        with self.assertRaises(AccessError):
            self.Log.with_user(self.referent).search([])
        # a check telling nothing outside the scope is not audited
        Beneficiary._casework_find_duplicates(self._identity("Marie", "Dupont", date(1985, 3, 12)))
        self.assertEqual(len(self._checks(self.referent)), 1)
        # the dossier's form: the dossier being checked is named in the entry
        twin = self._create_dossier("Garcia", "Inès", self.north, self.referent, enrollment_ids=[],
                                    assignment_ids=[])
        twin.with_user(self.secretariat).read(["duplicate_count"])
        [log] = self._checks(self.secretariat)
        self.assertEqual((log.res_id, log.res_ids), (twin.id, str([self.hidden.id])))

    def test_hourly_limit(self):
        """A référent could probe the whole population of the département
        through the duplicate check, one identity after the other."""
        self.env["ir.config_parameter"].set_param("casework_identity.duplicate_hidden_hourly_limit", "2")
        Beneficiary = self.env["casework.beneficiary"].with_user(self.referent)
        probes = [
            self._identity("Ines", "GARCIA", date(1985, 3, 12)),
            self._identity("Karim", "BENALI", date(1990, 4, 1)),
            self._identity("Sophie", "Vidal", date(1990, 4, 2)),
        ]
        self.assertFalse(Beneficiary._casework_find_duplicates(probes[0])[0]["withheld"])
        self.assertFalse(Beneficiary._casework_find_duplicates(probes[1])[0]["withheld"])
        found = Beneficiary._casework_find_duplicates(probes[2])
        self.assertEqual([(item["readable"], item["withheld"]) for item in found], [(False, True)],
                         "the third set is withheld")
        self.assertIn(WITHHELD, Beneficiary._casework_duplicates_html(found))
        self.assertNotIn("another territory or another counsellor's active file:",
                         Beneficiary._casework_duplicates_html(found))
        # the same message for an identity without any duplicate: it tells nothing
        found = Beneficiary._casework_find_duplicates(self._identity("Nobody", "Known", date(2001, 1, 1)))
        self.assertEqual([item["withheld"] for item in found], [True])
        # a set already told is told again (the same dossier reopened)
        found = Beneficiary._casework_find_duplicates(probes[0])
        self.assertEqual([(item["readable"], item["withheld"]) for item in found], [(False, False)])
        self.assertEqual(self._checks(self.referent).mapped("method"), [
            "duplicate_check", "duplicate_check", "duplicate_check_withheld", "duplicate_check"])
        # creating from the form: asked to contact the secretariat, without any count
        with self.assertRaisesMessage(UserError, WITHHELD):
            Beneficiary.with_context(casework_check_duplicates=True).create(
                dict(self._identity("Hugo", "Blanc", date(1990, 4, 3)), territory_id=self.north.id))
        # other users are not limited by the référent's checks
        found = self.env["casework.beneficiary"].with_user(self.referent_other)._casework_find_duplicates(probes[2])
        self.assertEqual([item["withheld"] for item in found], [False])
        # an hour later, the référent is told again
        self.env.flush_all()
        self.env.cr.execute("UPDATE auditlog_log SET create_date = create_date - interval '61 minutes' "
                            "WHERE user_id = %s", [self.referent.id])
        found = Beneficiary._casework_find_duplicates(probes[2])
        self.assertEqual([item["withheld"] for item in found], [False])

    def test_form_banner_when_withheld(self):
        self.env["ir.config_parameter"].set_param("casework_identity.duplicate_hidden_hourly_limit", "0")
        form = Form(self.env["casework.beneficiary"].with_user(self.referent).with_context(
            casework_check_duplicates=True))
        form.civility = "mme"
        form.first_name = "Inès"
        form.usage_name = "Garcia"
        form.birth_date = date(1985, 3, 12)
        self.assertEqual(form.duplicate_count, 1)
        self.assertIn(WITHHELD, form.duplicate_html)
        self.assertNotIn("possible duplicate(s) exist(s)", form.duplicate_html)

    def test_list_flag_only_for_twins_in_scope(self):
        """The list's *Duplicate?* column told, for any dossier one creates,
        whether the person is followed elsewhere, without limit nor trace."""
        twin = self._create_dossier("Garcia", "Inès", self.north, self.referent, enrollment_ids=[])
        self.assertTrue(twin.has_duplicates)
        self.assertFalse(twin.with_user(self.referent).has_duplicates)
        self.assertTrue(twin.with_user(self.admin).has_duplicates)
        other_twin = self._create_dossier("Dupont", "Marie", self.north, self.referent, enrollment_ids=[],
                                          assignment_ids=[])
        self.assertTrue(other_twin.with_user(self.secretariat).has_duplicates, "a twin in the territory")
