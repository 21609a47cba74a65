from datetime import date, datetime

from odoo.fields import Command

from odoo.addons.casework_fse.tests.common import FseCommon


class InvoicingCommon(FseCommon):
    """On top of ``FseCommon`` (the tests run on 15 November 2026), a company
    in France keeping its accounts in euros, and:

    * ``step_a`` and ``step_b``: two dossiers on ``offer`` on the hourly
      ``convention`` (40 € an hour), 4 hours each at ``session_1`` and
      ``session_2`` (November); ``step_b`` signed off 2.5 hours at
      ``session_2``;
    * ``cofunded``: a convention of ``offer_multi`` by the hour (38 €)
      shared 33.34 / 33.33 / 33.33 % between the OPCO, the département and
      the FSE, ``step_c`` on it with 3.5 hours at ``session_multi``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        company = env.company
        eur = env.ref("base.EUR")
        eur.active = True
        if company.currency_id != eur:
            company.currency_id = eur
        company.country_id = env.ref("base.fr")
        cls.journal = env["account.journal"].search([
            *env["account.journal"]._check_company_domain(company), ("type", "=", "sale"),
        ], limit=1)
        cls.convention.write({"chorus_service_code": "DGAS-INSERTION", "chorus_commitment_number": "EJ20260004512"})
        cls.step_a = cls._started_step(cls.dossier_north, cls.offer, date(2026, 10, 1), cls.convention)
        cls.step_b = cls._started_step(cls.dossier_north_other, cls.offer, date(2026, 10, 1), cls.convention)
        for step in (cls.step_a, cls.step_b):
            cls._attend(step, cls.session_1)
        cls._attend(cls.step_a, cls.session_2)
        cls._attend(cls.step_b, cls.session_2, hours=2.5)
        cls.cofunded = env["casework.convention"].create({
            "name": "Permis accompagné 2026", "reference": "OPCO-26-9", "funder_id": cls.opco.id,
            "funding_type": "mixed", "date_start": date(2026, 1, 1), "date_end": date(2027, 2, 28),
            "pricing_mode": "hourly", "hourly_rate": 38.0, "amount_planned": 9000.0,
            "offer_ids": [Command.set(cls.offer_multi.ids)],
            "cofunder_ids": [
                Command.create({"partner_id": cls.opco.id, "share_percent": 33.34}),
                Command.create({"partner_id": cls.departement.id, "share_percent": 33.33}),
                Command.create({"partner_id": cls.fse_funder.id, "share_percent": 33.33}),
            ],
        })
        cls.session_multi = env["casework.offer.session"].create({
            "name": "Code de la route", "offer_id": cls.offer_multi.id,
            "date_start": datetime(2026, 11, 5, 8, 0), "date_end": datetime(2026, 11, 5, 11, 30),
        })
        cls.step_c = cls._started_step(
            cls.dossier_north, cls.offer_multi, date(2026, 10, 5), cls.cofunded, operator_id=cls.operator_a.id,
        )
        cls._attend(cls.step_c, cls.session_multi)

    def _invoice(self, conventions=None, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), user=None):
        conventions = conventions if conventions is not None else self.convention
        return conventions.with_user(user or self.finance)._casework_invoice(date_from, date_to)

    def _credit(self, moves, user=None):
        """Post ``moves`` then credit them in full (Odoo's reversal wizard),
        as ``user`` (default finance); returns the credit notes."""
        moves = moves.with_user(user or self.finance)
        moves.filtered(lambda move: move.state == "draft").action_post()
        wizard = self.env["account.move.reversal"].with_user(user or self.finance).with_context(
            active_model="account.move", active_ids=moves.ids,
        ).create({"journal_id": moves[:1].journal_id.id, "reason": "Correction des heures"})
        action = wizard.refund_moves()
        credit_notes = self.env["account.move"].browse(action.get("res_id") or []) or self.env["account.move"].search(
            [("reversed_entry_id", "in", moves.ids)],
        )
        credit_notes.with_user(user or self.finance).action_post()
        return credit_notes
