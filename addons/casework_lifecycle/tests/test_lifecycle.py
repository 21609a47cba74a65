import base64
import io
import logging
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import SQL

from odoo.addons.casework_base.tests.common import CaseworkCommon

_logger = logging.getLogger(__name__)


class LifecycleCommon(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.youth = cls.env.ref("casework_base.program_youth_guarantee")
        cls.rule_no_meeting = cls.env.ref("casework_lifecycle.retention_rule_no_meeting")
        cls.rule_age = cls.env.ref("casework_lifecycle.retention_rule_age")

    def _exited(self, program, entry, exit_date):
        return [Command.create({
            "program_id": program.id, "date_entry": entry, "date_exit": exit_date, "exit_motive_id": self.motive.id,
        })]

    def _set_create_date(self, dossier, when):
        self.env.flush_all()
        self.env.cr.execute("UPDATE casework_beneficiary SET create_date = %s WHERE id = %s", [when, dossier.id])
        dossier.invalidate_recordset(["create_date"])

    def _run_cron(self, xmlid):
        with self.enter_registry_test_mode():
            result = self.env.ref(xmlid).method_direct_trigger()
        self.assertIs(result, True, result)
        self.env.invalidate_all()


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestDormancy(LifecycleCommon):
    def test_dormant_after_five_months_and_woken_by_a_meeting(self):
        dossier = self.dossier_north
        self.assertFalse(dossier.is_dormant)
        dossier.sudo().last_meeting_date = date(2026, 6, 15)  # exactly 5 months ago: not yet
        self.assertFalse(dossier.is_dormant)
        dossier.sudo().last_meeting_date = date(2026, 6, 14)
        self.assertTrue(dossier.is_dormant)
        self.assertIn(dossier, self.env["casework.beneficiary"].search([("is_dormant", "=", True)]))
        # a new meeting makes it active again at once
        dossier.sudo().last_meeting_date = date(2026, 11, 10)
        self.assertFalse(dossier.is_dormant)

    def test_daily_job_follows_the_clock_and_the_setting(self):
        dossier = self.dossier_north
        dossier.sudo().last_meeting_date = date(2026, 7, 1)
        self.assertFalse(dossier.is_dormant)
        with freeze_time("2026-12-15"):
            self._run_cron("casework_lifecycle.ir_cron_casework_dormancy")
            self.assertTrue(dossier.is_dormant)
            # a longer period configured: awake again at the next run
            self.env["ir.config_parameter"].sudo().set_param("casework_lifecycle.dormant_months", "12")
            self._run_cron("casework_lifecycle.ir_cron_casework_dormancy")
            self.assertFalse(dossier.is_dormant)

    def test_dossier_without_meeting_counts_from_its_creation(self):
        dossier = self.dossier_south
        self._set_create_date(dossier, "2026-05-01 10:00:00")
        self._run_cron("casework_lifecycle.ir_cron_casework_dormancy")
        self.assertTrue(dossier.is_dormant)
        self.assertFalse(self.dossier_north.is_dormant)

    def test_setting_in_configuration(self):
        settings = self.env["res.config.settings"].create({"casework_dormant_months": 8})
        settings.execute()
        self.assertEqual(self.env["casework.beneficiary"]._casework_dormant_months(), 8)


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestRetentionRules(LifecycleCommon):
    def _matches(self, rule):
        return self.env["casework.beneficiary"].with_context(active_test=False).search(rule._get_dossier_domain())

    def test_no_meeting_for_29_months(self):
        def old_dossier(name, meeting, exit_date=date(2024, 1, 10), ongoing=False):
            enrolments = self._exited(self.rsa, date(2023, 1, 2), exit_date)
            if ongoing:
                enrolments.append(Command.create({"program_id": self.plie.id, "date_entry": date(2023, 1, 2)}))
            dossier = self._create_dossier(name, "Jean", self.north, self.referent, start=date(2023, 1, 2),
                                           enrollment_ids=enrolments)
            dossier.sudo().last_meeting_date = meeting
            self._set_create_date(dossier, "2023-01-02 09:00:00")
            return dossier

        archived = old_dossier("Ancien", date(2024, 6, 14))  # 29 months and a day
        boundary = old_dossier("Limite", date(2024, 6, 15))  # exactly 29 months
        ongoing = old_dossier("Encours", date(2024, 1, 5), ongoing=True)
        recent_exit = old_dossier("Sorti", date(2024, 1, 5), exit_date=date(2025, 3, 1))
        never_met = old_dossier("Jamais", False)
        matches = self._matches(self.rule_no_meeting)
        self.assertIn(archived, matches)
        self.assertIn(never_met, matches)
        for dossier in (boundary, ongoing, recent_exit, self.dossier_north, self.dossier_south):
            self.assertNotIn(dossier, matches)

        self._run_cron("casework_lifecycle.ir_cron_casework_retention")
        for dossier in (archived, never_met):
            self.assertTrue(dossier.is_anonymised)
            self.assertFalse(dossier.active)
            self.assertEqual(dossier.anonymisation_rule_id, self.rule_no_meeting)
            self.assertEqual(dossier.anonymised_date, date(2026, 11, 15))
        for dossier in (boundary, ongoing, recent_exit, self.dossier_north):
            self.assertFalse(dossier.is_anonymised)
            self.assertTrue(dossier.active)
        self.assertNotIn("Ancien", archived.partner_id.name)

    def test_aged_27_without_ongoing_youth_programme(self):
        def young(name, birth_date, program, ongoing=False):
            if ongoing:
                enrolments = [Command.create({"program_id": program.id, "date_entry": date(2025, 1, 6)})]
            else:
                enrolments = self._exited(program, date(2025, 1, 6), date(2026, 6, 30))
            return self._create_dossier(name, "Léa", self.north, self.referent, birth_date=birth_date,
                                        enrollment_ids=enrolments)

        aged_27 = young("Vingtsept", date(1999, 11, 15), self.youth)
        aged_26 = young("Vingtsix", date(1999, 11, 16), self.youth)
        in_programme = young("Encours", date(1995, 1, 1), self.youth, ongoing=True)
        other_family = young("Rsa", date(1990, 1, 1), self.rsa)
        matches = self._matches(self.rule_age)
        self.assertIn(aged_27, matches)
        for dossier in (aged_26, in_programme, other_family):
            self.assertNotIn(dossier, matches)

        self._run_cron("casework_lifecycle.ir_cron_casework_retention")
        self.assertTrue(aged_27.is_anonymised)
        self.assertEqual(aged_27.age_band, "26_29")
        self.assertEqual(aged_27.anonymisation_rule_id, self.rule_age)
        for dossier in (aged_26, in_programme, other_family):
            self.assertFalse(dossier.is_anonymised)

    def test_inactive_rule_does_nothing(self):
        self.rule_age.active = False
        dossier = self._create_dossier("Inactif", "Léo", self.north, self.referent, birth_date=date(1990, 1, 1),
                                       enrollment_ids=self._exited(self.youth, date(2025, 1, 6), date(2026, 6, 30)))
        self._run_cron("casework_lifecycle.ir_cron_casework_retention")
        self.assertFalse(dossier.is_anonymised)

    def test_rule_needs_its_threshold(self):
        with self.assertRaisesMessage(ValidationError, "needs a number of months"):
            self.env["casework.retention.rule"].create({"name": "Sans seuil", "kind": "no_meeting"})

    def test_retention_rules_for_administrators_only(self):
        self.assertTrue(self.env["casework.retention.rule"].with_user(self.admin).search([]))
        for user in (self.referent, self.secretariat, self.manager, self.fse, self.finance, self.operator):
            with self.assertRaisesMessage(AccessError, "not allowed"):
                self.env["casework.retention.rule"].with_user(user).search([])
        with self.assertRaisesMessage(AccessError, "not allowed"):
            self.rule_age.with_user(self.manager).write({"age": 30})


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestManualArchival(LifecycleCommon):
    def test_referents_and_other_roles_refused(self):
        for user, dossier in [
            (self.referent, self.dossier_north),  # in scope: still not a référent's decision
            (self.referent, self.dossier_south),
            (self.fse, self.dossier_north),
            (self.finance, self.dossier_north),
            (self.operator, self.dossier_north),
            (self.outsider, self.dossier_north),
        ]:
            with self.assertRaisesMessage(AccessError, "Only the secretariat, a head of service or an administrator"):
                dossier.with_user(user).action_archive_anonymise()
            self.assertFalse(dossier.is_anonymised)

    def test_secretariat_within_its_territories(self):
        with self.assertRaisesMessage(AccessError, ""):
            self.dossier_south.with_user(self.secretariat).action_archive_anonymise()
        self.assertFalse(self.dossier_south.is_anonymised)
        self.dossier_north.with_user(self.secretariat).action_archive_anonymise()
        self.assertTrue(self.dossier_north.is_anonymised)
        self.dossier_north_other.with_user(self.manager).action_archive_anonymise()
        self.assertTrue(self.dossier_north_other.is_anonymised)
        self.dossier_south.with_user(self.admin).action_archive_anonymise()
        self.assertTrue(self.dossier_south.is_anonymised)

    def test_wizard_asks_for_confirmation(self):
        action = self.dossier_north.with_user(self.secretariat).action_open_anonymise_wizard()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.secretariat).with_context(**action["context"]))
        wizard = wizard_form.save()
        with self.assertRaisesMessage(UserError, "cannot be undone"):
            wizard.action_confirm()
        self.assertFalse(self.dossier_north.is_anonymised)
        wizard.confirm = True
        wizard.action_confirm()
        self.assertTrue(self.dossier_north.is_anonymised)
        with self.assertRaisesMessage(AccessError, ""):
            self.dossier_south.with_user(self.referent_south).action_open_anonymise_wizard()
        for user in (self.referent, self.fse, self.finance, self.operator):
            with self.assertRaisesMessage(AccessError, "not allowed"):
                self.env["casework.anonymise.wizard"].with_user(user).create(
                    {"beneficiary_ids": [Command.set(self.dossier_north.ids)], "confirm": True}
                )

    def test_out_of_reach_once_anonymised_and_irreversible(self):
        dossier = self.dossier_north
        dossier.with_user(self.admin).action_archive_anonymise()
        Beneficiary = self.env["casework.beneficiary"].with_context(active_test=False)
        for user in (self.referent, self.secretariat, self.manager, self.fse):
            self.assertNotIn(dossier, Beneficiary.with_user(user).search([]))
            with self.assertRaisesMessage(AccessError, ""):
                dossier.with_user(user).read(["number"])
            self.assertFalse(self.env["res.partner"].with_user(user).search([("id", "=", dossier.partner_id.id)]))
        self.assertIn(dossier, Beneficiary.with_user(self.admin).search([]))
        with self.assertRaisesMessage(UserError, "irreversible"):
            dossier.with_user(self.admin).action_unarchive()
        with self.assertRaisesMessage(UserError, "already anonymised"):
            dossier.with_user(self.admin).action_archive_anonymise()

    def test_consultations_kept_out_of_reach(self):
        """The anonymisation keeps the consultation lines (who opened the
        dossier, when: no identity), out of their users' reach."""
        dossier = self.dossier_north
        dossier.with_user(self.referent).web_read({"name": {}})
        Visit = self.env["casework.beneficiary.visit"]
        self.assertEqual(Visit.with_user(self.referent).search([]).beneficiary_id, dossier)
        dossier.with_user(self.admin).action_archive_anonymise()
        self.assertFalse(Visit.with_user(self.referent).search([]))
        line = Visit.search([("beneficiary_id", "=", dossier.id)])
        self.assertEqual((line.user_id, line.count), (self.referent, 1))

    def test_plain_archive_refused(self):
        with self.assertRaisesMessage(UserError, "Archive and anonymise"):
            self.dossier_north.with_user(self.admin).action_archive()
        self.assertTrue(self.dossier_north.active)


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestAnonymisation(LifecycleCommon):
    """After the anonymisation, no personal value of the person can be found
    anywhere in the database (every text column of every table)."""

    VALUES = [
        "Zéphyrinette", "Zephyrinette", "Quasimodoz", "Bellagrandiz", "+33698765432", "0698765432",
        "06 98 76 54 32", "98 76 54 32", "zephyrinette.quasimodoz@exemple-unique.fr", "Glycines Zorglub",
        "CAF98765ZQ", "1994-02-03", "03/02/1994", "FT4455667Z",
    ]

    def _find_everywhere(self, values):
        """{value: ["table.column", ...]} over every text-like column of the database."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("""
            SELECT c.table_name, c.column_name, c.data_type
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text', 'jsonb', 'character', 'json')
        """)
        columns = {}
        for table, column, data_type in cr.fetchall():
            columns.setdefault(table, []).append((column, data_type))
        patterns = [f"%{value}%" for value in values]
        found = {}
        for table, cols in columns.items():
            exprs = [
                SQL("%s::text", SQL.identifier(c)) if t in ("jsonb", "json") else SQL.identifier(c) for c, t in cols
            ]
            cr.execute(SQL("SELECT 1 FROM %s WHERE %s LIMIT 1", SQL.identifier(table),
                           SQL(" OR ").join(SQL("%s ILIKE ANY(%s)", e, patterns) for e in exprs)))
            if not cr.fetchone():
                continue
            for (column, _type), expr in zip(cols, exprs, strict=True):
                for value in values:
                    cr.execute(SQL("SELECT 1 FROM %s WHERE %s ILIKE %s LIMIT 1", SQL.identifier(table), expr,
                                   f"%{value}%"))
                    if cr.fetchone():
                        found.setdefault(value, []).append(f"{table}.{column}")
        return found

    def _flush_tracking(self):
        # tracking values are written at commit time
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _make_person(self):
        Beneficiary = self.env["casework.beneficiary"].with_user(self.admin).with_context(tracking_disable=False)
        dossier = Beneficiary.create({
            "civility": "mme",
            "first_name": "Zéphyrinette",
            "usage_name": "Quasimodoz",
            "birth_date": date(1994, 2, 3),
            "phone": "06 98 76 54 32",
            "email": "zephyrinette.quasimodoz@exemple-unique.fr",
            "street": "5 impasse des Glycines Zorglub",
            "city": "Aubenas",
            "territory_id": self.north.id,
            "enrollment_ids": self._exited(self.rsa, date(2024, 1, 8), date(2026, 3, 31)),
            "assignment_ids": [Command.create({"user_id": self.referent.id, "role": "parcours",
                                               "date_start": date(2024, 1, 8)})],
        })
        self._flush_tracking()  # a record created in the same transaction is not tracked
        dossier.write({"birth_name": "Bellagrandiz", "memo": "Appeler Zéphyrinette au 06 98 76 54 32"})
        self._flush_tracking()
        dossier.set_characteristic("num_caf", "CAF98765ZQ")
        partner = dossier.partner_id
        dossier.message_post(body="Entretien avec Zéphyrinette Quasimodoz (née Bellagrandiz), tél. 06 98 76 54 32",
                             subject="Suivi Quasimodoz", message_type="comment", subtype_xmlid="mail.mt_note")
        dossier.message_post(body="Convocation", partner_ids=partner.ids, message_type="comment",
                             subtype_xmlid="mail.mt_comment")
        dossier.enrollment_ids.message_post(body="Sortie de Zéphyrinette QUASIMODOZ")
        dossier.message_subscribe(partner_ids=partner.ids)
        self.env["calendar.event"].create({
            "name": "Entretien Quasimodoz Zéphyrinette",
            "description": "Rappeler au 06 98 76 54 32",
            "location": "Domicile, 5 impasse des Glycines Zorglub",
            "start": "2026-02-02 09:00:00",
            "stop": "2026-02-02 10:00:00",
            "partner_ids": [Command.link(partner.id), Command.link(self.referent.partner_id.id)],
            "res_model_id": self.env["ir.model"]._get_id("casework.beneficiary"),
            "res_id": dossier.id,
        })
        collective = self.env["calendar.event"].create({
            "name": "Information collective (Zéphyrinette invitée)",
            "start": "2026-03-02 09:00:00",
            "stop": "2026-03-02 10:00:00",
            "partner_ids": [Command.link(partner.id), Command.link(self.dossier_north.partner_id.id)],
        })
        self.env["res.partner"].create({"name": "Mère de Zéphyrinette Quasimodoz", "parent_id": partner.id,
                                        "comment": "Contact d'urgence de Zéphyrinette"})
        self.env["sms.sms"].create({"number": "+33698765432", "partner_id": partner.id,
                                    "body": "Bonjour Zéphyrinette, RDV lundi"})
        attachment = self.env["ir.attachment"].create({
            "name": "CV Quasimodoz Zéphyrinette.txt",
            "raw": "Curriculum vitae de Zéphyrinette Quasimodoz, 06 98 76 54 32".encode(),
            "res_model": "casework.beneficiary",
            "res_id": dossier.id,
        })
        dossier.activity_schedule("mail.mail_activity_data_todo", summary="Rappeler Quasimodoz",
                                  note="Zéphyrinette attend un appel", user_id=self.referent.id)
        # the other parts of the dossier: a held appointment and its synthesis,
        # a note, a filed document, identifiers, the sections' free text
        # (each from its addon, when installed)
        if "casework_appointment_type_id" in self.env["calendar.event"]._fields:
            self.env["calendar.event"].create({
                "casework_beneficiary_id": dossier.id,
                "casework_appointment_type_id": self.env.ref("casework_appointment.appointment_type_individual").id,
                "user_id": self.referent.id,
                "start": "2026-02-09 09:00:00",
                "stop": "2026-02-09 10:00:00",
                "casework_outcome": "held",
                "casework_synthesis": "<p>Zéphyrinette Quasimodoz veut travailler aux Glycines Zorglub</p>",
            })
        if "casework.note" in self.env:
            self.env["casework.note"].with_user(self.referent).create({
                "beneficiary_id": dossier.id, "name": "Quasimodoz : hébergement",
                "body": "<p>Zéphyrinette dort chez sa sœur</p>",
            })
        if "casework.document" in self.env:
            self.env["casework.document"].create({
                "beneficiary_id": dossier.id, "name": "CV_Quasimodoz", "file_name": "CV_Quasimodoz.pdf",
                "file": base64.b64encode(b"%PDF-1.4\n% Zephyrinette Quasimodoz\n%%EOF\n"),
            })
        if "casework.beneficiary.identifier" in self.env:
            self.env["casework.beneficiary.identifier"].create({
                "beneficiary_id": dossier.id, "type_id": self.env.ref("casework_identity.identifier_type_caf").id,
                "value": "CAF98765ZQ",
            })
            self.env["casework.beneficiary.identifier"].create({
                "beneficiary_id": dossier.id,
                "type_id": self.env.ref("casework_identity.identifier_type_france_travail").id,
                "value": "FT4455667Z",
            })
            dossier.enrollment_ids.message_post(body="Inscrit à France Travail sous le n° FT4455667Z")
        if "casework.personal.situation" in self.env:
            self.env["casework.personal.situation"].create({
                "beneficiary_id": dossier.id, "family_situation": "single", "health_consent": True,
                "health_notes": "Suivie par le Dr Bellagrandiz", "childcare_details": "Chez Mme Quasimodoz mère",
            })
        dossier.with_user(self.admin).web_read({"name": {}})
        return dossier, collective, attachment

    def test_nothing_left_anywhere(self):
        dossier, collective, attachment = self._make_person()
        before = self._find_everywhere(self.VALUES)
        _logger.info("Copies before the anonymisation: %s", before)
        # the test sees the copies it must then not see
        for value in ("Zéphyrinette", "Quasimodoz", "+33698765432", "CAF98765ZQ", "Glycines Zorglub"):
            self.assertIn(value, before)
        self.assertTrue(any(place.startswith("mail_tracking_value") for place in before["Bellagrandiz"]))
        self.assertTrue(any(place.startswith("auditlog_log") for place in before["Quasimodoz"]))
        self.assertTrue(any(place.startswith("calendar_event") for place in before["Quasimodoz"]))

        dossier.with_user(self.admin).action_archive_anonymise()

        self.assertEqual(self._find_everywhere(self.VALUES), {})
        self.assertEqual(attachment.raw, b"")
        self.assertNotIn(dossier.partner_id, collective.partner_ids)
        self.assertTrue(collective.exists())
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", dossier.partner_id.id)]))
        self.assertFalse(self.env["mail.followers"].search([("partner_id", "=", dossier.partner_id.id)]))
        self.assertFalse(self.env["calendar.attendee"].search([("partner_id", "=", dossier.partner_id.id)]))

    def test_audit_trail_keeps_the_events_not_the_identity(self):
        dossier, _collective, _attachment = self._make_person()
        # earlier identities: the trail named the dossier as it was then
        dossier.with_user(self.admin).write({"usage_name": "Anciennomz", "phone": "07 55 44 33 22"})
        dossier.with_user(self.admin).write({"usage_name": "Quasimodoz", "phone": "06 98 76 54 32"})
        Log = self.env["auditlog.log"]
        logs = Log.search([("model_model", "=", dossier._name), ("res_id", "=", dossier.id)])
        events = {log.id: (log.method, log.user_id, log.create_date) for log in logs}
        self.assertTrue(any("ANCIENNOMZ" in (log.name or "") for log in logs))
        self.assertTrue(logs.line_ids.filtered(lambda line: line.new_value_text == "Anciennomz"))

        dossier.with_user(self.admin).action_archive_anonymise()

        self.assertEqual(self._find_everywhere(["Anciennomz", "+33755443322", "07 55 44 33 22"]), {})
        self.env.invalidate_all()
        for log in logs:
            self.assertEqual((log.method, log.user_id, log.create_date), events[log.id], "the event is kept")
            self.assertEqual(log.name, dossier.number)
        self.assertTrue(logs.line_ids, "which fields changed is kept")
        for line in logs.line_ids:
            self.assertFalse(line.old_value or line.new_value or line.old_value_text or line.new_value_text)

    def test_aggregates_kept(self):
        dossier, _collective, _attachment = self._make_person()
        number = dossier.number
        dossier.with_user(self.admin).action_archive_anonymise()
        self.assertTrue(dossier.is_anonymised)
        self.assertFalse(dossier.active)
        self.assertEqual(dossier.number, number)
        self.assertEqual(dossier.name, f"Anonymised dossier {number}")
        self.assertEqual(dossier.age_band, "30_44")
        self.assertEqual(dossier.gender, "female")
        self.assertEqual(dossier.territory_id, self.north)
        self.assertEqual(dossier.enrollment_ids.program_id, self.rsa)
        self.assertEqual(dossier.enrollment_ids.exit_motive_id, self.motive)
        self.assertEqual(dossier.enrollment_ids.date_exit, date(2026, 3, 31))
        self.assertFalse(dossier.phone or dossier.email or dossier.street or dossier.city or dossier.birth_name)
        self.assertFalse(dossier.get_characteristic("num_caf"))
        self.assertEqual(dossier.assignment_ids.date_end, date(2026, 11, 15))
        self.assertTrue(dossier.message_ids, "the chatter keeps its dates, not its contents")
        log = self.env["auditlog.log"].search([("model_model", "=", dossier._name), ("res_id", "=", dossier.id),
                                               ("method", "=", "anonymise")])
        self.assertEqual(log.user_id, self.admin)
        self.assertEqual(log.name, number)


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestSubjectAccessAndAudit(LifecycleCommon):
    def test_subject_access_export(self):
        dossier = self.dossier_north
        dossier.message_post(body="Entretien de suivi avec Marie")
        self.env["ir.attachment"].create({"name": "attestation.txt", "raw": b"Attestation Marie DUPONT",
                                          "res_model": dossier._name, "res_id": dossier.id})
        action = dossier.with_user(self.admin).action_open_subject_access_export()
        wizard = self.env[action["res_model"]].with_user(self.admin).with_context(**action["context"]).create({})
        wizard.action_generate()
        self.assertTrue(wizard.export_filename.endswith(".zip"))
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.export_file)))
        names = archive.namelist()
        self.assertIn("identity.json", names)
        self.assertIn("messages.txt", names)
        self.assertIn("records/casework.enrollment.csv", names)
        self.assertIn("records/casework.referent.assignment.csv", names)
        identity = archive.read("identity.json").decode()
        for value in ("Marie", "DUPONT", "+33612345678", "marie.dupont@example.org", dossier.number):
            self.assertIn(value, identity)
        self.assertIn("Entretien de suivi avec Marie", archive.read("messages.txt").decode())
        self.assertIn("Accompagnement RSA", archive.read("records/casework.enrollment.csv").decode())
        attachment_file = next(name for name in names if name.startswith("attachments/"))
        self.assertEqual(archive.read(attachment_file), b"Attestation Marie DUPONT")
        log = self.env["auditlog.log"].search([("res_id", "=", dossier.id), ("method", "=", "export")])
        self.assertEqual(log.user_id, self.admin)

    def test_subject_access_export_for_administrators_only(self):
        for user in (self.referent, self.secretariat, self.manager, self.fse):
            with self.assertRaisesMessage(AccessError, ""):
                self.dossier_north.with_user(user).action_open_subject_access_export()
            with self.assertRaisesMessage(AccessError, ""):
                self.env["casework.subject.access.export"].with_user(user).create(
                    {"beneficiary_id": self.dossier_north.id}
                )

    def test_audit_trail(self):
        dossier = self.dossier_north
        Log = self.env["auditlog.log"]
        dossier.with_user(self.referent).web_read({"name": {}})
        read = Log.search([("res_id", "=", dossier.id), ("method", "=", "read"), ("model_model", "=", dossier._name)])
        self.assertEqual(read.user_id, self.referent)
        self.assertEqual(read.name, dossier.number, "explicit entries keep no identity")
        dossier.with_user(self.referent).write({"memo": "Rappeler"})
        self.assertTrue(Log.search([("res_id", "=", dossier.id), ("method", "=", "write"),
                                    ("user_id", "=", self.referent.id)]))
        self.admin.group_ids = [Command.link(self.env.ref("base.group_allow_export").id)]
        dossier.with_user(self.admin).export_data(["name", "phone"])
        self.assertTrue(Log.search([("method", "=", "export_data"), ("user_id", "=", self.admin.id),
                                    ("model_model", "=", dossier._name)]))
        merge = dossier.with_user(self.secretariat)._casework_audit("merge", "D2026-00099 merged into this dossier")
        self.assertEqual(merge.casework_details, "D2026-00099 merged into this dossier")
        # read by the administrators only
        self.assertTrue(Log.with_user(self.admin).search([("res_id", "=", dossier.id)]))
        for user in (self.referent, self.secretariat, self.manager, self.fse, self.finance, self.operator):
            with self.assertRaisesMessage(AccessError, ""):
                Log.with_user(user).search([])
            with self.assertRaisesMessage(AccessError, ""):
                self.env["auditlog.log.line"].with_user(user).search([])
