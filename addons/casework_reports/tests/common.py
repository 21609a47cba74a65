from datetime import date

from odoo.addons.casework_cer.tests.common import ContractCommon


class ReportsCommon(ContractCommon):
    """The kernel's dossiers and users (``CaseworkCommon``), two structures
    of the North territory, and known situations, on 15 November 2026:

    * ``dossier_north`` (référent ``referent``, structure CCAS Privas): a
      validated contract ending on 1 December 2026 (16 days left), right
      closed, date actualisation 1 November 2026 (older than 5 days), address
      in the Drôme while the North territory is in the Ardèche;
    * ``dossier_north_other`` (``referent_other``, AMESUD): no contract, NSDD,
      date actualisation 14 November 2026, a formal notice requested on
      10 November 2026, its RSA enrolment exited on 31 October 2026;
    * ``dossier_south`` (``referent_south``): a validated contract ended on
      1 November 2026 (-14 days), right closed.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date(2026, 11, 15)
        cls.structure = cls.env["casework.structure"].create({"name": "CCAS Privas", "territory_id": cls.north.id})
        cls.structure_other = cls.env["casework.structure"].create({"name": "AMESUD", "territory_id": cls.north.id})
        cls.referent.casework_structure_id = cls.structure
        cls.referent_other.casework_structure_id = cls.structure_other
        cls.ardeche = cls.env.ref("l10n_fr_department.res_country_department_ardeche")
        cls.north.department_id = cls.ardeche
        cls.dossier_north.write({"zip": "26000", "city": "Valence", "country_id": cls.env.ref("base.fr").id})
        cls.dossier_north_other.write({"zip": "07000", "city": "Privas", "country_id": cls.env.ref("base.fr").id})

        cls.contract_north = cls._contract(
            cls.dossier_north, "validated", date_signature=date(2026, 5, 20), date_start=date(2026, 6, 1),
            date_end=date(2026, 12, 1), date_validation=date(2026, 6, 3))
        cls.contract_south = cls._contract(
            cls.dossier_south, "validated", date_signature=date(2026, 4, 20), date_start=date(2026, 5, 1),
            date_end=date(2026, 11, 1), date_validation=date(2026, 5, 2))

        cls.dossier_north.set_characteristic("etat_droit", "clos", date(2026, 10, 1))
        cls.dossier_south.set_characteristic("etat_droit", "clos", date(2026, 10, 1))
        cls.dossier_north_other.set_characteristic("sdd_nsdd", "nsdd", date(2026, 10, 1))
        cls.dossier_north.set_characteristic("date_actualisation", "2026-11-01", date(2026, 11, 1))
        cls.dossier_north_other.set_characteristic("date_actualisation", "2026-11-14", date(2026, 11, 14))
        cls.notice = cls.env["casework.formal.notice"].create({
            "beneficiary_id": cls.dossier_north_other.id, "request_date": date(2026, 11, 10),
            "request_motive": "Absence au rendez-vous référent",
        })
        cls.dossier_north_other.enrollment_ids.write({
            "date_exit": date(2026, 10, 31), "exit_motive_id": cls.motive.id,
        })
        cls.Report = cls.env["casework.report"]

    def _run(self, code, user, **params):
        """A run of the report ``code`` by ``user`` with ``params``."""
        report = self.env.ref(f"casework_reports.casework_report_{code}")
        return self.env["casework.report.run"].with_user(user).create({"report_id": report.id, **params})

    def _rows(self, code, user, **params):
        return self._run(code, user, **params)._report_records()

    @classmethod
    def _subscribe(cls, user, *codes):
        return cls.env["casework.alert.subscription"].create([
            {"user_id": user.id, "alert_id": cls.env.ref(f"casework_reports.casework_alert_{code}").id}
            for code in codes
        ])

