import base64
import os
import shutil
import tempfile
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import sql_db
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon

HEADER = [
    "NUM", "CIV", "PRENOM", "NOM", "NAISSANCE", "TEL", "MAIL", "VILLE", "REFERENT", "DESIGNATION", "ETAT_DROIT",
    "CONJ_CIV", "CONJ_PRENOM", "CONJ_NOM", "CONJ_NAISSANCE",
]


class FeedCommon(CaseworkCommon):
    """A CSV mapping (``;``, UTF-8, header, dates dd/mm/yyyy, couples in
    CONJ_ columns) feeding the RSA programme in the North territory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.right_state = cls.env.ref("casework_base.characteristic_type_right_state")
        cls.update_type = cls.env.ref("casework_base.characteristic_type_update_date")
        cls.referent_other.casework_external_code = "REF-042"
        cls.mapping = cls.env["casework.feed.mapping"].create({
            "name": "Genesis test",
            "code": "genesis_test",
            "file_format": "csv",
            "delimiter": ";",
            "encoding": "utf-8",
            "program_id": cls.rsa.id,
            "territory_id": cls.north.id,
            "second_person_prefix": "CONJ_",
            "line_ids": [
                Command.create({"source_column": "NUM", "target": "key"}),
                Command.create({"source_column": "CIV", "target": "civility"}),
                Command.create({"source_column": "PRENOM", "target": "first_name"}),
                Command.create({"source_column": "NOM", "target": "usage_name"}),
                Command.create({"source_column": "NAISSANCE", "target": "birth_date"}),
                Command.create({"source_column": "TEL", "target": "phone"}),
                Command.create({"source_column": "MAIL", "target": "email"}),
                Command.create({"source_column": "VILLE", "target": "city"}),
                Command.create({"source_column": "REFERENT", "target": "referent"}),
                Command.create({"source_column": "DESIGNATION", "target": "designation_date"}),
                Command.create({
                    "source_column": "ETAT_DROIT", "target": "characteristic",
                    "characteristic_type_id": cls.right_state.id,
                }),
            ],
        })

    def line(self, key, first_name="Lucie", usage_name="Martin", referent="cw_referent", designation="02/11/2026",
             right="Droit ouvert et versable", phone="06 11 22 33 44", email="", civility="MME",
             birth="12/05/1990", city="Privas", spouse=None):
        spouse = spouse or ("", "", "", "")
        email = email or f"{first_name}.{usage_name}@example.org".lower()
        return [key, civility, first_name, usage_name, birth, phone, email, city, referent, designation, right, *spouse]

    def csv_bytes(self, lines, encoding="utf-8", header=None):
        header = header or HEADER
        text = "\n".join(";".join(row) for row in [header, *lines]) + "\n"
        return text.encode(encoding)

    def feed(self, lines, file_date=date(2026, 11, 15), mapping=None, data=None, **context):
        """Import ``lines`` as a file (on the run's own cursor, which shares
        the test transaction in registry test mode)."""
        mapping = (mapping or self.mapping).with_context(**context)
        data = data if data is not None else self.csv_bytes(lines)
        with self.enter_registry_test_mode():
            run = mapping.import_file(data, "genesis.csv", file_date)
        return run

    def dossier(self, key, rank=1):
        return self.env["casework.beneficiary"].search([("external_ref", "=", key), ("external_rank", "=", rank)])

    def parcours(self, dossier):
        return dossier.assignment_ids.filtered(lambda a: a.role == "parcours").sorted("date_start")


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestFeedImport(FeedCommon):
    """The rules of the daily feed (seed: Genesis → Viesion), one test each."""

    def test_unknown_person_created_enrolled_and_assigned(self):
        run = self.feed([self.line("F001")])
        self.assertEqual(run.state, "done", run.error)
        self.assertEqual((run.created_count, run.updated_count, run.rejected_count), (1, 0, 0))
        dossier = self.dossier("F001")
        self.assertEqual(dossier.name, "MARTIN Lucie")
        self.assertEqual((dossier.civility, dossier.gender, dossier.birth_date), ("mme", "female", date(1990, 5, 12)))
        self.assertEqual(dossier.territory_id, self.north)
        self.assertTrue(dossier.number.startswith("D"))
        self.assertEqual(dossier.phone, "+33611223344")
        self.assertEqual(dossier.partner_id.phone_sanitized, "+33611223344")
        self.assertEqual(dossier.partner_id.commercial_partner_id, dossier.partner_id)
        by_orm = self.env["casework.beneficiary"].create({
            "civility": "mme", "first_name": "Orm", "usage_name": "Made", "birth_date": date(1990, 1, 1),
            "territory_id": self.north.id, "email": "orm@example.org", "phone": "06 11 22 33 45",
        })
        for name in ("lang", "partner_share", "type", "active", "email_normalized", "complete_name", "is_company"):
            self.assertEqual(bool(dossier.partner_id[name]), bool(by_orm.partner_id[name]), name)
        self.assertEqual(dossier.partner_id.lang, by_orm.partner_id.lang)
        self.assertEqual(dossier.state, "entree")
        self.assertEqual(dossier.enrollment_ids.program_id, self.rsa)
        self.assertEqual(dossier.enrollment_ids.date_entry, date(2026, 11, 2), "entry on the designation date")
        self.assertEqual(dossier.enrollment_ids.state, "entree")
        self.assertEqual(dossier.referent_id, self.referent)
        self.assertEqual(self.parcours(dossier).date_start, date(2026, 11, 2))
        self.assertEqual(dossier.get_characteristic("etat_droit").code, "ouvert_versable")
        self.assertEqual(dossier.get_characteristic("date_actualisation"), date(2026, 11, 15))
        self.assertEqual(dossier.feed_last_seen_date, date(2026, 11, 15))
        # the stored computed fields given with the row are what the ORM computes
        self.assertEqual(dossier.search_name, "lucie martin")
        self.assertFalse(dossier.is_dormant)
        if "dossier_status" in dossier._fields:  # casework_dossier, when installed
            self.assertEqual(dossier.dossier_status, "partiel")
        self.assertEqual(
            [found["record"] for found in dossier._casework_find_duplicates(
                {"first_name": "Lucie", "usage_name": "Martin", "birth_date": date(1990, 5, 12)})],
            [dossier], "a fed dossier is found by the duplicate check")
        # the referent now reads the dossier (active file)
        self.assertIn(dossier, self.env["casework.beneficiary"].with_user(self.referent).search([]))

    def test_referent_by_external_code(self):
        self.feed([self.line("F001", referent="REF-042")])
        self.assertEqual(self.dossier("F001").referent_id, self.referent_other)

    def test_couple_gives_two_dossiers_sharing_contact_data(self):
        run = self.feed([self.line("F002", spouse=("M", "Karim", "Martin", "03/04/1988"))])
        self.assertEqual(run.created_count, 2)
        first, second = self.dossier("F002", 1), self.dossier("F002", 2)
        self.assertEqual(first.first_name, "Lucie")
        self.assertEqual((second.first_name, second.civility, second.birth_date), ("Karim", "m", date(1988, 4, 3)))
        self.assertEqual(second.phone, first.phone)
        self.assertEqual(second.email, first.email)
        self.assertNotEqual(second.partner_id, first.partner_id)
        self.assertEqual(second.referent_id, self.referent)
        self.assertEqual(second.get_characteristic("etat_droit").code, "ouvert_versable")

    def test_changed_referent_is_a_reorientation(self):
        self.feed([self.line("F003")])
        run = self.feed([self.line("F003", referent="cw_referent_other", designation="16/11/2026")], date(2026, 11, 16))
        self.assertEqual((run.reorientation_count, run.updated_count), (1, 1))
        previous, new = self.parcours(self.dossier("F003"))
        self.assertEqual((previous.user_id, previous.date_end, previous.end_reason),
                         (self.referent, date(2026, 11, 16), "reorientation"))
        self.assertEqual((new.user_id, new.date_start, new.date_end), (self.referent_other, date(2026, 11, 16), False))

    def test_parcours_referent_set_by_hand_is_overwritten(self):
        self.feed([self.line("F004")])
        dossier = self.dossier("F004")
        self.env["casework.referent.assignment"].with_user(self.secretariat).create({
            "beneficiary_id": dossier.id, "user_id": self.referent_other.id, "role": "parcours",
            "date_start": date(2026, 11, 10),
        })
        self.assertEqual(dossier.referent_id, self.referent_other)
        run = self.feed([self.line("F004")], date(2026, 11, 15))
        self.assertEqual(run.reorientation_count, 1)
        dossier.invalidate_recordset()
        self.assertEqual(dossier.referent_id, self.referent)
        by_hand = self.parcours(dossier).filtered(lambda a: a.user_id == self.referent_other)
        self.assertEqual(by_hand.date_end, date(2026, 11, 15), "ended the day the feed's referent starts again")

    def test_stage_referent_set_by_hand_is_kept(self):
        self.feed([self.line("F005")])
        dossier = self.dossier("F005")
        stage = self.env["casework.referent.assignment"].with_user(self.secretariat).create({
            "beneficiary_id": dossier.id, "user_id": self.referent_other.id, "role": "etape",
            "date_start": date(2026, 11, 10), "date_end": date(2027, 2, 28),
        })
        run = self.feed([self.line("F005")], date(2026, 11, 16))
        self.assertEqual((run.updated_count, run.unchanged_count), (0, 1))
        self.assertTrue(stage.exists())
        self.assertEqual((stage.user_id, stage.date_end), (self.referent_other, date(2027, 2, 28)))
        self.assertEqual(dossier.referent_id, self.referent)

    def test_exit_entered_by_hand_is_undone_for_a_person_still_fed(self):
        self.feed([self.line("F006")])
        dossier = self.dossier("F006")
        self.parcours(dossier).with_user(self.referent).action_exit(date(2026, 11, 30))
        dossier.enrollment_ids.write({"date_exit": date(2026, 11, 15), "exit_motive_id": self.motive.id})
        self.assertEqual(dossier.state, "sortie")
        run = self.feed([self.line("F006")], date(2026, 11, 16))
        self.assertEqual((run.return_count, run.updated_count), (1, 1))
        dossier.invalidate_recordset()
        self.assertEqual(self.parcours(dossier).date_end, False)
        self.assertEqual(self.parcours(dossier).end_reason, False)
        self.assertEqual((dossier.enrollment_ids.date_exit, dossier.enrollment_ids.exit_motive_id.id), (False, False))
        self.assertEqual(dossier.state, "entree")

    def test_absent_person_is_not_closed_but_listed_in_exits_to_enter(self):
        self.feed([self.line("F007"), self.line("F008", first_name="Paul", civility="M")])
        run = self.feed([self.line("F007")], date(2026, 11, 16))
        self.assertEqual(run.state, "done")
        present, absent = self.dossier("F007"), self.dossier("F008")
        self.assertEqual(absent.state, "entree", "nothing is closed automatically")
        self.assertFalse(self.parcours(absent).date_end)
        self.assertEqual(absent.referent_id, self.referent)
        self.assertTrue(absent.feed_missing)
        self.assertTrue(absent.feed_exit_to_enter)
        self.assertFalse(present.feed_exit_to_enter)
        self.assertEqual(absent.get_characteristic("date_actualisation"), date(2026, 11, 15), "no longer fed")
        listed = self.env["casework.beneficiary"].with_user(self.referent).search([("feed_exit_to_enter", "=", True)])
        self.assertIn(absent, listed)
        self.assertNotIn(present, listed)
        # once the referent has entered the exit, the dossier leaves the list
        self.parcours(absent).with_user(self.referent).action_exit(date(2026, 11, 14))
        self.assertNotIn(absent, self.env["casework.beneficiary"].search([("feed_exit_to_enter", "=", True)]))
        # and coming back in the file clears the flag
        self.feed([self.line("F007"), self.line("F008", first_name="Paul", civility="M")], date(2026, 11, 17))
        self.assertFalse(absent.feed_missing)

    def test_contact_data_are_taken_at_creation_only(self):
        self.feed([self.line("F009")])
        dossier = self.dossier("F009")
        dossier.with_user(self.referent).write({"email": "lucie.new@example.org"})
        run = self.feed([self.line("F009", phone="07 81 22 33 44", email="other@example.org", city="Annonay")],
                        date(2026, 11, 16))
        self.assertEqual(run.unchanged_count, 1)
        self.assertEqual(dossier.phone, "+33611223344")
        self.assertEqual(dossier.email, "lucie.new@example.org")
        self.assertEqual(dossier.city, "Privas")

    def test_characteristic_gets_a_new_value_only_when_it_changes(self):
        self.feed([self.line("F010")])
        dossier = self.dossier("F010")
        history = dossier.characteristic_value_ids.filtered(lambda v: v.type_id == self.right_state)
        self.assertEqual(len(history), 1)
        self.feed([self.line("F010")], date(2026, 11, 16))
        history = dossier.characteristic_value_ids.filtered(lambda v: v.type_id == self.right_state)
        self.assertEqual(len(history), 1, "same value: no new history line")
        run = self.feed([self.line("F010", right="Droit clos")], date(2026, 11, 17))
        self.assertEqual(run.updated_count, 1)
        dossier.invalidate_recordset()
        history = dossier.characteristic_value_ids.filtered(lambda v: v.type_id == self.right_state)
        self.assertEqual(len(history), 2)
        self.assertEqual(dossier.get_characteristic("etat_droit").code, "clos")
        self.assertEqual(history.filtered("is_current").date, date(2026, 11, 17))
        self.assertEqual(history.filtered(lambda v: not v.is_current).option_id.code, "ouvert_versable")

    def test_date_actualisation_is_the_file_date(self):
        self.feed([self.line("F011")])
        dossier = self.dossier("F011")
        self.assertEqual(dossier.get_characteristic("date_actualisation"), date(2026, 11, 15))
        run = self.feed([self.line("F011")], date(2026, 11, 16))
        self.assertEqual(run.unchanged_count, 1, "bookkeeping only")
        dossier.invalidate_recordset()
        self.assertEqual(dossier.get_characteristic("date_actualisation"), date(2026, 11, 16))
        self.assertEqual(dossier.feed_last_seen_date, date(2026, 11, 16))

    def test_second_identical_run_changes_nothing(self):
        lines = [self.line("F012"), self.line("F013", spouse=("M", "Karim", "Martin", "03/04/1988"))]
        self.feed(lines)
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*), max(write_date) FROM casework_characteristic_value")
        before = self.env.cr.fetchone()
        run = self.feed(lines)
        self.assertEqual(run.state, "done")
        self.assertEqual((run.created_count, run.updated_count, run.unchanged_count, run.rejected_count,
                          run.reorientation_count, run.return_count), (0, 0, 3, 0, 0, 0))
        self.env.cr.execute("SELECT count(*), max(write_date) FROM casework_characteristic_value")
        self.assertEqual(self.env.cr.fetchone(), before)
        self.assertEqual(self.env["casework.beneficiary"].search_count([("external_ref", "in", ["F012", "F013"])]), 3)

    def test_broken_lines_are_reported_and_good_lines_imported(self):
        good = [self.line(f"G{index:03d}", first_name=f"Prénom{index}") for index in range(18)]
        broken = [
            self.line("B001", birth="31/02/1990"),                # invalid date
            self.line("B002", referent="nobody"),                 # unknown referent
            self.line(""),                                        # missing key
            self.line("G005", first_name="Doublon"),              # duplicated key
            self.line("B003", right="Droit inconnu"),             # not an option
            self.line("B004", phone="12"),                        # invalid phone
        ]
        data = self.csv_bytes(good + broken)
        data += "B005;MME;Zoé;Lef\xe8vre;01/01/1990;;;Privas;cw_referent;01/11/2026;;;;;\n".encode("latin-1")
        data += b"B006;MME;Trop;Court\n"
        run = self.feed(None, data=data)
        self.assertEqual(run.state, "done", run.error)
        self.assertEqual(run.line_count, 26)
        self.assertEqual(run.created_count, 17, "every good line but the duplicated key")
        rejects = {r.line_number: (r.column, r.reason) for r in run.reject_ids}
        self.assertEqual(run.rejected_count, 9)
        self.assertEqual(rejects[20][0], "NAISSANCE")
        self.assertIn("Invalid date", rejects[20][1])
        self.assertEqual(rejects[21][0], "REFERENT")
        self.assertIn("nobody", rejects[21][1])
        self.assertEqual(rejects[22][0], "NUM")
        self.assertIn("Duplicated key", rejects[7][1])
        self.assertIn("Duplicated key", rejects[23][1])
        self.assertEqual(rejects[24][0], "ETAT_DROIT")
        self.assertEqual(rejects[25][0], "TEL")
        self.assertIn("Wrong encoding", rejects[26][1])
        self.assertIn("columns", rejects[27][1])
        self.assertFalse(self.dossier("G005"), "ambiguous key: none of its lines is imported")
        self.assertTrue(self.dossier("G017"))
        content = base64.b64decode(run.rejects_csv).decode("utf-8-sig")
        self.assertIn("21;REFERENT;", content)
        self.assertEqual(len(content.strip().splitlines()), 10)
        action = run.action_download_rejects()
        self.assertIn(f"id={run.id}&field=rejects_csv", action["url"])

    def test_rejects_in_the_language_of_the_run(self):
        """The lines are read in a thread of their own: the reasons are
        translated all the same (French administrators get French reasons)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        run = self.feed([
            self.line("L001", referent="personne"),
            self.line("L002", birth="31/02/1990"),
            self.line("L003"),
        ], lang="fr_FR")
        self.assertEqual((run.created_count, run.rejected_count), (1, 2), run.error)
        reasons = dict(zip(run.reject_ids.mapped("line_number"), run.reject_ids.mapped("reason"), strict=False))
        self.assertEqual(reasons[2], "Identifiant ou code de référent « personne » inconnu.")
        self.assertEqual(reasons[3], "Date « 31/02/1990 » invalide (format attendu %d/%m/%Y).")

    def test_windows_1252_accents(self):
        self.mapping.encoding = "cp1252"
        data = self.csv_bytes([self.line("W001", first_name="Gaëlle", usage_name="Lefèvre-Éluard", city="Saint-Péray")],
                              encoding="cp1252")
        run = self.feed(None, data=data)
        self.assertEqual((run.created_count, run.rejected_count), (1, 0))
        dossier = self.dossier("W001")
        self.assertEqual(dossier.name, "LEFÈVRE-ÉLUARD Gaëlle")
        self.assertEqual(dossier.city, "Saint-Péray")

    def test_new_rows_keep_their_values_exactly(self):
        # new persons are written with COPY: quotes, backslashes and tabs
        # arrive as read; ten-digit French phones as with the full parser
        run = self.feed([
            self.line("C001", first_name="Zoë-Anne d'Arc", city="Saint\\Jean\tdu Gard", phone="0611223355",
                      email="zoe.darc@example.org"),
            self.line("C002", phone="0700000000"),
        ])
        self.assertEqual((run.created_count, run.rejected_count), (1, 1), run.reject_ids.mapped("reason"))
        dossier = self.dossier("C001")
        self.assertEqual(dossier.first_name, "Zoë-Anne d'Arc")
        self.assertEqual(dossier.city, "Saint\\Jean\tdu Gard")
        self.assertEqual(dossier.phone, "+33611223355")
        self.assertEqual(dossier.partner_id.phone_sanitized, "+33611223355")
        self.assertEqual(run.reject_ids.column, "TEL")
        self.assertIn("0700000000", run.reject_ids.reason)
        self.assertFalse(self.dossier("C002"))

    def test_killed_run_is_resumed_without_half_imported_person(self):
        lines = [self.line(f"K{index:02d}", first_name=f"P{index}",
                           spouse=("M", f"C{index}", "Martin", "01/01/1980") if index % 2 else None)
                 for index in range(7)]
        data = self.csv_bytes(lines)
        Run = type(self.env["casework.feed.run"])
        end_batch = Run._end_batch
        ended = []

        def crash_in_third_batch(run_model, *args):
            # batches 1 and 2 end (commit); the third crashes after its writes, before its commit
            ended.append(args)
            if len(ended) == 3:
                raise RuntimeError("crash in the middle of a batch")
            return end_batch(run_model, *args)

        with patch.object(Run, "_batch_size", lambda self: 2), patch.object(Run, "_end_batch", crash_in_third_batch), \
                self.assertLogs("odoo.addons.casework_feed.models.casework_feed_run_import", "ERROR"):
            run = self.feed(None, data=data)
        self.assertEqual(run.state, "failed")
        self.assertEqual(run.last_line, 5, "batches 1 and 2 (lines 2 to 5) are committed")
        self.assertEqual(run.created_count, 6)
        self.assertTrue(self.dossier("K03", 2))
        self.assertFalse(self.dossier("K04"), "the crashed batch left nothing")
        self.assertFalse(self.dossier("K05", 2))
        with patch.object(Run, "_batch_size", lambda self: 2):
            resumed = self.feed(None, data=data)
        self.assertEqual(resumed, run, "the unfinished run of the same file is resumed")
        self.assertEqual(run.state, "done")
        self.assertEqual(run.created_count, 10)
        for index in range(7):
            dossier = self.dossier(f"K{index:02d}")
            self.assertTrue(dossier.enrollment_ids and dossier.assignment_ids and dossier.characteristic_value_ids)
            self.assertEqual(bool(self.dossier(f"K{index:02d}", 2)), bool(index % 2))

    def test_reader_thread_cannot_use_the_cursor(self):
        """The lines are decoded in a thread of their own while the run's
        cursor writes: its environment has no cursor, a query there fails
        the run at once instead of sharing the writers' cursor."""
        Run = type(self.env["casework.feed.run"])
        decode_batch = Run._decode_batch

        def decode_and_query(run_model, mapping, *args):
            run_model.env["res.partner"].search([], limit=1)
            return decode_batch(run_model, mapping, *args)

        with patch.object(Run, "_decode_batch", decode_and_query), \
                self.assertLogs("odoo.addons.casework_feed.models.casework_feed_run_import", "ERROR"):
            run = self.feed([self.line("T001")])
        self.assertEqual(run.state, "failed")
        self.assertIn("reader thread has no database cursor", run.error)
        self.assertFalse(self.dossier("T001"))
        run = self.feed([self.line("T001")])
        self.assertEqual((run.state, run.created_count), ("done", 1), "the same file resumed, decoded as it should")

    def test_concurrent_run_is_refused(self):
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_lock(%s, %s)", (0x43574644, 1))
            with self.assertRaisesMessage(UserError, "Another feed import is running"):
                self.feed([self.line("C001")])
            with self.assertRaisesMessage(UserError, "A feed import is running"):
                self.env["casework.feed.run"].api_push_person("genesis_test", {"NUM": "C002"})
        finally:
            other.execute("SELECT pg_advisory_unlock(%s, %s)", (0x43574644, 1))
            other.close()
        self.assertFalse(self.dossier("C001"))

    def test_mapping_preview(self):
        self.mapping.sample_file = base64.b64encode(self.csv_bytes([self.line("P001"), self.line("P002")]))
        preview = str(self.mapping.sample_preview)
        self.assertIn("REFERENT", preview)
        self.assertIn("External dossier key", preview)
        self.assertIn("P002", preview)

    def test_default_mapping_matches_the_genesis_file(self):
        genesis = self.env.ref("casework_feed.feed_mapping_genesis")
        genesis.territory_id = self.north
        header = ["NUM_DOSSIER", "CIVILITE", "PRENOM", "NOM_USAGE", "NOM_NAISSANCE", "DATE_NAISSANCE", "TELEPHONE",
                  "EMAIL", "ADRESSE", "CODE_POSTAL", "COMMUNE", "TERRITOIRE", "REFERENT", "DATE_DESIGNATION",
                  "ETAT_DROIT", "SDD_NSDD", "ORIENTATION", "NUM_CAF", "DATE_DERNIERE_MED", "MOTIF_DERNIERE_MED",
                  "CONJ_CIVILITE", "CONJ_PRENOM", "CONJ_NOM_USAGE", "CONJ_DATE_NAISSANCE"]
        row = ["GEN01", "Madame", "Amélie", "Faure", "", "04/07/1979", "04 75 64 12 34", "", "3 rue Pasteur", "07000",
               "Privas", "T-NORD", "cw_referent", "01/10/2026", "Droit ouvert et versable", "sdd",
               "Socio-professionnelle", "1234567", "15/09/2026", "Absence au rendez-vous", "M", "Noël", "Faure",
               "02/02/1977"]
        data = self.csv_bytes([row], encoding="cp1252", header=header)
        run = self.feed(None, data=data, mapping=genesis)
        self.assertEqual((run.created_count, run.rejected_count), (2, 0), run.reject_ids.mapped("reason"))
        dossier = self.dossier("GEN01")
        self.assertEqual(dossier.get_characteristic("orientation").code, "socio_pro")
        self.assertEqual(dossier.get_characteristic("date_derniere_med"), date(2026, 9, 15))
        self.assertEqual(self.dossier("GEN01", 2).first_name, "Noël")

    def test_daily_job_reads_the_folder(self):
        folder = tempfile.mkdtemp(prefix="casework_feed_")
        self.addCleanup(shutil.rmtree, folder)
        self.mapping.file_pattern = "test_*.csv"
        with open(os.path.join(folder, "test_20261115.csv"), "wb") as handle:
            handle.write(self.csv_bytes([self.line("J001")]))
        self.env["ir.config_parameter"].sudo().set_param("casework_feed.folder", folder)
        with self.enter_registry_test_mode():
            self.env["casework.feed.run"]._cron_import_folder()
        self.assertTrue(self.dossier("J001"))
        self.assertTrue(os.path.exists(os.path.join(folder, "done", "test_20261115.csv")))
        self.assertFalse(os.path.exists(os.path.join(folder, "test_20261115.csv")))
