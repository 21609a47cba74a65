from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD
from odoo.addons.casework_feed.tests.test_feed_import import FeedCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestReferentPicker(FeedCommon):
    """Only active users of the référent group (the secretariat and heads
    of service imply it) are designated référent de parcours: by the daily
    feed, the assignment form, or any code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feed_user = new_test_user(cls.env, login="cw_feed_picker", password=PASSWORD,
                                      groups="base.group_user,casework_feed.group_casework_feed")
        cls.former = new_test_user(cls.env, login="cw_former_referent", password=PASSWORD,
                                   groups="base.group_user,casework_base.group_casework_referent")
        cls.former.casework_external_code = "REF-OLD"
        cls.former.active = False

    def test_feed_rejects_users_who_are_not_referents(self):
        """Finance, operators, the feed's own technical user or a former
        référent were accepted as référent de parcours."""
        run = self.feed([
            self.line("P001", referent="cw_finance"),
            self.line("P002", referent="cw_operator"),
            self.line("P003", referent="cw_feed_picker"),
            self.line("P004", referent="cw_outsider"),
            self.line("P005", referent="REF-OLD"),
            self.line("P006", referent="cw_secretariat"),
            self.line("P007", referent="REF-042"),
        ])
        self.assertEqual(run.state, "done", run.error)
        rejects = {reject.line_number: (reject.column, reject.reason) for reject in run.reject_ids}
        self.assertEqual(sorted(rejects), [2, 3, 4, 5, 6])
        for number, value in ((2, "cw_finance"), (3, "cw_operator"), (4, "cw_feed_picker"), (5, "cw_outsider"),
                              (6, "REF-OLD")):
            self.assertEqual(rejects[number], (
                "REFERENT", f"“{value}” is not a référent: only an active user with the role Referent (or "
                "Secretariat, Head of service) can be référent de parcours.",
            ))
        self.assertFalse(self.dossier("P001") or self.dossier("P005"))
        self.assertEqual(self.dossier("P006").referent_id, self.secretariat)
        self.assertEqual(self.dossier("P007").referent_id, self.referent_other)

    def test_feed_reorientation_to_a_non_referent_rejected(self):
        self.feed([self.line("P010")])
        dossier = self.dossier("P010")
        run = self.feed([self.line("P010", referent="cw_finance")], file_date=date(2026, 11, 16))
        self.assertEqual(run.rejected_count, 1)
        self.assertIn("is not a référent", run.reject_ids.reason)
        self.assertEqual(dossier.referent_id, self.referent)

    def test_assignment_of_a_non_referent_refused_whoever_creates_it(self):
        Assignment = self.env["casework.referent.assignment"]
        for creator in (self.env.user, self.admin, self.secretariat):
            for user in (self.finance, self.operator, self.feed_user, self.outsider, self.former):
                with self.subTest(creator=creator.login, user=user.login), \
                        self.assertRaisesMessage(ValidationError, f"{user.name} is not a référent"):
                    Assignment.with_user(creator).create({
                        "beneficiary_id": self.dossier_north.id, "user_id": user.id, "role": "etape",
                        "date_start": date(2026, 11, 15), "date_end": date(2026, 12, 31),
                    })
        assignment = self.dossier_north.assignment_ids[:1]
        with self.assertRaisesMessage(ValidationError, "is not a référent"):
            assignment.write({"user_id": self.finance.id})
        stage = Assignment.with_user(self.secretariat).create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.manager.id, "role": "etape",
            "date_start": date(2026, 11, 15), "date_end": date(2026, 12, 31),
        })
        self.assertEqual(stage.user_id, self.manager, "a head of service implies the référent group")

    def test_assignment_picker_offers_the_referent_group(self):
        """The domain only offered users given the référent group itself, not
        the secretariat or heads of service."""
        domain = self.env["casework.referent.assignment"]._fields["user_id"]._description_domain(self.env)
        offered = self.env["res.users"].search(domain)
        for user in (self.referent, self.secretariat, self.manager, self.admin):
            self.assertIn(user, offered)
        for user in (self.finance, self.operator, self.feed_user, self.outsider, self.former):
            self.assertNotIn(user, offered)
