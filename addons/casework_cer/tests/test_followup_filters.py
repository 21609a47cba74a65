from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestFollowupFilters(ContractCommon):
    """The contracts' lists: to renew within N days (typed by the user),
    signed in the last N days, the current référent and their structure
    (search and group by), and the export of what the user reads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.structure = cls.env["casework.structure"].create({"name": "CCAS Privas", "territory_id": cls.north.id})
        cls.structure_other = cls.env["casework.structure"].create({"name": "AMESUD", "territory_id": cls.north.id})
        cls.referent.casework_structure_id = cls.structure
        cls.referent_other.casework_structure_id = cls.structure_other

    def _view_domain(self, field_name, typed):
        """The domain the contracts' search view builds when ``typed`` is
        searched in ``field_name`` (its ``filter_domain``, ``self`` being the
        value)."""
        arch = self.env["casework.contract"].get_view(
            self.env.ref("casework_cer.casework_contract_view_search").id, "search")["arch"]
        node = etree.fromstring(arch).xpath(f"//field[@name='{field_name}']")[0]
        return safe_eval(node.get("filter_domain"), {"self": typed})

    def _search(self, field_name, typed, user=None):
        Contract = self.Contract.with_user(user) if user else self.Contract
        return Contract.search(self._view_domain(field_name, typed) + [("id", "in", self.contracts.ids)])

    def _ending(self, day, **vals):
        return self._contract(self.dossier_north, "validated", date_start=date(2025, 12, 1), date_end=day, **vals)

    @freeze_time("2026-01-31 10:00:00")
    def test_to_renew_within_n_days_from_the_31st(self):
        end_feb = self._ending(date(2026, 2, 28))
        first_march = self._ending(date(2026, 3, 1))
        last = self._ending(date(2026, 2, 10), is_last=True)
        refused = self._contract(self.dossier_north, "refused", date_start=date(2025, 12, 1),
                                 date_end=date(2026, 2, 1))
        self.contracts = end_feb | first_march | last | refused
        self.assertEqual(end_feb.days_to_end, 28)
        self.assertEqual(self._search("days_to_end", 28), end_feb, "not the last contract, not a refused one")
        self.assertEqual(self._search("days_to_end", 29), end_feb | first_march)
        self.assertFalse(self._search("days_to_end", 27))

    @freeze_time("2028-02-28 10:00:00")
    def test_to_renew_across_a_leap_day(self):
        leap = self._ending(date(2028, 2, 29))
        march = self._ending(date(2028, 3, 1))
        self.contracts = leap | march
        self.assertEqual((leap.days_to_end, march.days_to_end), (1, 2))
        self.assertEqual(self._search("days_to_end", 1), leap)
        self.assertEqual(self._search("days_to_end", 2), leap | march)

    @freeze_time("2026-03-31 10:00:00")
    def test_overdue_with_negative_days(self):
        ended_10 = self._ending(date(2026, 3, 21))
        ended_31 = self._ending(date(2026, 2, 28))
        running = self._ending(date(2026, 4, 30))
        self.contracts = ended_10 | ended_31 | running
        self.assertEqual(self._search("days_to_end", -10), ended_10 | ended_31)
        self.assertEqual(self._search("days_to_end", -31), ended_31)
        self.assertFalse(self._search("days_to_end", -32))
        self.assertEqual(self._search("days_to_end", 0), ended_10 | ended_31)

    @freeze_time("2026-03-31 10:00:00")
    def test_signed_in_the_last_n_days(self):
        today = self._contract(self.dossier_north, date_signature=date(2026, 3, 31))
        end_feb = self._contract(self.dossier_north, date_signature=date(2026, 2, 28))
        older = self._contract(self.dossier_north, date_signature=date(2026, 1, 31))
        later = self._contract(self.dossier_north, date_signature=date(2026, 4, 2))
        self.contracts = today | end_feb | older | later
        self.assertEqual(end_feb.days_since_signature, 31)
        self.assertEqual(self._search("days_since_signature", 0), today)
        self.assertEqual(self._search("days_since_signature", 31), today | end_feb)
        self.assertEqual(self._search("days_since_signature", 59), today | end_feb | older)

    @freeze_time("2026-11-15 10:00:00")
    def test_current_referent_and_structure(self):
        mine = self._contract(self.dossier_north)
        other = self._contract(self.dossier_north_other)
        south = self._contract(self.dossier_south)
        self.contracts = mine | other | south
        self.assertEqual((mine.referent_id, mine.referent_structure_id), (self.referent, self.structure))
        Contract = self.Contract.with_user(self.secretariat)
        self.assertEqual(Contract.search([("referent_structure_id", "=", self.structure.id)]), mine)
        self.assertEqual(Contract.search([("referent_structure_id.name", "ilike", "amesud")]), other)
        self.assertEqual(Contract.search([("referent_id", "=", self.referent_other.id)]), other)
        groups = dict(Contract._read_group([], ["referent_structure_id"], ["__count"]))
        self.assertEqual(groups, {self.structure: 1, self.structure_other: 1}, "the south is not theirs")
        groups = self.Contract.with_user(self.referent)._read_group([], ["referent_id", "territory_id"], ["__count"])
        self.assertEqual(groups, [(self.referent, self.north, 1)])
        # a référent d'étape does not change the current référent (de parcours)
        self.env["casework.referent.assignment"].create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_south.id, "role": "etape",
            "date_start": date(2026, 11, 1), "date_end": date(2026, 12, 31),
        })
        self.env.invalidate_all()
        self.assertEqual(self.Contract.search([("id", "in", self.contracts.ids),
                                               ("referent_id", "=", self.referent.id)]), mine)
        groups = dict(self.Contract._read_group([("id", "in", self.contracts.ids)], ["referent_id"], ["__count"]))
        self.assertEqual(groups, {self.referent: 1, self.referent_other: 1, self.referent_south: 1})
        self.assertTrue(self.Contract._fields["referent_structure_id"]._description_groupable(self.env))

    @freeze_time("2026-11-15 10:00:00")
    def test_export_is_the_users_scope(self):
        mine = self._contract(self.dossier_north)
        self._contract(self.dossier_north_other)
        self._contract(self.dossier_south)
        fields = ["beneficiary_id", "number", "state", "date_signature", "date_end", "referent_id",
                  "referent_structure_id", "territory_id"]
        # exporting is a right of its own (Odoo's "Export: Allowed"), given by the administrators
        (self.referent | self.secretariat).group_ids += self.env.ref("base.group_allow_export")
        Contract = self.Contract.with_user(self.referent)
        rows = Contract.search([]).export_data(fields)["datas"]
        self.assertEqual(rows, [[self.dossier_north.display_name, mine.number, "CER proposition",
                                 date(2026, 11, 15), "", self.referent.name, "CCAS Privas", "Nord"]])
        rows = self.Contract.with_user(self.secretariat).search([]).export_data(["beneficiary_id"])["datas"]
        self.assertEqual(sorted(row[0] for row in rows),
                         sorted([self.dossier_north.display_name, self.dossier_north_other.display_name]))
