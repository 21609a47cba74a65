from datetime import date, datetime, timedelta

from odoo.fields import Command

from odoo.addons.casework_offers.tests.common_step import StepCommon

# the filter values the tests give each kind of filter
SAMPLE_VALUES = {
    "territory_ids": "north",
    "program_ids": "rsa",
    "user_ids": "referent",
    "offer_ids": "offer",
    "classification_ids": "classification",
    "option_ids": "option",
    "exit_motive_ids": "motive",
}


class ExportCommon(StepCommon):
    """The kernel's three dossiers and two more, with known figures:

    ============================  =======  =================  ======  ====  ==========
    dossier                       terr.    référent           gender  age   RSA entry
    ============================  =======  =================  ======  ====  ==========
    ``dossier_north``             Nord     ``referent``       female  41    2026-01-05
    ``dossier_north_other``       Nord     ``referent_other`` female  41    2026-01-05
    ``dossier_north_young``       Nord     ``referent``       male    22    2026-03-10
    ``dossier_south``             Sud      ``referent_south`` female  41    2026-01-05
    ``dossier_south_senior``      Sud      ``referent_south`` male    61    2026-01-05
    ============================  =======  =================  ======  ====  ==========

    (ages on 15 November 2026). ``dossier_north_other`` left the RSA on
    1 October 2026 for a job. Appointments: three of ``dossier_north``
    (two held, one missed), one of ``dossier_north_other``, one of
    ``dossier_south``. Steps: ``dossier_north`` and ``dossier_south`` on
    ``offer``; ``dossier_north_young`` on ``offer_sessions`` with 7 hours
    of attendance. Contracts: ``dossier_north`` and ``dossier_south``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.dossier_north_young = cls._create_dossier(
            "Martin", "Lucas", cls.north, cls.referent, start=date(2026, 3, 10),
            civility="m", birth_date=date(2004, 6, 1),
        )
        cls.dossier_south_senior = cls._create_dossier(
            "Bernard", "Jean", cls.south, cls.referent_south, civility="m", birth_date=date(1965, 2, 1),
        )
        cls.dossier_north_other.enrollment_ids.write({"date_exit": date(2026, 10, 1), "exit_motive_id": cls.motive.id})
        cls.classification = env["casework.offer.classification"].create({"name": "Formation qualifiante"})
        cls.offer.classification_id = cls.classification
        cls.option = env.ref("casework_base.characteristic_option_etat_droit_ouvert_versable")
        cls.dossier_north.set_characteristic(cls.option.type_id.code, cls.option, date(2026, 2, 1))

        individual = env.ref("casework_appointment.appointment_type_individual")

        def book(dossier, user, start, outcome):
            return env["calendar.event"].create({
                "casework_beneficiary_id": dossier.id, "casework_appointment_type_id": individual.id,
                "start": start, "stop": start + timedelta(hours=1), "user_id": user.id, "casework_outcome": outcome,
            })

        book(cls.dossier_north, cls.referent, datetime(2026, 10, 5, 9), "held")
        book(cls.dossier_north, cls.referent, datetime(2026, 11, 2, 9), "held")
        book(cls.dossier_north, cls.referent, datetime(2026, 11, 9, 9), "unexcused")
        book(cls.dossier_north_other, cls.referent_other, datetime(2026, 11, 3, 9), "held")
        book(cls.dossier_south, cls.referent_south, datetime(2026, 11, 4, 9), "held")

        Step = env["casework.step"]
        for dossier in (cls.dossier_north, cls.dossier_south):
            Step.create({
                "beneficiary_id": dossier.id, "offer_id": cls.offer.id,
                "date_planned_start": date(2026, 11, 16), "date_planned_end": date(2026, 12, 18),
            })
        cls.step_sessions = Step.create({
            "beneficiary_id": cls.dossier_north_young.id, "offer_id": cls.offer_sessions.id,
            "session_id": cls.session.id, "date_planned_start": date(2026, 11, 2),
            "date_planned_end": date(2026, 11, 27),
        })
        env["casework.attendance"].create({
            "session_id": cls.session.id, "step_id": cls.step_sessions.id, "state": "present", "hours": 7.0,
        })
        theme = env.ref("casework_cer.contract_theme_employment")
        for dossier in (cls.dossier_north, cls.dossier_south):
            env["casework.contract"].create({
                "beneficiary_id": dossier.id, "situation": "Recherche d'emploi",
                "objective_ids": [Command.create({
                    "theme_id": theme.id, "person_action": "Postuler", "referent_action": "Atelier CV",
                })],
            })
        cls.Component = env["casework.export.component"]

    @classmethod
    def _component(cls, countable, kind, key):
        component = cls.Component.search([("countable", "=", countable), ("kind", "=", kind), ("key", "=", key)])
        assert component, f"no {kind} {key} for {countable}"
        return component

    @classmethod
    def _export(cls, countable, aggregators=(), filters=(), user=None, **vals):
        """A saved export created as ``user`` (default the manager).

        :param aggregators: keys, in order
        :param filters: list of (key, {line values})
        """
        return cls.env["casework.export"].with_user(user or cls.manager).create({
            "name": f"Export {countable}",
            "countable": countable,
            "aggregator_ids": [
                Command.create({"component_id": cls._component(countable, "aggregator", key).id, "sequence": i})
                for i, key in enumerate(aggregators)
            ],
            "filter_ids": [
                Command.create({"component_id": cls._component(countable, "filter", key).id, **values})
                for key, values in filters
            ],
            **vals,
        })

    def _choice(self, countable, filter_key, value):
        parent = self._component(countable, "filter", filter_key)
        return self.Component.search([("parent_id", "=", parent.id), ("key", "=", value)])

    @staticmethod
    def _cells(table):
        """{(row labels..., column label): figure} of a table, masked cells as "masked"."""
        result = {}
        for i, labels in enumerate(table.row_labels):
            for j, column in enumerate(table.column_labels):
                result[(*labels, column)] = "masked" if (i, j) in table.masked else table.values[i][j]
        return result
