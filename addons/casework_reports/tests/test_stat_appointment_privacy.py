from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common_export import ExportCommon


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestStatAppointmentPrivacy(ExportCommon):
    """A private appointment shows in the territory's figures as a busy
    slot does in a calendar: counted, with its date, organiser and
    territory; never its dossier, type or outcome, nor in the no-show rate.

    The secretariat of Nord reads the four appointments of the fixture in
    Nord (three held, one missed) and two more: one of ``referent`` marked
    private (missed), one of ``referent_other`` whose calendar is private by
    default, which makes their appointment of the fixture private too.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        individual = cls.env.ref("casework_appointment.appointment_type_individual")
        Event = cls.env["calendar.event"]
        start = datetime(2026, 11, 10, 14)
        cls.private = Event.create({
            "casework_beneficiary_id": cls.dossier_north.id, "casework_appointment_type_id": individual.id,
            "start": start, "stop": start + timedelta(hours=1), "user_id": cls.referent.id,
            "casework_outcome": "unexcused", "privacy": "private",
        })
        cls.referent_other.with_user(cls.referent_other).calendar_default_privacy = "private"
        start = datetime(2026, 11, 12, 14)
        cls.private_by_default = Event.create({
            "casework_beneficiary_id": cls.dossier_north_other.id, "casework_appointment_type_id": individual.id,
            "start": start, "stop": start + timedelta(hours=1), "user_id": cls.referent_other.id,
            "casework_outcome": "held", "privacy": False,
        })
        cls.Stat = cls.env["casework.stat.appointment"].with_user(cls.secretariat)

    def test_private_rows_show_a_busy_slot(self):
        for event in (self.private, self.private_by_default):
            with self.subTest(event=event.id):
                # what Odoo's calendar hides from the secretariat
                self.assertTrue(event.with_user(self.secretariat).sudo()._check_private_event_conditions())
                (row,) = self.Stat.search_read(
                    [("id", "=", event.id)],
                    ["beneficiary_id", "appointment_type_id", "outcome", "no_show_rate", "start", "user_id",
                     "territory_id"],
                )
                self.assertFalse(row["beneficiary_id"])
                self.assertFalse(row["appointment_type_id"])
                self.assertFalse(row["outcome"])
                self.assertFalse(row["no_show_rate"])
                self.assertEqual(row["start"], event.start)
                self.assertEqual(row["user_id"][0], event.user_id.id)
                self.assertEqual(row["territory_id"][0], self.north.id)
        # nothing of them either through a filter or a group
        self.assertFalse(self.Stat.search([("beneficiary_id", "=", self.dossier_north.id),
                                           ("start", ">=", datetime(2026, 11, 10)),
                                           ("start", "<", datetime(2026, 11, 11))]))

    def test_figures(self):
        self.assertEqual(self.Stat.search_count([]), 6)
        outcomes = dict(self.Stat._read_group([], ["outcome"], ["__count"]))
        self.assertEqual(outcomes, {"held": 2, "unexcused": 1, False: 3})
        # the no-show rate is that of the appointments whose outcome the reader may know
        ((rate,),) = self.Stat._read_group([], [], ["no_show_rate:avg"])
        self.assertAlmostEqual(rate, 100 / 3)
        by_user = dict(self.Stat._read_group([], ["user_id"], ["__count"]))
        self.assertEqual(by_user, {self.referent: 4, self.referent_other: 2})

    def test_public_rows_unchanged(self):
        (row,) = self.Stat.search_read(
            [("user_id", "=", self.referent.id), ("outcome", "=", "unexcused")], ["beneficiary_id", "no_show_rate"],
        )
        self.assertEqual((row["beneficiary_id"][0], row["no_show_rate"]), (self.dossier_north.id, 100.0))

    def test_export_builder_leaves_them_out_of_hidden_fields(self):
        """The export builder counts them as Odoo's group-by does: by date or
        collaborator, yes; by outcome (or any field they hide), not at all."""
        def cells(aggregators, filters=()):
            export = self._export("appointment", aggregators, user=self.secretariat, filters=filters)
            return self._cells(export.with_user(self.secretariat)._casework_table())

        self.assertEqual(sum(cells(["collaborator"]).values()), 6)
        self.assertEqual(cells(["outcome"]), {("Held", "Number"): 2, ("Unexcused absence", "Number"): 1})
        unexcused = self._choice("appointment", "outcome", "unexcused")
        self.assertEqual(cells(["month"], [("outcome", {"choice_ids": [Command.set(unexcused.ids)]})]),
                         {("November 2026", "Number"): 1})
        # the organiser counts their own private appointment
        export = self._export("appointment", ["outcome"], user=self.referent)
        self.assertEqual(self._cells(export.with_user(self.referent)._casework_table())[
            ("Unexcused absence", "Number")], 2)
