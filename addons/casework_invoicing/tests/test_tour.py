from datetime import datetime, time, timedelta

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, CaseworkCommon
from odoo.addons.casework_base.tools.dates import casework_today


@tagged("post_install", "-at_install")
class TestTour(CaseworkCommon, HttpCase):
    """In the browser: finance invoices a co-funded convention for the
    previous month and gets one invoice per co-funder share, summing to the
    total."""

    test_cursor_lock_timeout = 60

    def test_finance_invoices_a_month_tour(self):
        # the browser runs on the real clock: a session in the middle of the previous month
        today = casework_today(self.env)
        first = today.replace(day=1)
        session_day = (first - timedelta(days=1)).replace(day=15)
        env = self.env

        def funder(name):
            return env["res.partner"].create({
                "name": name, "is_company": True, "casework_profile_ids": [Command.create({"role": "funder"})],
            })

        departement, opco = funder("Département Tour"), funder("OPCO Tour")
        operator = env["res.partner"].create({
            "name": "Tour Formation", "is_company": True,
            "casework_profile_ids": [Command.create({"role": "operator"})],
        })
        offer = env["casework.offer"].create({
            "name": "Atelier Tour", "date_start": session_day - timedelta(days=60),
            "date_end": today + timedelta(days=60), "operator_id": operator.id,
        })
        convention = env["casework.convention"].create({
            "name": "Convention Tour", "reference": "TOUR-2026", "funder_id": departement.id,
            "funding_type": "mixed", "date_start": offer.date_start, "date_end": offer.date_end,
            "pricing_mode": "hourly", "hourly_rate": 37.0, "amount_planned": 1000.0,
            "offer_ids": [Command.set(offer.ids)],
            "cofunder_ids": [
                Command.create({"partner_id": departement.id, "share_percent": 66.67}),
                Command.create({"partner_id": opco.id, "share_percent": 33.33}),
            ],
        })
        session = env["casework.offer.session"].create({
            "name": "Séance Tour", "offer_id": offer.id,
            "date_start": datetime.combine(session_day, time(8)), "date_end": datetime.combine(session_day, time(11)),
        })
        for dossier in (self.dossier_north, self.dossier_south):
            step = env["casework.step"].create({
                "beneficiary_id": dossier.id, "offer_id": offer.id, "state": "step",
                "date_start": offer.date_start, "date_planned_start": offer.date_start,
                "date_planned_end": offer.date_end, "convention_id": convention.id,
            })
            env["casework.attendance"].create({"step_id": step.id, "session_id": session.id, "state": "present"})
        self.start_tour(
            f"/odoo/action-casework_fse.casework_convention_action/{convention.id}", "casework_invoicing_tour",
            login=self.finance.login, password=PASSWORD, timeout=180,
        )
        moves = env["account.move"].search([("casework_convention_id", "=", convention.id)])
        self.assertEqual(moves.partner_id, departement | opco)
        # 2 × 3 h × 37 € = 222 €: 148.01 + 73.99
        self.assertAlmostEqual(sum(moves.mapped("amount_total")), 222.0, places=2)
        self.assertEqual(sorted(moves.mapped("amount_total")), [73.99, 148.01])
        self.assertFalse(convention.with_user(self.finance)._casework_invoice(
            session_day.replace(day=1), first - timedelta(days=1),
        ))
