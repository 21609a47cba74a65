import re
from datetime import date, datetime

import psycopg2.errors
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.casework_base.tests.common import TwoTransactionsCase

from .common_step import StepCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestSessionSeats(StepCommon):
    """A session takes as many steps as its capacity: positionings, steps in
    progress and ended steps hold a seat, a withdrawn positioning frees it."""

    def _on_session(self, dossier, user=None, **vals):
        vals.setdefault("session_id", self.session.id)
        return self._propose(dossier=dossier, offer=self.offer_sessions, user=user, **vals)

    def test_full_session_refuses_more(self):
        first = self._on_session(self.dossier_north)
        self._on_session(self.dossier_north_other, user=self.referent_other)
        message = f"The session {self.session.display_name} is full: its 2 seats are taken."
        self.assertIn("Session de novembre", message)
        with self.assertRaisesMessage(UserError, message):
            self._on_session(self.dossier_south, user=self.referent_south)
        # a withdrawn positioning frees its seat...
        first.action_cancel()
        third = self._on_session(self.dossier_south, user=self.referent_south)
        # ... and takes one again when proposed again
        with self.assertRaisesMessage(UserError, message):
            first.action_reset()
        # an ended step keeps its seat
        third.write({"state": "step", "date_start": date(2026, 11, 2)})
        third._action_end(self.dropout, date(2026, 11, 10))
        with self.assertRaisesMessage(UserError, message):
            first.action_reset()

    def test_moving_to_a_full_session(self):
        self.session.capacity = 1
        self._on_session(self.dossier_north_other, user=self.referent_other)
        later = self.env["casework.offer.session"].create({
            "name": "Session de décembre", "offer_id": self.offer_sessions.id,
            "date_start": datetime(2026, 12, 1, 8), "date_end": datetime(2026, 12, 11, 16), "capacity": 1,
        })
        step = self._on_session(self.dossier_north, session_id=later.id)
        with self.assertRaisesMessage(UserError, f"The session {self.session.display_name} is full"):
            step.write({"session_id": self.session.id})
        self.assertEqual(step.session_id, later)

    def test_no_capacity_no_limit(self):
        self.session.capacity = 0
        for dossier, user in ((self.dossier_north, self.referent), (self.dossier_north_other, self.referent_other),
                              (self.dossier_south, self.referent_south)):
            self._on_session(dossier, user=user)
        self.assertEqual(len(self.session.step_ids), 3)

    def test_batch_over_capacity(self):
        with self.assertRaisesMessage(UserError, "is full"):
            self.env["casework.step"].create([{
                "beneficiary_id": dossier.id, "offer_id": self.offer_sessions.id, "session_id": self.session.id,
                "date_planned_start": date(2026, 11, 2), "date_planned_end": date(2026, 11, 27),
            } for dossier in (self.dossier_north, self.dossier_north_other, self.dossier_south)])
        self.assertFalse(self.session.step_ids)


@tagged("post_install", "-at_install")
class TestSessionConcurrency(TwoTransactionsCase):
    """Two enrolments on the last seat of a session, in two transactions:
    one succeeds, the other is refused, naming the session. The data is
    committed by its own cursor (the transactions must see it) and deleted
    afterwards."""

    def _commit_data(self, env):
        territory = env["casework.territory"].create({"name": "Concurrence", "code": "T-CONC"})
        dossiers = env["casework.beneficiary"].create([{
            "civility": "mme", "first_name": first_name, "usage_name": "Concurrence",
            "birth_date": date(1990, 5, 4), "territory_id": territory.id,
        } for first_name in ("Anne", "Zoé")])
        operator = env["res.partner"].create({"name": "Opérateur concurrent", "is_company": True})
        offer = env["casework.offer"].create({
            "name": "Offre concurrente", "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
            "operator_id": operator.id, "use_sessions": True,
        })
        session = env["casework.offer.session"].create({
            "name": "Dernière place", "offer_id": offer.id, "capacity": 1,
            "date_start": datetime(2026, 11, 2, 8), "date_end": datetime(2026, 11, 27, 16),
        })
        return {
            "territory": territory.id, "dossiers": dossiers.ids, "operator": operator.id, "offer": offer.id,
            "session": session.id, "session_name": session.display_name,
        }

    def _delete_data(self, env, data):
        env["casework.step"].search([("offer_id", "=", data["offer"])]).unlink()
        env["casework.offer.session"].browse(data["session"]).unlink()
        env["casework.offer"].browse(data["offer"]).unlink()
        env["res.partner"].browse(data["operator"]).unlink()
        env["casework.beneficiary"].browse(data["dossiers"]).unlink()
        env["casework.territory"].browse(data["territory"]).unlink()

    def _enrol(self, env, index):
        return env["casework.step"].create({
            "beneficiary_id": self.data["dossiers"][index], "offer_id": self.data["offer"],
            "session_id": self.data["session"], "date_planned_start": date(2026, 11, 2),
            "date_planned_end": date(2026, 11, 27),
        })

    def _steps(self):
        return self._read_committed(
            lambda env: env["casework.step"].search_count([("session_id", "=", self.data["session"])]))

    def test_last_seat_while_the_other_holds_it(self):
        """The second transaction waits for the first one's lock (here: gives
        up after a lock timeout), then, retried, finds the session full."""
        env1, env2 = self.envs
        self._enrol(env1, 0)  # holds the session's lock until it commits
        env2.cr.execute("SET LOCAL lock_timeout = '300ms'")
        with self.assertRaises(psycopg2.errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            self._enrol(env2, 1)
        env2.cr.rollback()
        env1.cr.commit()
        with self.assertRaisesRegex(UserError, re.escape(f"The session {self.data['session_name']} is full")):
            self._enrol(env2, 1)
        env2.cr.rollback()
        self.assertEqual(self._steps(), 1)

    def test_last_seat_taken_after_the_snapshot(self):
        """Odoo's transactions are repeatable read: the second one began
        before the first committed, and would count the seats in its older
        snapshot. It fails with a serialization error (which Odoo retries)
        instead of taking a seat that is gone; the retry finds the session
        full."""
        env1, env2 = self.envs
        env2["casework.offer.session"].browse(self.data["session"]).capacity  # noqa: B018 (the snapshot starts)
        self._enrol(env1, 0)
        env1.cr.commit()
        with self.assertRaises(psycopg2.errors.SerializationFailure), mute_logger("odoo.sql_db"):
            self._enrol(env2, 1)
        env2.cr.rollback()
        env2.invalidate_all()
        with self.assertRaisesRegex(UserError, "is full"):
            self._enrol(env2, 1)
        env2.cr.rollback()
        self.assertEqual(self._steps(), 1)
