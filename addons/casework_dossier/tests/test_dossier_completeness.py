import logging
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon

_logger = logging.getLogger(__name__)


class CompletenessCommon(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jobseeker = cls.env.ref("casework_dossier.situation_type_jobseeker_registered")
        cls.level_3 = cls.env.ref("casework_dossier.education_level_3")
        cls.level_5 = cls.env.ref("casework_dossier.education_level_5")
        cls.level_6 = cls.env.ref("casework_dossier.education_level_6")
        cls.licence_b = cls.env.ref("casework_dossier.driving_licence_b")
        cls.secretary_job = cls.env.ref("casework_dossier.rome_job_m1607")
        cls.france = cls.env.ref("base.fr")

    def _complete_vals(self):
        """Everything the default configuration requires, and a physical
        meeting, on top of common.py's dossier."""
        return {
            "birth_name": "Martin",
            "nationality_id": self.france.id,
            "zip": "07000",
            "personal_situation_ids": [Command.create({"family_situation": "single", "dependants": 1})],
            "mobility_ids": [Command.create({"vehicle": "none", "licence_ids": [Command.set(self.licence_b.ids)]})],
            "education_ids": [Command.create({"name": "CAP Petite enfance", "level_id": self.level_3.id})],
            "situation_ids": [Command.create({"type_id": self.jobseeker.id, "date_start": date(2026, 2, 3)})],
            "project_ids": [
                Command.create({"name": "Assistante administrative", "job_ids": [Command.set(self.secretary_job.ids)]})
            ],
        }

    def _section_state(self, dossier, code):
        return dossier.section_state_ids.filtered(lambda s: s.section_id.code == code)


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestQuickCreationAndStatus(CompletenessCommon):
    def test_quick_creation_gives_a_partial_dossier(self):
        form = Form(self.env["casework.beneficiary"].with_user(self.secretariat))
        form.civility = "m"
        form.first_name = "Luc"
        form.usage_name = "Skywalker"
        form.birth_date = date(1997, 5, 25)
        dossier = form.save()
        self.assertEqual(dossier.territory_id, self.north, "territory defaulted from the user")
        self.assertEqual(dossier.dossier_status, "partiel")
        self.assertFalse(dossier.is_complete)
        self.assertEqual(len(dossier.section_state_ids), 8, "one line per section")
        identity = self._section_state(dossier, "identite")
        self.assertEqual(identity.last_update, datetime(2026, 11, 15, 10, 0))
        self.assertEqual(identity.completeness, "incomplete", "birth name and nationality are required")
        self.assertFalse(self._section_state(dossier, "coordonnees").last_update)

    def test_quick_form_view_has_four_identity_fields(self):
        form = Form(self.env["casework.beneficiary"].with_user(self.secretariat),
                    view="casework_base.casework_beneficiary_view_form_quick")
        form.civility = "mme"
        form.first_name = "Leïa"
        form.usage_name = "Organa"
        form.birth_date = date(1997, 5, 25)
        self.assertEqual(form.save().dossier_status, "partiel")

    def test_complete_dossier(self):
        dossier = self.dossier_north
        dossier.write(self._complete_vals())
        self.assertEqual(dossier.dossier_status, "partiel", "no physical meeting yet")
        dossier.sudo().last_meeting_date = date(2026, 11, 10)
        self.assertEqual(dossier.dossier_status, "complet")
        self.assertTrue(dossier.is_complete)
        self.assertTrue(all(dossier.section_state_ids.mapped("is_complete")))

    def test_each_missing_condition_keeps_it_partial(self):
        breakers = {
            "no physical meeting": lambda d: d.sudo().write({"last_meeting_date": False}),
            "required field empty": lambda d: d.write({"zip": False}),
            "required section empty": lambda d: d.mobility_ids.unlink(),
            "situation ended": lambda d: d.situation_ids.write({"date_end": date(2026, 11, 1)}),
            "situation not started": lambda d: d.situation_ids.write({"date_start": date(2026, 12, 1)}),
        }
        for reason, breaker in breakers.items():
            with self.subTest(reason=reason):
                dossier = self._create_dossier("Petit", "Jean", self.north, self.referent, **self._complete_vals())
                dossier.sudo().last_meeting_date = date(2026, 11, 10)
                self.assertEqual(dossier.dossier_status, "complet")
                breaker(dossier.with_user(self.referent))
                self.assertEqual(dossier.dossier_status, "partiel", reason)
                self.assertFalse(dossier.is_complete)

    def test_situation_ending_is_caught_by_the_daily_job(self):
        dossier = self.dossier_north
        vals = self._complete_vals()
        vals["situation_ids"] = [Command.create({
            "type_id": self.jobseeker.id, "date_start": date(2026, 2, 3), "date_end": date(2026, 11, 30)})]
        dossier.write(vals)
        dossier.sudo().last_meeting_date = date(2026, 11, 10)
        self.assertEqual(dossier.dossier_status, "complet")
        with freeze_time("2026-12-02"):
            self._run_status_job()
            self.assertEqual(dossier.dossier_status, "partiel")

    def _run_status_job(self, **kwargs):
        """The daily job, its commits of progress made no-ops (the test's
        transaction is rolled back); returns the number of queries it made."""
        self.env.flush_all()
        self.env.invalidate_all()
        with patch.object(self.env.cr, "commit", lambda: None):
            before = self.env.cr.sql_log_count
            self.env["casework.beneficiary"]._cron_update_dossier_status(**kwargs)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

    def _ending_dossiers(self, count, date_end=date(2026, 11, 30)):
        """``count`` complete dossiers whose only situation ends on ``date_end``."""
        dossiers = self.env["casework.beneficiary"]
        for index in range(count):
            vals = self._complete_vals()
            vals["situation_ids"] = [Command.create({
                "type_id": self.jobseeker.id, "date_start": date(2026, 2, 3), "date_end": date_end})]
            dossiers |= self._create_dossier(f"Nom{index}", "Prénom", self.north, self.referent,
                                             last_meeting_date=date(2026, 11, 10), **vals)
        self.assertEqual(set(dossiers.mapped("dossier_status")), {"complet"})
        return dossiers

    def test_status_job_queries_do_not_grow_with_the_dossiers(self):
        # complete all along: each run reads the fields of the sections (once for all the dossiers)
        self._ending_dossiers(2, date(2027, 12, 31))
        warm = self._ending_dossiers(1, date(2026, 11, 18))
        small = self._ending_dossiers(3, date(2026, 11, 30))
        large = self._ending_dossiers(12, date(2026, 12, 5))
        with freeze_time("2026-11-20"):
            self._run_status_job()  # one change: warms the caches of the configuration and of the audit
        self.assertEqual(warm.dossier_status, "partiel")
        with freeze_time("2026-12-02"):
            queries_small = self._run_status_job()
        self.assertEqual(set(small.mapped("dossier_status")), {"partiel"})
        self.assertEqual(set(large.mapped("dossier_status")), {"complet"})
        Log = self.env["auditlog.log"]
        last_log = Log.search([], order="id desc", limit=1).id
        with freeze_time("2026-12-07"):
            queries_large = self._run_status_job()
            # nothing changes any more: the next run only reads
            queries_idle = self._run_status_job()
        self.assertEqual(set(large.mapped("dossier_status")), {"partiel"})
        # each change is still in the audit trail, the dossier named by its display name
        logs = Log.search([("id", ">", last_log), ("method", "=", "write"), ("model_model", "=", large._name)])
        self.assertEqual(sorted(logs.mapped("res_id")), sorted(large.ids))
        self.assertEqual(set(logs.mapped("name")), set(large.mapped("display_name")))
        self.assertIn("dossier_status", logs.line_ids.field_id.mapped("name"))
        _logger.info("Dossier status job over 18 dossiers: %s queries when 3 change, %s when 12 change, "
                     "%s when none does", queries_small, queries_large, queries_idle)
        self.assertEqual(
            queries_large, queries_small, f"{queries_large} queries when 12 dossiers change, {queries_small} for 3"
        )
        self.assertLess(queries_idle, queries_small)

        # as many queries to read 18 dossiers or 118 with nothing to change
        self._ending_dossiers(100, date(2026, 12, 31))
        with freeze_time("2026-12-08"):
            self._run_status_job()
            queries_idle_many = self._run_status_job()
        self.assertEqual(queries_idle_many, queries_idle, "the same queries for 118 dossiers as for 18")

    def test_status_job_commits_each_batch(self):
        dossiers = self._ending_dossiers(5)
        commits = []
        with freeze_time("2026-12-02"), patch.object(self.env.cr, "commit", lambda: commits.append(1)):
            self.env.flush_all()
            self.env["casework.beneficiary"]._cron_update_dossier_status(batch_size=2)
        self.assertEqual(set(dossiers.mapped("dossier_status")), {"partiel"})
        self.assertGreaterEqual(len(commits), 4, "the remaining count, then each batch of two")

    def test_status_is_not_set_by_hand(self):
        for user in (self.referent, self.secretariat, self.manager):
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
                self.dossier_north.with_user(user).write({"dossier_status": "complet"})
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
                self.dossier_north.with_user(user).write({"identity_justified": True})


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestJustifiedIdentity(CompletenessCommon):
    def test_justify_locks_the_identity(self):
        dossier = self.dossier_north
        dossier.with_user(self.referent).action_justify_identity()
        self.assertTrue(dossier.identity_justified)
        self.assertEqual(dossier.dossier_status, "justifie")
        self.assertEqual(dossier.identity_justified_by_id, self.referent)
        self.assertEqual(dossier.identity_justified_date, datetime(2026, 11, 15, 10, 0))
        self.assertIn("Identity justified", dossier.message_ids[:1].body)
        for user in (self.referent, self.secretariat, self.manager):
            as_user = dossier.with_user(user)
            with self.subTest(user=user.login):
                self.assertFalse(as_user.can_edit_identity)
                for vals in ({"first_name": "Marion"}, {"civility": "m"}, {"birth_name": "Durand"},
                             {"birth_date": date(1985, 3, 13)}):
                    with self.assertRaisesMessage(UserError, "justified"):
                        as_user.write(vals)
                as_user.write({"usage_name": f"Dupont-{user.id}"})
                as_user.write({"first_name": "Marie", "birth_date": "1985-03-12"})  # unchanged values pass
        self.assertEqual(dossier.first_name, "Marie")
        as_admin = dossier.with_user(self.admin)
        self.assertTrue(as_admin.can_edit_identity)
        as_admin.write({"first_name": "Marion", "birth_date": date(1985, 3, 13)})
        self.assertEqual(dossier.name, f"DUPONT-{self.manager.id} Marion")

    def test_justified_identity_is_readonly_in_the_form(self):
        self.dossier_north.with_user(self.referent).action_justify_identity()
        form = Form(self.dossier_north.with_user(self.referent))
        for fname in ("civility", "first_name", "birth_name", "birth_date"):
            with self.subTest(field=fname), self.assertRaises(AssertionError):
                setattr(form, fname, False)
        form.usage_name = "Durand"
        form.save()
        self.assertEqual(self.dossier_north.name, "DURAND Marie")
        form = Form(self.dossier_north.with_user(self.admin))
        form.first_name = "Marion"
        form.save()
        self.assertEqual(self.dossier_north.name, "DURAND Marion")

    def test_justify_outside_scope_refused(self):
        for user in (self.referent, self.secretariat, self.fse, self.finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.dossier_south.with_user(user).action_justify_identity()
        self.assertFalse(self.dossier_south.identity_justified)
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.fse).action_justify_identity()

    def test_justify_several_and_withdraw(self):
        dossiers = self.dossier_north | self.dossier_north_other
        dossiers.with_user(self.secretariat).action_justify_identity()
        self.assertEqual(set(dossiers.mapped("dossier_status")), {"justifie"})
        with self.assertRaisesMessage(AccessError, "administrator"):
            dossiers.with_user(self.manager).action_unjustify_identity()
        dossiers.with_user(self.admin).action_unjustify_identity()
        self.assertEqual(set(dossiers.mapped("dossier_status")), {"partiel"})
        self.assertTrue(
            dossiers.with_user(self.referent).filtered_domain([("id", "=", self.dossier_north.id)]).can_edit_identity
        )


@tagged("post_install", "-at_install")
class TestSections(CompletenessCommon):
    def test_section_completeness_and_last_update(self):
        with freeze_time("2026-11-15 10:00:00"):
            dossier = self._create_dossier("Petit", "Jean", self.north, self.referent)
        mobility = self._section_state(dossier, "mobilite")
        self.assertFalse(mobility.last_update)
        self.assertEqual(mobility.completeness, "incomplete")
        coordinates = self._section_state(dossier, "coordonnees")
        self.assertEqual(coordinates.last_update, datetime(2026, 11, 15, 10, 0), "phone given at creation")
        self.assertIn("Zip", coordinates.missing_fields)
        with freeze_time("2026-11-20 09:30:00"):
            self.env["casework.mobility"].with_user(self.referent).create({
                "beneficiary_id": dossier.id, "vehicle": "bicycle", "travel_radius_km": 15})
            dossier.with_user(self.referent).write({"zip": "07000"})
        dossier.invalidate_recordset()
        self.assertEqual(mobility.last_update, datetime(2026, 11, 20, 9, 30))
        self.assertEqual(mobility.completeness, "complete")
        self.assertEqual(coordinates.last_update, datetime(2026, 11, 20, 9, 30))
        self.assertEqual(coordinates.completeness, "complete")
        self.assertEqual(self._section_state(dossier, "identite").last_update, datetime(2026, 11, 15, 10, 0))
        loisirs = self._section_state(dossier, "loisirs")
        self.assertEqual(loisirs.completeness, "complete", "nothing required there by default")
        with freeze_time("2026-11-25 08:00:00"):
            dossier.mobility_ids.with_user(self.referent).unlink()
        self.assertEqual(mobility.last_update, datetime(2026, 11, 25, 8, 0), "a deletion dates the section too")
        self.assertEqual(mobility.completeness, "incomplete")

    def test_requirements_are_configuration(self):
        dossier = self.dossier_north
        line = self.env.ref("casework_dossier.dossier_section_field_zip")
        self.assertIn("Zip", self._section_state(dossier, "coordonnees").missing_fields)
        line.with_user(self.admin).level = "optional"
        dossier.invalidate_recordset()
        self.assertEqual(self._section_state(dossier, "coordonnees").completeness, "complete")
        with self.assertRaises(AccessError):
            line.with_user(self.manager).level = "required"

    def test_new_section_shows_on_every_dossier(self):
        section = self.env["casework.dossier.section"].with_user(self.admin).create({
            "name": "Droits", "code": "droits", "sequence": 95,
            "field_line_ids": [Command.create({
                "field_id": self.env["ir.model.fields"]._get("casework.beneficiary", "memo").id, "level": "required"})],
        })
        state = self.dossier_north.section_state_ids.filtered(lambda s: s.section_id == section)
        self.assertTrue(state)
        self.assertEqual(state.completeness, "incomplete")
        self.assertEqual(state.missing_fields, "Memo")
        self.dossier_north.with_user(self.referent).memo = "Droits ouverts"
        self.assertTrue(state.last_update)
        self.assertEqual(state.completeness, "complete")

    def test_section_lines_of_a_bulk_created_dossier_come_when_opened(self):
        # the daily feed inserts dossiers in bulk, without their section lines
        self.dossier_north.section_state_ids.sudo().unlink()
        self.dossier_north.with_user(self.referent).web_read({"section_state_ids": {"fields": {"section_id": {}}}})
        self.dossier_north.invalidate_recordset(["section_state_ids"])
        sections = self.env["casework.dossier.section"].search([])
        self.assertEqual(self.dossier_north.section_state_ids.section_id, sections)

    def test_section_states_survive_a_merge(self):
        """A generic merge moves every record pointing to the merged dossier
        onto the survivor; one state per section remains, the latest."""
        survivor, merged = self.dossier_north, self.dossier_north_other
        with freeze_time("2030-01-07 09:00:00"):
            merged.write({"zip": "07000"})
        merged.section_state_ids.write({"beneficiary_id": survivor.id})
        self.assertEqual(len(survivor.section_state_ids), 8)
        self.assertEqual(self._section_state(survivor, "coordonnees").last_update, datetime(2030, 1, 7, 9, 0))

    def test_mandatory_field_blocks_the_save(self):
        self.env.ref("casework_dossier.dossier_section_field_phone").with_user(self.admin).level = "mandatory"
        # quick creation is not blocked: the contact section is not started
        quick = self.env["casework.beneficiary"].with_user(self.secretariat).create({
            "civility": "m", "first_name": "Luc", "usage_name": "Skywalker", "birth_date": date(1997, 5, 25)})
        with self.assertRaisesMessage(ValidationError, "Coordonnées: Phone"):
            quick.write({"street": "3 place de la Mairie"})
        with self.assertRaisesMessage(ValidationError, "mandatory fields are missing"):
            self.dossier_north.with_user(self.referent).write({"phone": False})
        quick.write({"street": "3 place de la Mairie", "phone": "06 11 22 33 44"})
        self.assertEqual(quick.street, "3 place de la Mairie")
        # a dossier that does not meet a new requirement is only blocked when its section is edited
        old = self._create_dossier("Ancien", "Paul", self.north, self.referent, phone=False)
        self.env.ref("casework_dossier.dossier_section_field_zip").with_user(self.admin).level = "mandatory"
        old.with_user(self.referent).write({"memo": "Vu en entretien"})
        old.sudo().write({"last_meeting_date": date(2026, 11, 10)})
        with self.assertRaisesMessage(ValidationError, "Coordonnées: Phone, Zip"):
            old.with_user(self.referent).write({"city": "Aubenas"})

    def test_required_fields_marked_in_the_form(self):
        views = self.env["casework.beneficiary"].with_user(self.referent).get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertIn('name="zip"', arch)
        self.assertRegex(arch, r'<field name="zip"[^>]*o_casework_required')
        self.assertRegex(arch, r'<field name="civility"[^>]*o_casework_mandatory')

    def test_best_diploma(self):
        dossier = self.dossier_north
        Education = self.env["casework.education"].with_user(self.referent)
        Education.create(
            {"beneficiary_id": dossier.id, "name": "CAP Cuisine", "level_id": self.level_3.id, "year": 2004}
        )
        self.assertEqual(dossier.education_level_id, self.level_3)
        Education.create(
            {"beneficiary_id": dossier.id, "name": "BTS Assistant manager", "level_id": self.level_5.id, "year": 2008}
        )
        Education.create({"beneficiary_id": dossier.id, "name": "Licence de droit", "level_id": self.level_6.id,
                          "year": 2010, "obtained": False})
        self.assertEqual(dossier.best_education_id.name, "BTS Assistant manager")
        self.assertEqual(dossier.education_level_id, self.level_5)
        self.assertEqual(dossier.search([("education_level_id.rank", ">=", 5), ("id", "=", dossier.id)]), dossier)

    def test_rome_referential_loaded(self):
        Job = self.env["casework.rome.job"]
        self.assertGreater(Job.search_count([]), 500)
        self.assertEqual(self.env["casework.rome.domain"].search_count([]), 14)
        self.assertEqual(Job.name_search("K1201")[0][1], "K1201 – Action sociale")
        self.assertEqual(self.env.ref("casework_dossier.rome_job_k1201").domain_id.code, "K")

    def test_content_validations(self):
        Situation = self.env["casework.personal.situation"].with_user(self.referent)
        with self.assertRaisesMessage(ValidationError, "agrees"):
            Situation.create({"beneficiary_id": self.dossier_north.id, "family_situation": "single",
                              "health_notes": "Diabète"})
        Situation.create({"beneficiary_id": self.dossier_north.id, "family_situation": "single",
                          "health_consent": True, "health_notes": "Diabète"})
        with self.assertRaisesMessage(ValidationError, "before it starts"):
            self.env["casework.situation"].create({
                "beneficiary_id": self.dossier_north.id, "type_id": self.jobseeker.id,
                "date_start": date(2026, 5, 1), "date_end": date(2026, 4, 1),
            })


# role -> (read in scope, read out of scope, write in scope, write out of scope, create in scope, unlink in scope)
CONTENT_MATRIX = {
    "referent": (True, False, True, False, True, True),
    "referent_other": (False, False, False, False, False, False),
    "secretariat": (True, False, True, False, True, True),
    "manager": (True, False, True, False, True, True),
    "fse": (True, False, False, False, False, False),
    "finance": (False, False, False, False, False, False),
    "operator": (False, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False),
    "admin": (True, True, True, True, True, True),
}


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestContentAccess(CompletenessCommon):
    """The records of the sections follow their dossier; they never open a
    way to the identity of a person out of scope."""

    def test_content_matrix(self):
        samples = {
            "casework.personal.situation": {"family_situation": "single"},
            "casework.mobility": {"vehicle": "car"},
            "casework.education": {"name": "CAP", "level_id": self.level_3.id},
            "casework.situation": {"type_id": self.jobseeker.id, "date_start": date(2026, 1, 1)},
            "casework.professional.project": {"name": "Aide à domicile"},
            "casework.employment.barrier": {"type_id": self.env.ref("casework_dossier.barrier_type_no_licence").id},
            "casework.work.immersion": {"company_name": "Boulangerie Martin", "date_start": date(2026, 3, 1),
                                        "date_end": date(2026, 3, 14)},
            "casework.language.skill": {"language": "Anglais", "level": "a2"},
            "casework.digital.skill": {"name": "Messagerie", "level": "beginner"},
            "casework.leisure": {"name": "Football"},
        }
        for model, vals in samples.items():
            north = self.env[model].create({"beneficiary_id": self.dossier_north.id, **vals})
            south = self.env[model].create({"beneficiary_id": self.dossier_south.id, **vals})
            for role, expected in CONTENT_MATRIX.items():
                user = getattr(self, role)
                with self.subTest(model=model, role=role):
                    got = (
                        self._attempt(lambda: north.with_user(user).read(["beneficiary_id"])),
                        self._attempt(lambda: south.with_user(user).read(["beneficiary_id"])),
                        self._attempt(lambda: north.with_user(user).write({})) and self._attempt(
                            lambda: north.with_user(user).write({"beneficiary_id": self.dossier_north.id})),
                        self._attempt(lambda: south.with_user(user).write({"beneficiary_id": self.dossier_south.id})),
                        self._attempt(lambda: self.env[model].with_user(user).create(
                            {"beneficiary_id": self.dossier_north.id, **vals})),
                        self._attempt(lambda: north.with_user(user).unlink()),
                    )
                    self.assertEqual(got, expected)

    def test_section_states_follow_the_dossier(self):
        north = self.dossier_north.section_state_ids
        self.assertTrue(north)
        self.assertTrue(self._attempt(lambda: north.with_user(self.referent).read(["last_update", "completeness"])))
        for user in (self.referent_other, self.referent_south, self.finance, self.operator):
            with self.subTest(user=user.login):
                self.assertFalse(self._attempt(lambda: north.with_user(user).read(["last_update"])))
        self.assertFalse(self._attempt(lambda: north.with_user(self.referent).write({"last_update": False})))

    def test_identity_not_reachable_through_content(self):
        situation = self.env["casework.situation"].create({
            "beneficiary_id": self.dossier_north.id, "type_id": self.jobseeker.id, "date_start": date(2026, 1, 1)})
        secretariat_south = new_test_user(
            self.env, login="cw_sec_south", groups="base.group_user,casework_base.group_casework_secretariat",
            password=PASSWORD)
        secretariat_south.casework_territory_ids = self.south
        for user in (self.referent_other, self.referent_south, secretariat_south):
            Situation = self.env["casework.situation"].with_user(user)
            with self.subTest(user=user.login):
                if Situation.has_access("read"):
                    self.assertFalse(Situation.search([("beneficiary_id.name", "ilike", "Dupont")]))
                    self.assertFalse(Situation.search([("beneficiary_id", "=", self.dossier_north.id)]))
                    self.assertFalse(Situation.search_read([("id", "=", situation.id)], ["beneficiary_id"]))
                with self.assertRaises(AccessError):
                    situation.with_user(user).beneficiary_id.name  # noqa: B018
                with self.assertRaises(AccessError):
                    situation.with_user(user).read(["beneficiary_id"])
        for user in (self.finance, self.operator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["casework.situation"].with_user(user).search([])


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestCurriculumVitae(CompletenessCommon):
    def test_cv_renders_the_dossier(self):
        dossier = self.dossier_north
        dossier.write(self._complete_vals() | {
            "immersion_ids": [Command.create({
                "company_name": "Mairie de Privas", "date_start": date(2026, 3, 2), "date_end": date(2026, 3, 13),
                "job_id": self.secretary_job.id})],
            "language_ids": [Command.create({"language": "Anglais", "level": "b1"})],
            "digital_skill_ids": [Command.create({"name": "Traitement de texte", "level": "intermediate"})],
            "leisure_ids": [Command.create({"name": "Handball", "description": "en club depuis 10 ans"})],
        })
        html, report_format = self.env["ir.actions.report"].with_user(self.referent)._render_qweb_html(
            "casework_dossier.casework_beneficiary_cv_report", dossier.ids)
        self.assertEqual(report_format, "html")
        html = html.decode()
        for expected in ("Marie", "DUPONT", "12 rue des Lilas", "07000 Privas", "06 12 34 56 78",
                         "marie.dupont@example.org",
                         "CAP Petite enfance", "Mairie de Privas", "Secrétariat", "Anglais", "Traitement de texte",
                         "Handball", "Assistante administrative", "Driving licence B"):
            self.assertIn(expected, html)

    def test_cv_out_of_scope_refused(self):
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.referent)._render_qweb_html(
                "casework_dossier.casework_beneficiary_cv_report", self.dossier_south.ids)
