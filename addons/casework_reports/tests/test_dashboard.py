import json
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD
from odoo.addons.casework_fse.tests.common import FseCommon


class DashboardCommon(FseCommon):
    """On the kernel's dossiers and the offers of ``FseCommon`` (15 November
    2026), the référent ``referent`` has four dossiers in North:

    * ``dossier_north``: two held appointments this month, one held last
      month, two missed this month, one past without outcome and one to
      come; a validated CER ending in 16 days, another ending in 76 days,
      a last one ending in 20 days; an overdue task and one to come, an
      overdue task on its CER; a note assigned to the référent and a
      closed one; a veille ending in 10 days; its required
      characteristics; a positioning on ``session`` (2 seats) and an FSE
      step without questionnaire;
    * ``dossier_mine2``: a held appointment this month, its date
      actualisation frozen on 1 November (an exit to record), no required
      characteristic, a veille ending in 35 days;
    * ``dossier_mine3``: dormant (last met in March), exited in June (150 days, not positive);
    * ``dossier_gone``: the référent's assignment ended yesterday (not counted).

    ``referent_other`` (``dossier_north_other``, North): a held appointment
    this month, a CER ending in 16 days, exited on 31 October after 299 days
    for a job (positive). ``dossier_south`` (South): exited on 6 March after
    60 days, a step on ``session``. A secretary of South besides the
    kernel's secretary of North.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.secretariat_south = new_test_user(
            env, login="cw_secretariat_south", password=PASSWORD,
            groups="base.group_user,casework_base.group_casework_secretariat",
        )
        cls.secretariat_south.casework_territory_ids = [Command.set(cls.south.ids)]
        cls.dossier_mine2 = cls._create_dossier("Martin", "Jean", cls.north, cls.referent)
        cls.dossier_mine3 = cls._create_dossier("Bernard", "Lucie", cls.north, cls.referent)
        cls.dossier_gone = cls._create_dossier("Petit", "Hugo", cls.north, cls.referent)
        cls.dossier_gone.assignment_ids.sudo().date_end = date(2026, 11, 14)

        # appointments of the référent (and one of the other référent)
        cls.individual = env.ref("casework_appointment.appointment_type_individual")

        def appointment(dossier, start, outcome, user=cls.referent):
            event = env["calendar.event"].create({
                "casework_beneficiary_id": dossier.id, "casework_appointment_type_id": cls.individual.id,
                "start": start, "stop": start + timedelta(hours=1), "user_id": user.id,
            })
            if outcome != "planned":
                event.action_casework_set_outcome(outcome)
            return event

        appointment(cls.dossier_north, datetime(2026, 11, 3, 9), "held")
        appointment(cls.dossier_north, datetime(2026, 11, 6, 9), "held")
        appointment(cls.dossier_north, datetime(2026, 10, 20, 9), "held")
        appointment(cls.dossier_north, datetime(2026, 11, 10, 9), "unexcused")
        appointment(cls.dossier_north, datetime(2026, 11, 12, 9), "excused")
        appointment(cls.dossier_north, datetime(2026, 11, 14, 9), "planned")
        appointment(cls.dossier_north, datetime(2026, 11, 20, 9), "planned")
        appointment(cls.dossier_mine2, datetime(2026, 11, 5, 9), "held")
        appointment(cls.dossier_north_other, datetime(2026, 11, 4, 9), "held", user=cls.referent_other)

        # contracts
        def contract(dossier, end, **vals):
            return env["casework.contract"].create({
                "beneficiary_id": dossier.id, "date_signature": date(2026, 6, 1), "date_start": date(2026, 6, 1),
                "date_end": end, "situation": "Recherche d'emploi", **vals,
            })

        cls.contract_renew = contract(cls.dossier_north, date(2026, 12, 1))
        contract(cls.dossier_north, date(2027, 1, 30))
        contract(cls.dossier_north, date(2026, 12, 5), is_last=True)
        contract(cls.dossier_north_other, date(2026, 12, 1))
        contracts = env["casework.contract"].search([
            ("beneficiary_id", "in", (cls.dossier_north | cls.dossier_north_other).ids),
        ])
        contracts.sudo().write({"state": "validated"})
        cls.contract_renew.sudo().date_validation = date(2026, 6, 21)
        cls.contract_pending = contract(cls.dossier_south, date(2027, 6, 1))

        # tasks and notes
        for record, deadline in (
            (cls.dossier_north, date(2026, 11, 10)), (cls.dossier_north, date(2026, 11, 20)),
            (cls.contract_renew, date(2026, 11, 12)),
        ):
            record.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=deadline, user_id=cls.referent.id, summary="Relancer",
            )
        Note = env["casework.note"]
        Note.create({"beneficiary_id": cls.dossier_north.id, "name": "Pièces à demander", "visibility": "assigned",
                     "assigned_user_id": cls.referent.id})
        Note.create({"beneficiary_id": cls.dossier_north.id, "name": "Réglé", "visibility": "assigned",
                     "assigned_user_id": cls.referent.id, "active": False})

        # veilles, characteristics, feed, dormancy, exits
        reason = cls.veille_reason
        for dossier, end in ((cls.dossier_north, date(2026, 11, 25)), (cls.dossier_mine2, date(2026, 12, 20))):
            env["casework.veille"].create({
                "enrollment_id": dossier.enrollment_ids.id, "reason_id": reason.id,
                "date_start": date(2026, 11, 1), "date_end": end,
            })
        for xmlid, option in (
            ("characteristic_type_right_state", "characteristic_option_etat_droit_ouvert_versable"),
            ("characteristic_type_sdd", "characteristic_option_sdd_nsdd_sdd"),
        ):
            env["casework.characteristic.value"].create({
                "beneficiary_id": cls.dossier_north.id, "type_id": env.ref(f"casework_base.{xmlid}").id,
                "option_id": env.ref(f"casework_base.{option}").id, "date": date(2026, 1, 5),
            })
        # date actualisation frozen for more than 5 days: exit to record (the exit of mine2 only)
        for dossier in (cls.dossier_mine2, cls.dossier_gone):
            dossier.sudo().set_characteristic("date_actualisation", "2026-11-01", date(2026, 11, 1))
        cls.dossier_mine3.sudo().last_meeting_date = date(2026, 3, 2)
        cls.moved = env.ref("casework_base.exit_motive_moved")
        cls.dossier_mine3.enrollment_ids.write({"date_exit": date(2026, 6, 4), "exit_motive_id": cls.moved.id})
        cls.dossier_north_other.enrollment_ids.write({
            "date_exit": date(2026, 10, 31), "exit_motive_id": cls.motive.id,
        })
        cls.dossier_south.enrollment_ids.write({"date_exit": date(2026, 3, 6), "exit_motive_id": cls.moved.id})

        # offers: a positioning (North) and a step (South) on the 2-seat session, an FSE participant
        for dossier, state in ((cls.dossier_north, "positioning"), (cls.dossier_south, "step")):
            env["casework.step"].create({
                "beneficiary_id": dossier.id, "offer_id": cls.offer_sessions.id, "session_id": cls.session.id,
                "state": state, "date_planned_start": date(2026, 11, 2), "date_planned_end": date(2026, 11, 27),
                "date_start": date(2026, 11, 2) if state == "step" else False,
            })
        cls._started_step(cls.dossier_north, cls.fse_offer, date(2026, 10, 1), convention=cls.fse_convention)
        env.flush_all()

    def _figures(self, user):
        figures = self.env["casework.dashboard"].with_user(user).get_my_figures()
        return {figure["key"]: figure for figure in figures}

    def _counts(self, user):
        return {key: figure["count"] for key, figure in self._figures(user).items()}


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestDashboardMine(DashboardCommon):
    """Each figure of "Mine" on the fixture, and its list."""

    def test_figures_of_the_referent(self):
        self.assertEqual(self._counts(self.referent), {
            "active_file": 3,
            "appointments_held": 3,
            "appointments_missed": 2,
            "appointments_to_record": 1,
            "contracts_to_renew": 1,
            "tasks_overdue": 2,
            "notes_assigned": 1,
            "veilles_ending": 1,
            "missing_characteristics": 1,
            "exits_to_record": 1,
            "dormant": 1,
        })

    def test_each_card_opens_what_it_counts(self):
        for key, figure in self._figures(self.referent).items():
            action = figure["action"]
            self.assertEqual(action["type"], "ir.actions.act_window", key)
            self.assertFalse([k for k in action["context"] if k.startswith("search_default_")], key)
            Model = self.env[action["res_model"]].with_user(self.referent).with_context(**action["context"])
            self.assertEqual(len(Model.search(action["domain"])), figure["count"], key)
        figures = self._figures(self.referent)
        self.assertEqual(
            self.env["casework.beneficiary"].with_user(self.referent).search(
                figures["missing_characteristics"]["action"]["domain"]),
            self.dossier_mine2,
        )
        self.assertEqual(
            self.env["casework.contract"].with_user(self.referent).search(
                figures["contracts_to_renew"]["action"]["domain"]),
            self.contract_renew,
        )

    def test_pinned_alerts_on_mine(self):
        """"Mine" also gives the alerts the user pinned, with their count
        (as the user) and the list they open, in the same call; an
        unpinned alert stays off it."""
        Dashboard = self.env["casework.dashboard"]
        self.assertEqual(Dashboard.with_user(self.referent).get_my_dashboard()["alerts"], [])
        alerts = {code: self.env.ref(f"casework_reports.casework_alert_{code}")
                  for code in ("notes_assigned", "exits_to_record", "veilles_ending")}
        for alert in alerts.values():
            alert.with_user(self.referent).action_subscribe()
        self.env["casework.alert.subscription"].with_user(self.referent).search(
            [("alert_id", "=", alerts["veilles_ending"].id)]).action_unpin()
        dashboard = Dashboard.with_user(self.referent).get_my_dashboard()
        self.assertTrue(dashboard["can_manage_alerts"])
        self.assertEqual(len(dashboard["figures"]), 11)
        pinned = {entry["name"]: entry for entry in dashboard["alerts"]}
        self.assertEqual({name: entry["count"] for name, entry in pinned.items()},
                         {alerts["notes_assigned"].name: 1, alerts["exits_to_record"].name: 1})
        # the same rule as the figure of the same name: one implementation
        figures = self._figures(self.referent)
        action = pinned[alerts["exits_to_record"].name]["action"]
        self.assertEqual(
            self.env["casework.beneficiary"].with_user(self.referent).search(action["domain"]),
            self.env["casework.beneficiary"].with_user(self.referent).search(
                figures["exits_to_record"]["action"]["domain"]),
        )
        self.assertEqual(self.env["casework.beneficiary"].with_user(self.referent).search(action["domain"]),
                         self.dossier_mine2)
        # a colleague's pinned alerts are theirs: another user sees their own only
        self.assertEqual(Dashboard.with_user(self.referent_other).get_my_dashboard()["alerts"], [])

    def test_alerts_of_users_without_alerts(self):
        """Roles without alerts (finance, operators) get the figures and no
        alert, without error."""
        for user in (self.finance, self.operator):
            dashboard = self.env["casework.dashboard"].with_user(user).get_my_dashboard()
            self.assertEqual(dashboard["alerts"], [], user.login)
            self.assertFalse(dashboard["can_manage_alerts"], user.login)

    def test_one_call_in_few_queries(self):
        self._figures(self.referent)  # warm-up (registry and rule caches)
        with self.assertQueryCount(__system__=30):
            self.env["casework.dashboard"].with_user(self.referent).get_my_figures()


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestDashboardMineScope(DashboardCommon):
    """A figure never counts a dossier its user may not open."""

    def test_other_referent(self):
        counts = self._counts(self.referent_other)
        self.assertEqual(counts["active_file"], 1)
        self.assertEqual(counts["appointments_held"], 1)
        self.assertEqual(counts["contracts_to_renew"], 1)
        self.assertEqual(
            {key: count for key, count in counts.items() if count},
            {"active_file": 1, "appointments_held": 1, "contracts_to_renew": 1},
        )

    def test_referent_of_another_territory(self):
        counts = self._counts(self.referent_south)
        self.assertEqual({key: count for key, count in counts.items() if count}, {"active_file": 1})

    def test_lost_dossier_leaves_the_figures(self):
        """Once the référent's assignment on ``dossier_mine2`` ends, its
        appointment, its exit to record and its missing characteristics are
        no longer counted, though the appointment is still theirs."""
        self.dossier_mine2.assignment_ids.sudo().date_end = date(2026, 11, 14)
        self.env["casework.beneficiary"]._casework_invalidate_scopes()
        counts = self._counts(self.referent)
        self.assertEqual(counts["active_file"], 2)
        self.assertEqual(counts["appointments_held"], 2)
        self.assertEqual(counts["exits_to_record"], 0)
        self.assertEqual(counts["missing_characteristics"], 0)

    def test_secretary_counts_their_own_work_only(self):
        """The secretary reads every dossier of North, but "Mine" is their
        own active file: empty."""
        counts = self._counts(self.secretariat)
        self.assertEqual({key: count for key, count in counts.items() if count}, {})

    def test_roles_without_dossiers(self):
        for user in (self.finance, self.operator):
            counts = self._counts(user)
            self.assertFalse(any(counts.values()), user.login)

    def test_landing_page(self):
        home = self.env.ref("casework_base.casework_home_action")
        for user in (self.referent, self.secretariat, self.manager, self.admin):
            action = home.with_user(user).run()
            self.assertEqual(action.get("tag"), "casework_reports.dashboard_mine", user.login)
        for user in (self.finance, self.operator, self.fse):
            action = home.with_user(user).run()
            self.assertNotEqual(action.get("tag"), "casework_reports.dashboard_mine", user.login)


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestDashboardTerritory(DashboardCommon):
    """The reporting views of the territory: known answers per territory,
    and who may read them."""

    def _group(self, user, model, domain, groupby, aggregates):
        return self.env[model].with_user(user)._read_group(domain, groupby, aggregates)

    def _total(self, user, model, aggregates, domain=()):
        return self.env[model].with_user(user)._read_group(list(domain), [], aggregates)[0]

    def test_entries_and_exits(self):
        Movement = "casework.stat.movement"
        north = dict(self._group(self.secretariat, Movement, [], ["kind"], ["__count"]))
        self.assertEqual(north, {"entry": 5, "exit": 2})
        south = dict(self._group(self.secretariat_south, Movement, [], ["kind"], ["__count"]))
        self.assertEqual(south, {"entry": 1, "exit": 1})
        everyone = dict(self._group(self.admin, Movement, [], ["kind"], ["__count"]))
        self.assertEqual(everyone, {"entry": 6, "exit": 3})
        # the share of positive exits: one of the two exits of North
        self.assertEqual(self._total(self.secretariat, Movement, ["positive_rate:avg"], [("kind", "=", "exit")]),
                         (50.0,))
        months = dict(self._group(self.secretariat, Movement, [("kind", "=", "exit")], ["date:month"], ["__count"]))
        self.assertEqual(sorted(months.values()), [1, 1])

    def test_length_of_accompaniment(self):
        Stat = "casework.stat.accompaniment"
        aggregates = ["duration_days:avg", "duration_median_days:median", "__count"]
        ended = [("is_ended", "=", True)]
        self.assertEqual(self._total(self.secretariat, Stat, aggregates, ended), (224.5, 224.5, 2))
        mean, median, count = self._total(self.admin, Stat, aggregates, ended)
        self.assertAlmostEqual(mean, (299 + 150 + 60) / 3)
        self.assertEqual((median, count), (150, 3))
        by_motive = dict(self._group(self.secretariat, Stat, ended, ["exit_motive_id"], ["positive_rate:avg"]))
        self.assertEqual(by_motive[self.motive], 100.0)
        self.assertEqual(by_motive[self.moved], 0.0)

    def test_contracts(self):
        Stat = "casework.stat.contract"
        states = dict(self._group(self.secretariat, Stat, [], ["state"], ["__count"]))
        self.assertEqual(states, {"validated": 4})
        self.assertEqual(dict(self._group(self.secretariat_south, Stat, [], ["state"], ["__count"])),
                         {"proposition": 1})
        self.assertEqual(self._total(self.secretariat, Stat, ["days_to_decision:avg"],
                                     [("days_to_decision", "!=", False)]), (20.0,))

    def test_no_show_rate(self):
        Stat = "casework.stat.appointment"
        outcomes = dict(self._group(self.secretariat, Stat, [], ["outcome"], ["__count"]))
        self.assertEqual(outcomes, {"held": 5, "unexcused": 1, "excused": 1, "planned": 2})
        (rate,) = self._total(self.secretariat, Stat, ["no_show_rate:avg"])
        self.assertAlmostEqual(rate, 200 / 7)
        self.assertFalse(self._group(self.secretariat_south, Stat, [], ["outcome"], ["__count"]))

    def test_offer_occupancy(self):
        Stat = "casework.stat.occupancy"
        aggregates = ["positioning_count:sum", "step_count:sum", "seat_share:sum"]
        domain = [("session_id", "=", self.session.id)]
        self.assertEqual(self._total(self.secretariat, Stat, aggregates, domain), (1, 0, 50.0))
        self.assertEqual(self._total(self.secretariat_south, Stat, aggregates, domain), (0, 1, 50.0))
        self.assertEqual(self._total(self.admin, Stat, aggregates, domain), (1, 1, 100.0))

    def test_fse_questionnaires_missing(self):
        Stat = "casework.stat.fse"
        aggregates = ["participant_count:sum", "entry_missing:sum", "exit_missing:sum"]
        self.assertEqual(self._total(self.secretariat, Stat, aggregates), (1, 1, 0))
        self.assertEqual(self._total(self.fse, Stat, aggregates), (1, 1, 0))
        self.assertEqual(self._total(self.secretariat_south, Stat, aggregates), (0, 0, 0))

    def test_who_reads_the_territory_views(self):
        models = [
            "casework.stat.movement", "casework.stat.accompaniment", "casework.stat.contract",
            "casework.stat.appointment", "casework.stat.occupancy", "casework.stat.fse",
        ]
        for user in (self.referent, self.finance, self.operator, self.outsider):
            for model in models:
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.env[model].with_user(user).search_count([])
        for model in models[:-1]:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.fse).search_count([])
        for user in (self.secretariat, self.manager, self.admin):
            for model in models:
                self.env[model].with_user(user).search_count([])

    def test_rows_of_an_anonymised_dossier(self):
        """The kernel's scope leaves anonymised dossiers to the administrators:
        so do the reporting rows."""
        self.dossier_north_other.sudo().write({"is_anonymised": True, "active": False})
        self.env["casework.beneficiary"]._casework_invalidate_scopes()
        Movement = "casework.stat.movement"
        self.assertEqual(dict(self._group(self.secretariat, Movement, [], ["kind"], ["__count"])),
                         {"entry": 4, "exit": 1})
        self.assertEqual(dict(self._group(self.admin, Movement, [], ["kind"], ["__count"])),
                         {"entry": 6, "exit": 3})

    def test_spreadsheet_dashboard(self):
        dashboard = self.env.ref("casework_reports.spreadsheet_dashboard_casework_territory")
        self.assertTrue(dashboard.with_user(self.manager).has_access("read"))
        readable = self.env["spreadsheet.dashboard"].with_user(self.referent).search([("id", "=", dashboard.id)])
        self.assertFalse(readable)
        snapshot = json.loads(dashboard.with_user(self.secretariat)._get_serialized_readonly_dashboard())["snapshot"]
        self.assertEqual(
            {pivot["model"] for pivot in snapshot["pivots"].values()},
            {"casework.stat.movement", "casework.stat.accompaniment", "casework.stat.contract",
             "casework.stat.appointment", "casework.stat.occupancy", "casework.stat.fse"},
        )
