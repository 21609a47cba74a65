from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon

VALID_SIRET = "73282932000074"


class DirectoryCommon(CaseworkCommon):
    """The kernel's users and dossiers, and a small directory: an operator
    for the RSA programme, an employer for every programme, a prescriber
    for PLIE, a company without profile and a person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]
        cls.org_operator = Partner.create({
            "name": "Insertion Ardèche", "is_company": True, "country_id": cls.france.id,
            "company_registry": VALID_SIRET, "casework_naf_code": "88.99B", "casework_legal_form": "association",
            "casework_contact_user_id": cls.manager.id,
            "casework_profile_ids": [Command.create({"role": "operator", "program_id": cls.rsa.id})],
        })
        cls.org_employer = Partner.create({
            "name": "Boulangerie du Vivarais", "is_company": True,
            "casework_profile_ids": [Command.create({"role": "employer"})],
        })
        cls.org_prescriber = Partner.create({
            "name": "France Travail Privas", "is_company": True,
            "casework_profile_ids": [Command.create({"role": "prescriber", "program_id": cls.plie.id})],
        })
        cls.company_plain = Partner.create({"name": "Garage Central", "is_company": True})
        cls.person = Partner.create({"name": "Jean Martin"})


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestDirectory(DirectoryCommon):
    def test_profile_domain(self):
        Partner = self.env["res.partner"]
        directory = self.org_operator | self.org_employer | self.org_prescriber
        self.assertEqual(Partner.search(Partner._casework_profile_domain("employer")), self.org_employer)
        self.assertEqual(Partner.search(Partner._casework_profile_domain("operator")), self.org_operator)
        self.assertEqual(Partner.search(Partner._casework_profile_domain()) & directory, directory)
        # a profile without programme holds for every programme
        self.assertEqual(
            Partner.search(Partner._casework_profile_domain("employer", self.plie.ids)), self.org_employer,
        )
        self.assertEqual(
            Partner.search(Partner._casework_profile_domain("prescriber", self.rsa.ids)), Partner,
        )
        self.assertEqual(
            Partner.search(Partner._casework_profile_domain("prescriber", self.plie.ids)), self.org_prescriber,
        )
        found = Partner.search(Partner._casework_profile_domain())
        self.assertNotIn(self.company_plain, found, "a company without profile is not in the directory")
        self.assertNotIn(self.person, found)
        with self.assertRaises(ValueError):
            Partner._casework_profile_domain("cook")

    def test_profile_roles_shown(self):
        self.org_operator.casework_profile_ids = [Command.create({"role": "employer"})]
        self.assertEqual(self.org_operator.casework_profile_roles, "Employer, Operator")

    def test_beneficiary_partner_never_in_pickers(self):
        """The person of a dossier never gets a profile, so no picker of the
        directory offers them, even to the referent who reads them."""
        partner = self.dossier_north.partner_id
        with self.assertRaisesMessage(ValidationError, "only organisations (companies) of the directory"):
            self.env["casework.partner.profile"].create({"partner_id": partner.id, "role": "employer"})
        with self.assertRaisesMessage(ValidationError, "is not an organisation"):
            self.env["casework.partner.profile"].create({"partner_id": self.person.id, "role": "prescriber"})
        Partner = self.env["res.partner"].with_user(self.referent)
        for role in ("employer", "prescriber", "accompanist", "ordering_party", "operator", "funder"):
            found = Partner.name_search("Dupont", domain=Partner._casework_profile_domain(role))
            self.assertFalse(found, f"the dossier's person is not offered as {role}")
            self.assertFalse(Partner.search(Partner._casework_profile_domain(role)).casework_beneficiary_ids)
        with self.assertRaisesMessage(ValidationError, "must remain an organisation"):
            self.org_employer.is_company = False

    def test_naf_code(self):
        self.assertEqual(self.org_operator.casework_naf_code, "88.99B")
        self.org_employer.casework_naf_code = " 10.71c "
        self.assertEqual(self.org_employer.casework_naf_code, "10.71C", "written as the INSEE does")
        for wrong in ("8899B", "88.99", "88-99B", "A8.99B"):
            with self.assertRaisesMessage(ValidationError, "is not valid: it is written as two digits"):
                self.org_employer.casework_naf_code = wrong
                self.env.flush_all()

    def test_siret_checked_for_french_organisations(self):
        self.assertEqual(self.org_operator.company_registry, VALID_SIRET)
        organisation = self.env["res.partner"].with_user(self.manager)
        with self.assertRaisesMessage(ValidationError, "invalid: the checksum is wrong"):
            organisation.create({
                "name": "Chantier d'insertion", "is_company": True, "country_id": self.france.id,
                "company_registry": "73282932000075",
            })
        with self.assertRaisesMessage(ValidationError, "it should have 14 digits"):
            self.org_operator.with_user(self.manager).company_registry = "7328293200"
        # spaces are removed, a valid number is kept
        self.org_operator.with_user(self.manager).company_registry = "732 829 320 00074"
        self.assertEqual(self.org_operator.company_registry, VALID_SIRET)

    def test_every_role_reads_the_directory(self):
        users = (self.referent, self.referent_south, self.secretariat, self.manager, self.fse, self.finance,
                 self.operator, self.admin)
        for user in users:
            with self.subTest(user=user.login):
                organisation = self.org_operator.with_user(user)
                self.assertEqual(organisation.name, "Insertion Ardèche")
                self.assertEqual(organisation.company_registry, VALID_SIRET)
                self.assertEqual(organisation.casework_profile_ids.role, "operator")
                Partner = self.env["res.partner"].with_user(user)
                self.assertIn(self.org_employer, Partner.search(Partner._casework_profile_domain("employer")))

    def test_who_changes_the_directory(self):
        def rename(user):
            return lambda: self.org_operator.with_user(user).write({"casework_naf_code": "88.10A"})

        def create(user):
            return lambda: self.env["res.partner"].with_user(user).create({
                "name": "Mission locale", "is_company": True,
                "casework_profile_ids": [Command.create({"role": "prescriber"})],
            })

        def add_profile(user):
            return lambda: self.env["casework.partner.profile"].with_user(user).create({
                "partner_id": self.company_plain.id, "role": "employer",
            })

        def archive(user):
            return lambda: self.org_employer.with_user(user).action_archive()

        allowed = {self.manager, self.admin}
        for user in (self.referent, self.secretariat, self.manager, self.fse, self.finance, self.operator,
                     self.admin, self.outsider):
            for name, attempt in (("write", rename), ("create", create), ("profile", add_profile),
                                  ("archive", archive)):
                with self.subTest(user=user.login, operation=name):
                    self.assertEqual(self._attempt(attempt(user)), user in allowed)
            self.assertEqual(
                self.org_operator.with_user(user).casework_can_edit_directory, user in allowed, user.login,
            )

    def test_referent_still_changes_other_partners(self):
        """The rule on the directory leaves the partners a referent changes:
        the person of their dossiers, a contact they create."""
        self.assertTrue(self._attempt(lambda: self.dossier_north.with_user(self.referent).write({"city": "Aubenas"})))
        self.assertTrue(self._attempt(
            lambda: self.env["res.partner"].with_user(self.referent).create({"name": "Contact", "is_company": True})
        ))

    def test_deactivated_organisation_leaves_the_pickers(self):
        self.org_employer.with_user(self.manager).action_archive()
        Partner = self.env["res.partner"].with_user(self.referent)
        self.assertFalse(Partner.search(Partner._casework_profile_domain("employer")))
        self.assertFalse(Partner.name_search("Boulangerie", domain=Partner._casework_profile_domain("employer")))

    def test_organisation_form(self):
        with Form(self.env["res.partner"].with_user(self.manager), view="base.view_partner_form") as form:
            form.company_type = "company"
            form.name = "Atelier Chantier Vivarais"
            form.country_id = self.france
            form.company_registry = "443 061 841 00047"
            form.casework_naf_code = "88.99b"
            form.casework_legal_form = "siae"
            with form.casework_profile_ids.new() as profile:
                profile.role = "operator"
                profile.program_id = self.rsa
        organisation = form.record
        self.assertEqual(organisation.company_registry, "44306184100047")
        self.assertEqual(organisation.casework_naf_code, "88.99B")
        self.assertEqual(organisation.casework_profile_ids.program_id, self.rsa)

    def test_operator_organisation_of_a_user(self):
        """Only Casework administrators set a user's operator organisation
        (it decides what the operator reads)."""
        user_admin = new_test_user(
            self.env, login="cw_users_admin", password=PASSWORD, groups="base.group_erp_manager",
        )
        casework_admin = new_test_user(
            self.env, login="cw_users_casework_admin", password=PASSWORD,
            groups="base.group_erp_manager,casework_base.group_casework_admin",
        )
        with self.assertRaisesMessage(AccessError, "Only Casework administrators"):
            self.operator.with_user(user_admin).casework_operator_partner_id = self.org_operator
        with self.assertRaisesMessage(AccessError, "Only Casework administrators"):
            self.env["res.users"].with_user(user_admin).create({
                "name": "Opératrice", "login": "cw_new_operator", "casework_operator_partner_id": self.org_operator.id,
            })
        self.operator.with_user(casework_admin).casework_operator_partner_id = self.org_operator
        self.assertEqual(self.operator.casework_operator_partner_id, self.org_operator)
        # the operator reads their own organisation, and may not change it
        self.assertEqual(self.operator.with_user(self.operator).casework_operator_partner_id, self.org_operator)
        with self.assertRaises(AccessError):
            self.operator.with_user(self.operator).write({"casework_operator_partner_id": False})
