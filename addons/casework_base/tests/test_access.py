from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CaseworkCommon

# role -> (read in scope, read out of scope, write in scope, write out of scope, create, unlink in scope)
DOSSIER_MATRIX = {
    "referent": (True, False, True, False, True, False),
    "secretariat": (True, False, True, False, True, False),
    "manager": (True, False, True, False, True, False),
    "fse": (True, False, False, False, False, False),
    "finance": (False, False, False, False, False, False),
    "operator": (False, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False),
    "admin": (True, True, True, True, True, True),
}


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestAccessMatrix(CaseworkCommon):
    """Every role, on every case model: read, write, create, unlink, in and
    out of its scope. In scope means: the référent's active file
    (dossier_north), the secretariat's, manager's and FSE manager's
    territory (North). Out of scope: dossier_south."""

    def _user(self, role):
        return getattr(self, role)

    def _can(self, func):
        try:
            func()
        except (AccessError, UserError):
            return False
        return True

    def _can_read(self, records, user):
        records = records.with_user(user)
        found = records.search([("id", "in", records.ids)]) == records if records.has_access("read") else False
        readable = self._can(lambda: records.read(["display_name"]))
        self.assertEqual(bool(found), readable, "search and read must agree")
        return readable

    def _can_write(self, records, user, vals):
        return self._attempt(lambda: records.with_user(user).write(vals))

    def _can_unlink(self, records, user):
        return self._attempt(lambda: records.with_user(user).unlink())

    def test_dossier_matrix(self):
        for role, expected in DOSSIER_MATRIX.items():
            user = self._user(role)
            with self.subTest(role=role):
                got = (
                    self._can_read(self.dossier_north, user),
                    self._can_read(self.dossier_south, user),
                    self._can_write(self.dossier_north, user, {"memo": "vu"}),
                    self._can_write(self.dossier_south, user, {"memo": "vu"}),
                    self._attempt(lambda: self.env["casework.beneficiary"].with_user(user).create({
                        "civility": "m", "first_name": "Test", "usage_name": f"Create {role}",
                        "birth_date": date(1990, 1, 1), "territory_id": self.north.id,
                    })),
                    self._can_unlink(self.dossier_north, user),
                )
                self.assertEqual(got, expected)

    def test_case_records_matrix(self):
        """Enrolments, veilles, assignments, characteristic values and formal
        notices follow their dossier."""
        for dossier in (self.dossier_north, self.dossier_south):
            dossier.set_characteristic("etat_droit", "ouvert_versable")
            self.env["casework.veille"].create({
                "enrollment_id": dossier.enrollment_ids.id, "reason_id": self.veille_reason.id,
                "date_start": date(2026, 10, 1)})
        models = {
            "enrollment_ids": {"date_first_accompaniment": date(2026, 2, 1)},
            "veille_ids": {"date_end": date(2026, 12, 31)},
            "assignment_ids": {"date_end": date(2026, 11, 30)},
            "characteristic_value_ids": {"date": date(2026, 2, 1)},
        }
        for role, expected in DOSSIER_MATRIX.items():
            user = self._user(role)
            for field, vals in models.items():
                north = (
                    self.dossier_north[field] if field != "veille_ids" else self.dossier_north.enrollment_ids.veille_ids
                )
                south = (
                    self.dossier_south[field] if field != "veille_ids" else self.dossier_south.enrollment_ids.veille_ids
                )
                with self.subTest(role=role, model=north._name):
                    self.assertEqual(self._can_read(north, user), expected[0])
                    self.assertEqual(self._can_read(south, user), expected[1])
                    self.assertEqual(self._can_write(north, user, vals), expected[2])
                    self.assertEqual(self._can_write(south, user, vals), expected[3])

    def test_veille_delete(self):
        veille = self.env["casework.veille"].create({
            "enrollment_id": self.dossier_north.enrollment_ids.id, "reason_id": self.veille_reason.id,
            "date_start": date(2026, 10, 1)})
        self.assertFalse(self._can_unlink(veille, self.fse))
        self.assertFalse(self._can_unlink(veille, self.referent_other))
        self.assertTrue(self._can_unlink(veille, self.referent))

    def test_configuration_is_for_administrators(self):
        program = self.rsa
        for role in ("referent", "secretariat", "manager", "fse", "finance", "operator"):
            with self.subTest(role=role):
                self.assertTrue(self._can_read(program, self._user(role)))
                self.assertFalse(self._can_write(program, self._user(role), {"name": "X"}))
        self.assertTrue(self._can_write(program, self.admin, {"name": "X"}))
        ctype = self.env.ref("casework_base.characteristic_type_right_state")
        self.assertFalse(self._can_write(ctype, self.manager, {"required": False}))
        self.assertTrue(self._can_write(ctype, self.admin, {"required": False}))


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestIdentityLeaks(CaseworkCommon):
    """A beneficiary's name, phone, e-mail or address must not be reachable
    through another model by a user who cannot read the dossier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.dossier_north.partner_id
        cls.out_of_scope = (cls.referent_other, cls.referent_south, cls.finance, cls.operator, cls.outsider)
        cls.in_scope = (cls.referent, cls.secretariat, cls.admin)

    def test_partner(self):
        for user in self.out_of_scope:
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                with self.assertRaises(AccessError):
                    self.partner.with_user(user).read(["name", "phone", "email", "street"])
                self.assertFalse(Partner.search([("name", "ilike", "Dupont")]))
                self.assertFalse(Partner.search([("phone", "=", "+33612345678")]))
                self.assertFalse(Partner.search([("email", "=", "marie.dupont@example.org")]))
                self.assertFalse(Partner.name_search("Dupont"))
                self.assertFalse(Partner.search_read([("id", "=", self.partner.id)], ["name"]))
        for user in self.in_scope:
            with self.subTest(user=user.login):
                self.assertEqual(self.partner.with_user(user).read(["name"])[0]["name"], "DUPONT Marie")
                self.assertTrue(self.env["res.partner"].with_user(user).name_search("Dupont"))

    def test_partner_of_other_contacts_still_visible(self):
        company = self.env["res.partner"].create({"name": "Mairie de Privas", "is_company": True})
        self.assertEqual(company.with_user(self.finance).read(["name"])[0]["name"], "Mairie de Privas")

    def test_dossier_name_search(self):
        for user in self.out_of_scope:
            with self.subTest(user=user.login):
                Beneficiary = self.env["casework.beneficiary"].with_user(user)
                if Beneficiary.has_access("read"):
                    self.assertFalse(Beneficiary.name_search("Dupont"))
                else:
                    with self.assertRaises(AccessError):
                        Beneficiary.name_search("Dupont")

    def test_calendar_event_and_attendees(self):
        event = self.env["calendar.event"].create({
            "name": "Entretien",
            "start": datetime(2026, 11, 20, 9, 0),
            "stop": datetime(2026, 11, 20, 10, 0),
            "user_id": self.referent.id,
            "partner_ids": [Command.link(self.partner.id), Command.link(self.referent.partner_id.id)],
        })
        attendee = event.attendee_ids.filtered(lambda a: a.partner_id == self.partner)
        self.assertTrue(attendee)
        for user in self.out_of_scope:
            with self.subTest(user=user.login):
                Event = self.env["calendar.event"].with_user(user)
                self.assertFalse(Event.search([("id", "=", event.id)]))
                with self.assertRaises(AccessError):
                    event.with_user(user).read(["partner_ids", "attendee_ids"])
                Attendee = self.env["calendar.attendee"].with_user(user)
                self.assertFalse(Attendee.search([("partner_id", "=", self.partner.id)]))
                self.assertFalse(Attendee.search([("common_name", "ilike", "Dupont")]))
                with self.assertRaises(AccessError):
                    attendee.with_user(user).read(["common_name", "email"])
        event_as_referent = event.with_user(self.referent)
        self.assertIn(self.partner, event_as_referent.partner_ids)
        self.assertEqual(attendee.with_user(self.referent).common_name, "DUPONT Marie")

    def test_messages_and_attachments(self):
        message = self.dossier_north.message_post(body="Entretien avec Mme Dupont, tél. 06 12 34 56 78")
        attachment = self.env["ir.attachment"].create({
            "name": "cv_dupont.pdf", "raw": b"%PDF-1.4 Dupont",
            "res_model": "casework.beneficiary", "res_id": self.dossier_north.id})
        partner_note = self.partner.message_post(body="Note sur le contact")
        for user in self.out_of_scope:
            with self.subTest(user=user.login):
                Message = self.env["mail.message"].with_user(user)
                self.assertFalse(Message.search([("id", "in", (message | partner_note).ids)]))
                with self.assertRaises(AccessError):
                    message.with_user(user).read(["body"])
                with self.assertRaises(AccessError):
                    partner_note.with_user(user).read(["body"])
                Attachment = self.env["ir.attachment"].with_user(user)
                self.assertFalse(Attachment.search([("id", "=", attachment.id)]))
                with self.assertRaises(AccessError):
                    attachment.with_user(user).read(["name", "datas"])
        self.assertTrue(message.with_user(self.referent).read(["body"]))
        self.assertTrue(attachment.with_user(self.referent).read(["name"]))

    def test_followers(self):
        company = self.env["res.partner"].create({"name": "Entreprise d'accueil", "is_company": True})
        company.message_subscribe(partner_ids=self.partner.ids)
        self.dossier_north.message_subscribe(partner_ids=self.partner.ids)
        for user in self.out_of_scope:
            with self.subTest(user=user.login):
                Followers = self.env["mail.followers"].with_user(user)
                self.assertFalse(Followers.search([("partner_id", "=", self.partner.id)]))
                self.assertFalse(Followers.search([("res_model", "=", "res.partner"), ("res_id", "=", company.id)]))
        followers = self.env["mail.followers"].with_user(self.referent).search([("partner_id", "=", self.partner.id)])
        self.assertEqual(len(followers), 2)
