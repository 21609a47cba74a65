from datetime import datetime

from odoo.addons.casework_base.tests.common import CaseworkCommon


class EventCommon(CaseworkCommon):
    """The kernel's users and dossiers, two events and three registrations:

    * ``job_fair`` (past, 2026-11-02) and ``info_session`` (upcoming,
      2026-12-01), both of the event types of the module;
    * ``reg_north``: ``dossier_north`` (référent ``referent``, territory
      North) to the job fair, registered by its référent;
    * ``reg_south``: ``dossier_south`` (référent ``referent_south``) to the
      job fair;
    * ``reg_guest``: an employer's recruiter, no dossier.

    Tests freeze the date on 2026-11-15 (the kernel's ``today``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Event = cls.env["event.event"]
        cls.job_fair = Event.create({
            "name": "Forum emploi de Privas",
            "event_type_id": cls.env.ref("casework_event.event_type_job_fair").id,
            "date_begin": datetime(2026, 11, 2, 8, 0),
            "date_end": datetime(2026, 11, 2, 16, 0),
            "casework_animator_id": cls.referent.id,
        })
        cls.info_session = Event.create({
            "name": "Information collective PLIE",
            "event_type_id": cls.env.ref("casework_event.event_type_information_session").id,
            "date_begin": datetime(2026, 12, 1, 8, 30),
            "date_end": datetime(2026, 12, 1, 11, 0),
        })
        Registration = cls.env["event.registration"]
        cls.reg_north = Registration.with_user(cls.referent).create({
            "event_id": cls.job_fair.id, "casework_beneficiary_id": cls.dossier_north.id,
        }).with_env(cls.env)
        cls.reg_south = Registration.with_user(cls.referent_south).create({
            "event_id": cls.job_fair.id, "casework_beneficiary_id": cls.dossier_south.id,
        }).with_env(cls.env)
        cls.reg_guest = Registration.create({
            "event_id": cls.job_fair.id, "name": "Recruteur Le Vivarais",
            "email": "recrutement@levivarais.example.org", "company_name": "Restaurant Le Vivarais",
        })
        # what must never reach a user out of dossier_north's scope
        cls.north_secrets = ("Dupont", "DUPONT", "marie.dupont@example.org", "+33612345678", "06 12 34 56 78")
