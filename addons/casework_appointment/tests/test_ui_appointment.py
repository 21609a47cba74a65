from datetime import date, datetime, time, timedelta

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUiAppointment(HttpCase):
    # the web client's first requests (assets, the mail client's data) are slow on a database
    # that has run the whole suite: requests queue behind them longer than Odoo's 20 s default
    test_cursor_lock_timeout = 60

    def test_appointment_tour(self):
        territory = self.env["casework.territory"].create({"name": "Tour RDV", "code": "T-RDV"})
        referent = new_test_user(
            self.env, login="cw_tour_referent", password="Casework-2026", tz="Europe/Paris",
            groups="base.group_user,casework_base.group_casework_referent",
        )
        self.env["casework.appointment.location"].create({"name": "Maison des solidarités", "address": "Privas"})
        dossier = self.env["casework.beneficiary"].create({
            "civility": "mme", "first_name": "Alice", "usage_name": "Rendezvous",
            "birth_date": date(1980, 2, 2), "territory_id": territory.id,
            "assignment_ids": [Command.create({"user_id": referent.id, "role": "parcours",
                                               "date_start": date(2026, 1, 1)})],
        })
        self.start_tour(
            f"/odoo/action-casework_base.casework_beneficiary_action/{dossier.id}",
            "casework_appointment_tour", login="cw_tour_referent", password="Casework-2026",
        )
        event = dossier.appointment_ids
        self.assertEqual(len(event), 1)
        self.assertEqual(event.casework_outcome, "held")
        self.assertEqual(event.user_id, referent)
        self.assertEqual(event.start.date(), date(2026, 11, 20), "the browser's time zone decides the hour")
        self.assertEqual(dossier.appointment_held_count, 1)
        self.assertEqual(dossier.last_meeting_date, date(2026, 11, 20))

    def test_appointment_calendar_tour(self):
        """From its URL and from the calendar, an appointment opens in the
        Casework form; its popover records the outcome."""
        territory = self.env["casework.territory"].create({"name": "Tour agenda", "code": "T-AGD"})
        referent = new_test_user(
            self.env, login="cw_tour_cal", password="Casework-2026", tz="Europe/Paris",
            groups="base.group_user,casework_base.group_casework_referent",
        )
        dossier = self.env["casework.beneficiary"].create({
            "civility": "m", "first_name": "Bruno", "usage_name": "Tourcal",
            "birth_date": date(1975, 3, 3), "territory_id": territory.id,
            "assignment_ids": [Command.create({"user_id": referent.id, "role": "parcours",
                                               "date_start": date(2026, 1, 1)})],
        })
        # today, at noon UTC: in the calendar's current week whatever the hour the test runs
        start = datetime.combine(date.today(), time(11, 0))
        event = self.env["calendar.event"].with_user(referent).create({
            "casework_beneficiary_id": dossier.id,
            "casework_appointment_type_id": self.env.ref("casework_appointment.appointment_type_individual").id,
            "start": start, "stop": start + timedelta(hours=1),
        })
        self.start_tour(
            f"/odoo/calendar.event/{event.id}", "casework_appointment_calendar_tour",
            login="cw_tour_cal", password="Casework-2026",
        )
        self.assertEqual(event.casework_outcome, "held")
