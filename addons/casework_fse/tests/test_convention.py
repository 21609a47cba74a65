from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import FseCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestConvention(FseCommon):
    """Conventions: pricing, co-funders' shares, who manages them."""

    def _convention_vals(self, **vals):
        return {
            "name": "Remobilisation 2026", "reference": "OPCO-26-3", "funder_id": self.opco.id,
            "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31), "pricing_mode": "step",
            "flat_fee": 1500.0, "amount_planned": 30000.0, **vals,
        }

    def test_finance_opens_casework_on_the_conventions(self):
        action = self.env.ref("casework_base.casework_home_action").with_user(self.finance).run()
        self.assertEqual(action["id"], self.env.ref("casework_fse.casework_convention_action").id)

    def test_shares_in_percentages_add_up_to_100(self):
        with self.assertRaisesMessage(ValidationError, "add up to 80.0 %, not 100 %: 20.0 % missing"):
            self.env["casework.convention"].create(self._convention_vals(cofunder_ids=[
                Command.create({"partner_id": self.opco.id, "share_percent": 50.0}),
                Command.create({"partner_id": self.departement.id, "share_percent": 30.0}),
            ]))
        with self.assertRaisesMessage(ValidationError, "add up to 133.33 %, not 100 %: 33.33 % too many"):
            self.env["casework.convention"].create(self._convention_vals(cofunder_ids=[
                Command.create({"partner_id": partner.id, "share_percent": 33.33 if partner != self.opco else 66.67})
                for partner in (self.opco, self.departement, self.fse_funder)
            ]))
        convention = self.env["casework.convention"].create(self._convention_vals(cofunder_ids=[
            Command.create({"partner_id": partner.id, "share_percent": share})
            for partner, share in ((self.opco, 33.34), (self.departement, 33.33), (self.fse_funder, 33.33))
        ]))
        self.assertEqual(convention.cofunder_ids.mapped("amount"), [10002.0, 9999.0, 9999.0])
        shares = convention._get_funder_shares()
        self.assertAlmostEqual(sum(ratio for _partner, ratio in shares), 1.0)
        self.assertEqual(self.convention._get_funder_shares(), [(self.departement, 1.0)])

    def test_shares_in_amounts_add_up_to_the_total(self):
        vals = self._convention_vals(cofunding_mode="amount", cofunder_ids=[
            Command.create({"partner_id": self.opco.id, "share_amount": 20000.0}),
            Command.create({"partner_id": self.departement.id, "share_amount": 9999.99}),
        ])
        with self.assertRaisesMessage(ValidationError, "add up to 29999.99, not to its planned total of 30000.0: "
                                                       "0.01 missing"):
            self.env["casework.convention"].create(vals)
        vals["cofunder_ids"][1][2]["share_amount"] = 10000.0
        convention = self.env["casework.convention"].create(vals)
        self.assertEqual([round(ratio, 4) for _partner, ratio in convention._get_funder_shares()], [0.6667, 0.3333])
        # the planned total changed alone: the shares no longer add up
        with self.assertRaisesMessage(ValidationError, "10000.0 too many"):
            convention.amount_planned = 20000.0

    def test_the_main_funder_is_among_the_cofunders(self):
        with self.assertRaisesMessage(ValidationError, "add the share of the main funder, OPCO Cohésion sociale"):
            self.env["casework.convention"].create(self._convention_vals(cofunder_ids=[
                Command.create({"partner_id": self.departement.id, "share_percent": 50.0}),
                Command.create({"partner_id": self.fse_funder.id, "share_percent": 50.0}),
            ]))

    def test_funders_are_organisations_of_the_directory(self):
        """A convention's funder and co-funders are organisations with the
        funder profile: never the partner of a dossier's person, whom every
        territory would then read as a funder."""
        person = self.dossier_north.partner_id
        operator = self.env["res.partner"].create({"name": "Association Tremplin", "is_company": True})
        Convention = self.env["casework.convention"].with_user(self.fse)
        for partner in (person, operator):
            with self.assertRaisesMessage(ValidationError, "is not a funder of the directory"):
                self.convention.with_user(self.fse).write({"funder_id": partner.id})
            with self.assertRaisesMessage(ValidationError, "is not a funder of the directory"):
                Convention.create(self._convention_vals(reference="OPCO-26-4", funder_id=partner.id))
            with self.assertRaisesMessage(ValidationError, "is not a funder of the directory"):
                self.fse_convention.cofunder_ids[1].with_user(self.fse).write({"partner_id": partner.id})
        self.assertEqual(self.convention.funder_id, self.departement)
        self.convention.with_user(self.fse).write({"funder_id": self.opco.id})
        self.assertEqual(self.convention.funder_id, self.opco)

    def test_shares_edited_in_the_form_and_line_by_line(self):
        """The form changes several shares at once (passing through sums
        that do not add up); a share changed on its own is checked before
        the transaction commits."""
        with Form(self.fse_convention.with_user(self.finance)) as form:
            with form.cofunder_ids.edit(0) as line:
                line.share_percent = 70.0
            with form.cofunder_ids.edit(1) as line:
                line.share_percent = 30.0
        self.assertEqual(self.fse_convention.cofunder_ids.mapped("share_percent"), [70.0, 30.0])
        self.env.cr.precommit.run()
        with self.assertRaisesMessage(ValidationError, "add up to 95.0 %, not 100 %: 5.0 % missing"):
            self.fse_convention.cofunder_ids[0].with_user(self.finance).share_percent = 65.0
            self.env.cr.precommit.run()

    def test_price_of_the_pricing(self):
        with self.assertRaisesMessage(ValidationError, "priced by the hour: give its hourly rate"):
            self.env["casework.convention"].create(self._convention_vals(pricing_mode="hourly", flat_fee=0))
        with self.assertRaisesMessage(ValidationError, "priced by a flat fee: give the fee"):
            self.env["casework.convention"].create(self._convention_vals(flat_fee=0))

    def test_who_manages_conventions(self):
        Convention = self.env["casework.convention"]
        for user in (self.finance, self.fse, self.admin):
            created = Convention.with_user(user).create(self._convention_vals(reference=f"REF-{user.login}"))
            created.with_user(user).write({"funded_hours": 120.0, "chorus_service_code": "SERV-INSERTION"})
        self.assertTrue(self._attempt(lambda: created.with_user(self.finance).unlink()))
        self.assertFalse(self._attempt(lambda: created.with_user(self.fse).unlink()))
        for user in (self.referent, self.secretariat, self.manager, self.operator, self.outsider):
            self.assertFalse(self._attempt(lambda user=user: Convention.with_user(user).create(
                self._convention_vals(reference="X"))), user.login)
            self.assertFalse(self._attempt(lambda user=user: self.convention.with_user(user).write({"name": "X"})))

    def test_referents_read_the_name_only(self):
        convention = self.convention.with_user(self.referent)
        self.assertEqual(convention.display_name, "CD07-2026-014 – Ateliers emploi 2026")
        self.assertEqual(
            self.env["casework.convention"].with_user(self.referent).name_search("CD07")[0][0], convention.id,
        )
        for fname in ("hourly_rate", "amount_planned", "cofunder_ids", "hours_attended", "signed_file",
                      "chorus_commitment_number"):
            with self.assertRaises(AccessError):
                convention.read([fname])
        for user in (self.operator, self.outsider):
            with self.assertRaises(AccessError):
                self.convention.with_user(user).read(["name"])

    def test_validity_and_amounts_checked(self):
        for vals in ({"date_end": date(2025, 12, 31)}, {"flat_fee": -5}):
            with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
                self.env["casework.convention"].create(self._convention_vals(**vals))
                self.env.flush_all()
