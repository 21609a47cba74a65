from datetime import date, datetime

from odoo.fields import Command

from odoo.addons.casework_offers.tests.common_step import StepCommon


class FseCommon(StepCommon):
    """Three funders of the directory and, on top of ``StepCommon``'s offers
    of 2026 (the tests run on 15 November 2026):

    * ``convention``: the département funds ``offer`` by the hour (40 €),
      2026, 100 hours funded, planned total 4,000 €;
    * ``fse_offer``: the FSE operation "FSE 2026 Accompagnateurs emploi",
      funded by ``fse_convention`` (flat fee per participant, 600 €,
      co-funded 60 % FSE and 40 % the département);
    * two sessions of ``offer`` in November (4 hours each).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env

        def funder(name):
            return env["res.partner"].create({
                "name": name, "is_company": True, "casework_profile_ids": [Command.create({"role": "funder"})],
            })

        cls.departement = funder("Département de l'Ardèche")
        cls.fse_funder = funder("Fonds social européen")
        cls.opco = funder("OPCO Cohésion sociale")
        cls.fse_classification = env.ref("casework_fse.offer_classification_fse")
        cls.convention = env["casework.convention"].create({
            "name": "Ateliers emploi 2026", "reference": "CD07-2026-014", "funder_id": cls.departement.id,
            "funding_type": "public", "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
            "pricing_mode": "hourly", "hourly_rate": 40.0, "funded_hours": 100.0, "amount_planned": 4000.0,
            "offer_ids": [Command.set(cls.offer.ids)],
        })
        cls.fse_offer = env["casework.offer"].create({
            "name": "FSE 2026 Accompagnateurs emploi", "classification_id": cls.fse_classification.id,
            "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31), "operator_id": cls.operator_a.id,
        })
        cls.fse_offer_2027 = env["casework.offer"].create({
            "name": "FSE 2027 Accompagnateurs emploi", "classification_id": cls.fse_classification.id,
            "date_start": date(2027, 1, 1), "date_end": date(2027, 12, 31), "operator_id": cls.operator_a.id,
        })
        cls.fse_convention = env["casework.convention"].create({
            "name": "Accompagnateurs emploi FSE", "reference": "FSE-2026-07", "funder_id": cls.fse_funder.id,
            "funding_type": "mixed", "date_start": date(2026, 1, 1), "date_end": date(2027, 12, 31),
            "pricing_mode": "participant", "flat_fee": 600.0, "amount_planned": 60000.0,
            "offer_ids": [Command.set((cls.fse_offer | cls.fse_offer_2027).ids)],
            "cofunder_ids": [
                Command.create({"partner_id": cls.fse_funder.id, "share_percent": 60.0}),
                Command.create({"partner_id": cls.departement.id, "share_percent": 40.0}),
            ],
        })
        Session = env["casework.offer.session"]
        cls.session_1 = Session.create({
            "name": "Atelier du 3 novembre", "offer_id": cls.offer.id,
            "date_start": datetime(2026, 11, 3, 8, 0), "date_end": datetime(2026, 11, 3, 12, 0),
        })
        cls.session_2 = Session.create({
            "name": "Atelier du 10 novembre", "offer_id": cls.offer.id,
            "date_start": datetime(2026, 11, 10, 8, 0), "date_end": datetime(2026, 11, 10, 12, 0),
        })

    @classmethod
    def _started_step(cls, dossier, offer, start, convention=None, **vals):
        """A step in progress of ``dossier`` on ``offer`` since ``start``
        (created in superuser mode)."""
        return cls.env["casework.step"].create({
            "beneficiary_id": dossier.id, "offer_id": offer.id, "state": "step", "date_start": start,
            "date_planned_start": start, "date_planned_end": offer.date_end,
            "convention_id": convention.id if convention else False, **vals,
        })

    @classmethod
    def _attend(cls, step, session, hours=None):
        vals = {"step_id": step.id, "session_id": session.id, "state": "present"}
        if hours is not None:
            vals["hours"] = hours
        return cls.env["casework.attendance"].create(vals)
