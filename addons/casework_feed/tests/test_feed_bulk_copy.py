import os
from contextlib import closing

import psycopg2

from odoo import sql_db
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..tools import bulk_copy
from .test_feed_import import FeedCommon

MODELS = ["res.partner", "casework.beneficiary", "casework.enrollment", "casework.referent.assignment",
          "casework.characteristic.value"]
TABLES = [name.replace(".", "_") for name in MODELS]


@tagged("post_install", "-at_install")
class TestFeedBulkCopy(FeedCommon):
    """The first load's COPY statements and their foreign keys checked per
    batch (``tools/bulk_copy.py``): the same guarantees as PostgreSQL's
    per-row checks, and those checks kept where the per-batch ones are not
    allowed."""

    def privileged(self):
        self.env.cr.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        return self.env.cr.fetchone()[0]

    def replication_role(self):
        self.env.cr.execute("SHOW session_replication_role")
        return self.env.cr.fetchone()[0]

    def assignment_vals(self, **vals):
        return dict({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "etape",
            "date_start": self.today, "territory_id": self.north.id,
        }, **vals)

    def test_batch_insert_rows_as_the_orm_writes_them(self):
        with bulk_copy.BatchCopy(self.env, MODELS) as batch:
            assignments = batch.insert("casework.referent.assignment", [
                self.assignment_vals(), self.assignment_vals(role="parcours", user_id=self.referent.id),
            ])
        self.assertEqual(batch.per_batch, self.privileged())
        self.assertEqual(self.replication_role(), "origin", "the setting ends with the batch's COPY statements")
        self.env.invalidate_all()
        self.assertEqual(assignments.mapped("role"), ["etape", "parcours"])
        self.assertEqual(assignments.user_id, self.referent_other | self.referent)
        self.assertEqual(assignments.create_uid, self.env.user)
        self.assertTrue(all(assignments.mapped("create_date")))
        self.assertEqual(set(assignments.beneficiary_id.ids), {self.dossier_north.id})

    def test_pipeline_writes_a_batch_while_the_next_is_prepared(self):
        """A file run's batches: each one sent while the next is prepared
        (its ids from the pipeline's own connection), its callbacks called
        once it is written, the last one at the end of the block."""
        done = []
        with bulk_copy.CopyPipeline(self.env, MODELS) as pipeline:
            first = pipeline.insert("casework.referent.assignment", [self.assignment_vals()])
            pipeline.after(lambda: done.append("first"))
            pipeline.send()
            self.assertEqual(done, [], "the first batch is in flight")
            ids = pipeline.next_ids("casework_referent_assignment", 2)
            second = pipeline.insert_columns(
                "casework.referent.assignment", ids,
                {"role": ["parcours", "etape"], "user_id": [self.referent.id, self.referent_other.id]},
                {"beneficiary_id": self.dossier_north.id, "date_start": self.today, "territory_id": self.north.id},
            )
            pipeline.after(lambda: done.append("second"))
            pipeline.send()
            self.assertEqual(done, ["first"], "the first batch written once the second is sent")
        self.assertEqual(done, ["first", "second"])
        self.assertEqual(self.replication_role(), "origin")
        self.env.invalidate_all()
        self.assertEqual((first | second).mapped("role"), ["etape", "parcours", "etape"])
        self.assertEqual(second.user_id, self.referent | self.referent_other)
        self.assertEqual(set(second.beneficiary_id.ids), {self.dossier_north.id})

    def test_reference_to_a_missing_record_refused(self):
        self.env.cr.execute("SELECT max(id) + 1000 FROM res_users")
        missing_user = self.env.cr.fetchone()[0]
        before = self.env["casework.referent.assignment"].search_count([])
        expected = ValidationError if self.privileged() else psycopg2.errors.ForeignKeyViolation
        with self.assertRaises(expected) as caught, self.env.cr.savepoint():
            with bulk_copy.BatchCopy(self.env, MODELS) as batch:
                batch.insert("casework.referent.assignment", [self.assignment_vals(user_id=missing_user)])
        if expected is ValidationError:
            self.assertIn(f"casework_referent_assignment.user_id = {missing_user}", str(caught.exception))
        self.assertEqual(self.env["casework.referent.assignment"].search_count([]), before, "nothing written")
        self.assertEqual(self.replication_role(), "origin")

    def test_referenced_rows_locked_until_the_commit(self):
        """As PostgreSQL's own checks: the referenced rows are locked FOR KEY
        SHARE, so that nobody deletes them before the batch commits."""
        if not self.privileged():
            self.skipTest("the database user may not set session_replication_role")
        admin = self.env.ref("base.user_admin")  # a committed row, seen by the other transaction
        with bulk_copy.BatchCopy(self.env, MODELS) as batch:
            batch.insert("casework.referent.assignment", [self.assignment_vals(user_id=admin.id)])
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as other:
            with self.assertRaises(psycopg2.errors.LockNotAvailable), mute_logger("odoo.sql_db"):
                other.execute("SELECT id FROM res_users WHERE id = %s FOR UPDATE NOWAIT", [admin.id])
            other.rollback()

    def test_parameter_off_keeps_the_row_checks(self):
        self.env["ir.config_parameter"].set_param("casework_feed.batch_reference_checks", "False")
        with bulk_copy.BatchCopy(self.env, MODELS) as batch:
            batch.insert("casework.referent.assignment", [self.assignment_vals()])
        self.assertFalse(batch.per_batch)
        run = self.feed([self.line("B001"), self.line("B002", first_name="Paul", civility="M")])
        self.assertEqual((run.state, run.created_count), ("done", 2), run.error)
        self.assertEqual(self.dossier("B002").referent_id, self.referent)

    def test_table_with_its_own_trigger_keeps_the_row_checks(self):
        """A trigger set up by a DBA (an audit, say) would be skipped too."""
        self.env.cr.execute("""
            CREATE FUNCTION casework_test_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER casework_test_audit AFTER INSERT ON casework_enrollment
                FOR EACH ROW EXECUTE FUNCTION casework_test_noop();
        """)
        with bulk_copy.BatchCopy(self.env, MODELS) as batch:
            batch.insert("casework.referent.assignment", [self.assignment_vals()])
        self.assertFalse(batch.per_batch)

    def test_fed_rows_point_to_existing_records(self):
        """Every foreign key of the rows a file run created, checked the
        way PostgreSQL would: no row points to nothing."""
        spouse = ("M", "Karim", "Martin", "03/03/1988")
        run = self.feed([self.line("C001", spouse=spouse), self.line("C002", referent="REF-042")])
        self.assertEqual((run.state, run.created_count), ("done", 3), run.error)
        dossiers = self.dossier("C001") | self.dossier("C001", 2) | self.dossier("C002")
        self.env.cr.execute(
            """SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
                 FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])""",
            [TABLES],
        )
        checked = 0
        for table, column, referenced in self.env.cr.fetchall():
            if table == "res_partner":
                key, ids = "id", dossiers.partner_id.ids
            else:
                key, ids = ("id" if table == "casework_beneficiary" else "beneficiary_id"), dossiers.ids
            self.env.cr.execute(
                f"""SELECT count(*) FROM "{table}" t LEFT JOIN "{referenced}" r ON r.id = t."{column}"
                     WHERE t."{key}" = ANY(%s) AND t."{column}" IS NOT NULL AND r.id IS NULL""",
                [ids],
            )
            self.assertEqual(self.env.cr.fetchone()[0], 0, f"{table}.{column}")
            checked += 1
        self.assertGreater(checked, 30)
        self.assertEqual(self.dossier("C002").referent_id, self.referent_other)
        self.assertEqual(len(self.dossier("C001", 2).characteristic_value_ids), 2)

    def test_file_run_as_a_role_without_superuser(self):
        """A hardened deployment's Odoo role is no superuser: the file run
        then keeps PostgreSQL's per-row checks, and works all the same.

        The simplest true test of that path: this transaction switches to a
        role created for it (``SET ROLE``), ``NOSUPERUSER`` and member of
        the database user (so that it may read and write the tables that user
        owns, as an Odoo role owning its database does). Superuser rights
        are not inherited through membership: PostgreSQL decides
        ``session_replication_role`` on the role itself, as in production.
        The feed's own cursor shares this connection in registry test mode,
        so the whole run is done as that role; everything, the role included,
        is rolled back with the test."""
        cr = self.env.cr
        cr.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cr.fetchone()
        if superuser:
            role = f"casework_nosu_{os.getpid()}"
            cr.execute(SQL("CREATE ROLE %s NOSUPERUSER NOLOGIN INHERIT", SQL.identifier(role)))
            cr.execute(SQL("GRANT %s TO %s", SQL.identifier(user), SQL.identifier(role)))
            cr.execute(SQL("SET ROLE %s", SQL.identifier(role)))
            self.addCleanup(cr.execute, "RESET ROLE")
        cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        self.assertFalse(cr.fetchone()[0], "the test runs as a role without superuser")
        self.assertFalse(self.privileged())
        self.assertIsNone(bulk_copy.can_skip_row_triggers(self.env, TABLES))
        spouse = ("M", "Karim", "Martin", "03/03/1988")
        run = self.feed([self.line("N001", spouse=spouse), self.line("N002", referent="REF-042"),
                         self.line("N003", phone="12")])
        self.assertEqual((run.state, run.created_count, run.rejected_count), ("done", 3, 1), run.error)
        self.assertEqual(self.dossier("N002").referent_id, self.referent_other)
        self.assertEqual(self.dossier("N001", 2).phone, "+33611223344")
        self.assertEqual(self.replication_role(), "origin")
        # PostgreSQL's own checks refuse a row pointing to nothing
        cr.execute("SELECT max(id) + 1000 FROM res_users")
        missing_user = cr.fetchone()[0]
        with self.assertRaises(psycopg2.errors.ForeignKeyViolation), self.env.cr.savepoint(), \
                mute_logger("odoo.sql_db"):
            with bulk_copy.BatchCopy(self.env, MODELS) as batch:
                batch.insert("casework.referent.assignment", [self.assignment_vals(user_id=missing_user)])
