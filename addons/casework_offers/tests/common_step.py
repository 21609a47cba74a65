from datetime import date, datetime

from odoo.fields import Command

from odoo.addons.casework_base.tests.common import CaseworkCommon


class StepCommon(CaseworkCommon):
    """Two operators and an employer in the directory, and three offers of
    2026 (the tests run on 15 November 2026):

    * ``offer``: run by ``operator_a``, no sessions;
    * ``offer_sessions``: run by ``operator_a``, managed by sessions, with
      ``session`` (2 to 27 November, 2 seats);
    * ``offer_multi``: run by ``operator_a`` or ``operator_b``, chosen at
      enrolment.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env

        def organisation(name, role):
            return env["res.partner"].create({
                "name": name, "is_company": True, "casework_profile_ids": [Command.create({"role": role})],
            })

        cls.operator_a = organisation("Ardèche Insertion Formation", "operator")
        cls.operator_b = organisation("Compétences Plus Rhône", "operator")
        cls.employer = organisation("Boulangerie du Vivarais", "employer")
        Offer = env["casework.offer"]
        cls.offer = Offer.create({
            "name": "Atelier CV et lettre de motivation", "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31), "operator_id": cls.operator_a.id,
        })
        cls.offer_sessions = Offer.create({
            "name": "Découverte des métiers du soin", "date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31),
            "operator_id": cls.operator_a.id, "use_sessions": True,
        })
        cls.session = env["casework.offer.session"].create({
            "name": "Session de novembre", "offer_id": cls.offer_sessions.id,
            "date_start": datetime(2026, 11, 2, 8, 0), "date_end": datetime(2026, 11, 27, 16, 0), "capacity": 2,
        })
        cls.offer_multi = Offer.create({
            "name": "Permis B accompagné", "date_start": date(2026, 3, 1), "date_end": date(2027, 2, 28),
            "is_multi_operator": True, "operator_ids": [Command.set((cls.operator_a | cls.operator_b).ids)],
        })
        cls.completed = env.ref("casework_offers.step_end_reason_completed")
        cls.dropout = env.ref("casework_offers.step_end_reason_dropout")

    @classmethod
    def _propose(cls, dossier=None, offer=None, user=None, **vals):
        """A positioning of ``dossier`` (default ``dossier_north``) on
        ``offer`` (default ``offer``), created as ``user`` (default its
        référent)."""
        offer = offer or cls.offer
        return cls.env["casework.step"].with_user(user or cls.referent).create({
            "beneficiary_id": (dossier or cls.dossier_north).id,
            "offer_id": offer.id,
            "date_planned_start": date(2026, 11, 16),
            "date_planned_end": date(2026, 12, 18),
            **vals,
        })
