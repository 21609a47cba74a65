from odoo.tests import tagged

from .common import CaseworkCommon


@tagged("post_install", "-at_install")
class TestPartnerRows(CaseworkCommon):
    """Rows that point to a partner (followers, attendees, calendar filters,
    notifications, SMS) follow the partners' rule, row by row: a row
    pointing to a person out of scope, or to a partner under that person,
    is hidden; the others are not."""

    def setUp(self):
        super().setUp()
        self.person = self.dossier_north.partner_id
        # a contact under the person (their name shows in its display name)
        self.relative = self.env["res.partner"].create({"name": "Sœur", "parent_id": self.person.id})
        self.company = self.env["res.partner"].create({"name": "Menuiserie Durand", "is_company": True})
        self.colleague = self.env["res.partner"].create({"name": "Jean Collègue"})
        Followers = self.env["mail.followers"]
        self.rows = {
            partner: Followers.create({"res_model": "res.partner", "res_id": self.company.id,
                                       "partner_id": partner.id})
            for partner in (self.person, self.relative, self.colleague)
        }

    def _read(self, user):
        rows = self.env["mail.followers"].with_user(user).search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.company.id)])
        return rows.sudo().partner_id

    def test_rows_follow_the_partners_rule(self):
        everyone = self.person | self.relative | self.colleague
        self.assertEqual(self._read(self.referent), everyone)
        for user in (self.referent_south, self.finance, self.outsider):
            with self.subTest(user=user.login):
                self.assertEqual(self._read(user), self.colleague)

    def test_the_field_answers_for_the_user(self):
        rows = self.rows[self.person] | self.rows[self.relative] | self.rows[self.colleague]
        self.assertEqual(rows.with_user(self.referent).mapped("casework_partner_visible"), [True, True, True])
        self.assertEqual(rows.with_user(self.referent_south).mapped("casework_partner_visible"), [False, False, True])

    def test_a_document_that_is_a_hidden_person(self):
        # the followers of the person's own partner: the document itself is hidden
        row = self.env["mail.followers"].create({"res_model": "res.partner", "res_id": self.person.id,
                                                 "partner_id": self.colleague.id})
        Followers = self.env["mail.followers"]
        self.assertIn(row, Followers.with_user(self.referent).search([("res_id", "=", self.person.id)]))
        self.assertNotIn(row, Followers.with_user(self.referent_south).search([("res_id", "=", self.person.id)]))
