"""The access matrix of every case model, found in the registry.

Every model that inherits ``casework.case.mixin`` is tried by every role, on
a record of a dossier in the role's scope (``dossier_north``) and on one out
of it (``dossier_south``): read (search and read agree), write, create,
delete. What a role may do is its access rights (``ir.model.access``) within
the dossier's scope; a model whose business rules narrow it further says so
in its sample. A case model without a sample fails the test: each addon
adding case models subclasses :class:`CaseMatrixCommon` with its samples.
"""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CaseworkCommon

# scope of each role on (dossier_north, dossier_south): None, "read" or "write"
SCOPES = {
    "referent": ("write", None),
    "referent_other": (None, None),
    "referent_south": (None, "write"),
    "secretariat": ("write", None),
    "manager": ("write", None),
    "fse": ("read", None),
    "finance": (None, None),
    "operator": (None, None),
    "outsider": (None, None),
    "admin": ("write", "write"),
}


class CaseMatrixCommon(CaseworkCommon):
    """Base of the per-addon case matrices: ``_matrix_modules`` names the
    addons whose case models the subclass covers, ``_case_samples`` gives a
    sample of each."""

    _matrix_modules = ()

    def _case_samples(self):
        """{model name: sample}, a sample being a dict with:

        * ``record``: callable(dossier) -> a record of that dossier (made as superuser);
        * ``create``: callable(dossier) -> values to create one as the user, or None
          when users never create them;
        * ``write``: values of a harmless change;
        * ``writers``: optional set of roles that may change the north record
          beyond the scope (business rules: the author of a note...); None: all
          roles whose access rights and scope allow it;
        * ``creators``: the same for creating.
        """
        return {}

    def _case_models(self):
        Mixin = self.env.registry["casework.case.mixin"]
        return sorted(
            name for name, cls in self.env.registry.items()
            if issubclass(cls, Mixin) and not cls._abstract and cls._original_module in self._matrix_modules
        )

    def _acl(self, user, model, operation):
        return self.env["ir.model.access"].with_user(user).check(model, operation, raise_exception=False)

    def _can_read(self, record, user):
        record = record.with_user(user)
        allowed = self._attempt(lambda: record.read(["beneficiary_id"]))
        if self._acl(user, record._name, "read"):
            found = bool(record.search([("id", "=", record.id)]))
            self.assertEqual(found, allowed, f"search and read disagree on {record._name} for {user.login}")
        return allowed

    def _matrix(self):
        samples = self._case_samples()
        models = self._case_models()
        self.assertTrue(models, f"no case model in {self._matrix_modules}")
        missing = sorted(set(models) - set(samples))
        self.assertFalse(missing, f"case models without a sample in the access matrix: {missing}")
        for model in models:
            sample = samples[model]
            north, south = sample["record"](self.dossier_north), sample["record"](self.dossier_south)
            self.assertTrue(north and south, f"no sample record of {model}")
            for role, (scope_north, scope_south) in SCOPES.items():
                user = getattr(self, role)
                with self.subTest(model=model, role=role):
                    self.assertEqual(self._can_read(north, user), bool(scope_north) and self._acl(user, model, "read"))
                    self.assertEqual(self._can_read(south, user), bool(scope_south) and self._acl(user, model, "read"))
                    self._check_changes(model, sample, role, user, north, scope_north, "north")
                    self._check_changes(model, sample, role, user, south, scope_south, "south")

    def _check_changes(self, model, sample, role, user, record, scope, side):
        dossier = record.sudo().beneficiary_id
        writers = sample.get("writers")
        may_write = scope == "write" and (writers is None or role in writers)
        if sample.get("write") is not None:
            expected = may_write and self._acl(user, model, "write")
            got = self._attempt(lambda: record.with_user(user).write(sample["write"]))
            self.assertEqual(got, expected, f"write {side}")
            # whoever may change it cannot move it to another dossier
            other = self.dossier_south if side == "north" else self.dossier_north
            if "beneficiary_id" in record._fields and not record._fields["beneficiary_id"].related:
                self.assertFalse(self._attempt(lambda: record.with_user(user).write({"beneficiary_id": other.id})))
        if sample.get("create") is not None:
            creators = sample.get("creators")
            expected = scope == "write" and self._acl(user, model, "create") and (creators is None or role in creators)
            got = self._attempt(lambda: self.env[model].with_user(user).create(sample["create"](dossier)))
            self.assertEqual(got, expected, f"create {side}")
        if sample.get("unlink", True) and record._auto:
            expected = may_write and self._acl(user, model, "unlink")
            self.assertEqual(self._attempt(lambda: record.with_user(user).unlink()), expected, f"unlink {side}")


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCaseMatrix(CaseMatrixCommon):
    _matrix_modules = ("casework_base",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for dossier in (cls.dossier_north, cls.dossier_south):
            cls.env["casework.enrollment"].create({
                "beneficiary_id": dossier.id, "program_id": cls.plie.id, "date_entry": date(2026, 2, 1)})
            dossier.set_characteristic("etat_droit", "ouvert_versable")

    def _case_samples(self):
        env = self.env
        ref = env.ref

        def first(field, **domain):
            return lambda dossier: dossier[field].filtered_domain([(k, "=", v) for k, v in domain.items()])[:1]

        def content(model, vals):
            return {
                "record": lambda dossier: env[model].create({"beneficiary_id": dossier.id, **vals}),
                "create": lambda dossier: {"beneficiary_id": dossier.id, **vals},
                "write": {},
            }

        samples = {
            "casework.enrollment": {
                "record": first("enrollment_ids", program_id=self.rsa.id),
                "create": lambda dossier: {"beneficiary_id": dossier.id, "program_id": ref(
                    "casework_base.program_youth_guarantee").id, "date_entry": date(2026, 3, 1)},
                "write": {"date_first_accompaniment": date(2026, 2, 1)},
            },
            "casework.veille": {
                "record": lambda dossier: env["casework.veille"].create({
                    "enrollment_id": dossier.enrollment_ids.filtered(lambda e: e.program_id == self.rsa).id,
                    "reason_id": self.veille_reason.id, "date_start": date(2026, 10, 1)}),
                "create": lambda dossier: {
                    "enrollment_id": dossier.enrollment_ids.filtered(lambda e: e.program_id == self.plie).id,
                    "reason_id": self.veille_reason.id, "date_start": date(2026, 10, 1)},
                "write": {"note": "Formation en cours"},
            },
            "casework.referent.assignment": {
                "record": first("assignment_ids", role="parcours"),
                "create": lambda dossier: {"beneficiary_id": dossier.id, "user_id": self.referent_other.id,
                                           "role": "etape", "date_start": date(2026, 11, 15),
                                           "date_end": date(2026, 12, 31)},
                "write": {"date_end": date(2026, 11, 30)},
                # a référent ends their own assignment only; others are the secretariat's
                "writers": {"referent", "referent_south", "secretariat", "manager", "admin"},
                "creators": {"secretariat", "manager", "admin"},
            },
            "casework.characteristic.value": {
                "record": first("characteristic_value_ids"),
                "create": lambda dossier: {
                    "beneficiary_id": dossier.id, "type_id": ref("casework_base.characteristic_type_right_state").id,
                    "option_id": ref("casework_base.characteristic_option_etat_droit_ouvert_suspendu").id,
                    "date": date(2026, 11, 1)},
                "write": {"date": date(2026, 2, 1)},
            },
            "casework.timeline.entry": {
                "record": lambda dossier: env["casework.timeline.entry"].search(
                    [("beneficiary_id", "=", dossier.id)], limit=1),
                "create": None,
                "write": None,
                "unlink": False,
            },
        }
        return samples

    def test_case_model_matrix(self):
        self._matrix()

    def test_scope_field_matches_the_rules(self):
        """``casework_scope`` as computed (form buttons) and as searched
        (record rules) agree, for each role."""
        dossiers = self.dossier_north | self.dossier_north_other | self.dossier_south
        for role, (scope_north, scope_south) in SCOPES.items():
            user = getattr(self, role)
            with self.subTest(role=role):
                sudo_as_user = dossiers.with_user(user).sudo()
                computed = {d.id: d.casework_scope for d in sudo_as_user}
                self.assertEqual(computed[self.dossier_north.id], scope_north or False)
                self.assertEqual(computed[self.dossier_south.id], scope_south or False)
                for mode in ("read", "write"):
                    searched = set(sudo_as_user.search([
                        ("id", "in", dossiers.ids), ("casework_scope", "in", [mode] if mode == "write" else
                                                    ["read", "write"])]).ids)
                    expected = {i for i, scope in computed.items() if scope == "write" or (mode == "read" and scope)}
                    self.assertEqual(searched, expected, mode)

    def test_anonymised_dossier_is_the_administrators(self):
        self.dossier_north.sudo().write({"is_anonymised": True, "active": False})
        for role in ("referent", "secretariat", "manager", "fse"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.dossier_north.with_user(getattr(self, role)).read(["name"])
        self.assertTrue(self.dossier_north.with_user(self.admin).read(["name"]))
