"""The one scope of the case data, and its boundaries on the server.

Each test is a way a user outside a dossier's scope (or inside it, beyond
their role) could read a person's identity or change what they may not,
through the ORM as the web client or an RPC client calls it.
"""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import PASSWORD, CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestScopeBoundaries(CaseworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Beneficiary = cls.env["casework.beneficiary"]
        cls.Assignment = cls.env["casework.referent.assignment"]
        cls.partner_south = cls.dossier_south.partner_id

    # -- a context key opens nothing ------------------------------------

    def test_context_keys_open_no_rule(self):
        event = self.env["calendar.event"].create({
            "name": "Entretien GARCIA Inès", "start": datetime(2026, 11, 20, 9), "stop": datetime(2026, 11, 20, 10),
            "user_id": self.referent_south.id, "partner_ids": [Command.link(self.partner_south.id)],
        })
        keys = {"casework_visible_bypass": True, "casework_merge": True, "casework_anonymising": True,
                "casework_feed_orm": True, "active_test": False}
        for user in (self.finance, self.operator, self.referent, self.secretariat, self.outsider):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user).with_context(**keys)
                found = Partner.search_read([("id", "=", self.partner_south.id)], ["name", "phone", "email"])
                self.assertFalse(found)
                self.assertFalse(Partner.name_search("Garcia"))
                Event = self.env["calendar.event"].with_user(user).with_context(**keys)
                self.assertFalse(Event.search_read([("id", "=", event.id)], ["name"]))
                with self.assertRaises(AccessError):
                    self.partner_south.with_user(user).with_context(**keys).read(["name"])

    # -- the person behind a dossier cannot be swapped -------------------

    def test_partner_cannot_be_repointed(self):
        own = self.dossier_north.with_user(self.referent)
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
            own.write({"partner_id": self.partner_south.id})
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
            self.Beneficiary.with_user(self.referent).create({
                "civility": "mme", "first_name": "X", "usage_name": "Y", "birth_date": date(1990, 1, 1),
                "territory_id": self.north.id, "partner_id": self.partner_south.id,
            })
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
            self.Beneficiary.with_user(self.secretariat).with_context(default_partner_id=self.partner_south.id).create({
                "civility": "mme", "first_name": "X", "usage_name": "Y", "birth_date": date(1990, 1, 1),
                "territory_id": self.north.id,
            })
        self.assertEqual(self.dossier_north.partner_id.name, "DUPONT Marie")

    # -- a référent cannot take a dossier --------------------------------

    def test_referent_cannot_take_a_dossier(self):
        unassigned = self.Beneficiary.with_user(self.secretariat).create({
            "civility": "m", "first_name": "Jean", "usage_name": "Sansreferent", "birth_date": date(1980, 5, 5),
            "territory_id": self.north.id,
        })
        self.assertFalse(unassigned.assignment_ids)
        for user in (self.referent_south, self.referent, self.fse):
            readable = bool(self.Beneficiary.with_user(user).search([("id", "=", unassigned.id)]))
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Assignment.with_user(user).create({
                    "beneficiary_id": unassigned.id, "user_id": user.id, "role": "parcours"})
            with self.subTest(user=user.login, role="etape"), self.assertRaises(AccessError):
                self.Assignment.with_user(user).create({
                    "beneficiary_id": unassigned.id, "user_id": user.id, "role": "etape",
                    "date_start": date(2026, 11, 15), "date_end": date(2026, 12, 31)})
            self.assertEqual(bool(self.Beneficiary.with_user(user).search([("id", "=", unassigned.id)])), readable)
            self.assertEqual(readable, user == self.fse, "the FSE manager reads the dossiers of their territory")
        # a secretary of another territory cannot take it either
        secretariat_south = self._secretariat_south()
        with self.assertRaises(AccessError):
            self.Assignment.with_user(secretariat_south).create({
                "beneficiary_id": unassigned.id, "user_id": secretariat_south.id, "role": "parcours"})
        # the secretariat of its territory assigns it
        self.Assignment.with_user(self.secretariat).create({
            "beneficiary_id": unassigned.id, "user_id": self.referent.id, "role": "parcours"})
        self.assertTrue(unassigned.with_user(self.referent).read(["name"]))

    def _secretariat_south(self):
        from odoo.tests import new_test_user

        user = new_test_user(self.env, login="cw_secretariat_south", password=PASSWORD,
                             groups="base.group_user,casework_base.group_casework_secretariat")
        user.casework_territory_ids = [Command.set(self.south.ids)]
        return user

    def test_referent_creates_a_dossier_with_its_first_enrolment(self):
        dossier = self.Beneficiary.with_user(self.referent).create({
            "civility": "m", "first_name": "Karim", "usage_name": "Benali", "birth_date": date(1992, 4, 2),
            "territory_id": self.north.id,
            "enrollment_ids": [Command.create({"program_id": self.rsa.id, "date_entry": date(2026, 11, 15)})],
            "characteristic_value_ids": [Command.create({
                "type_id": self.env.ref("casework_base.characteristic_type_right_state").id,
                "option_id": self.env.ref("casework_base.characteristic_option_etat_droit_ouvert_versable").id,
                "date": date(2026, 11, 15)})],
        })
        self.assertEqual(dossier.referent_id, self.referent)
        self.assertEqual(dossier.enrollment_ids.program_id, self.rsa)
        self.assertEqual(len(dossier.characteristic_value_ids), 1)
        # the référent cannot assign anyone else while creating
        with self.assertRaises(AccessError):
            self.Beneficiary.with_user(self.referent).create({
                "civility": "m", "first_name": "A", "usage_name": "B", "birth_date": date(1990, 1, 1),
                "territory_id": self.north.id,
                "assignment_ids": [Command.create({"user_id": self.referent_south.id, "role": "parcours"})],
            })

    # -- assignments belong to their user, the secretariat and the system --

    def test_stage_referent_cannot_end_the_lead_assignment(self):
        stage = self.Assignment.create({
            "beneficiary_id": self.dossier_north.id, "user_id": self.referent_other.id, "role": "etape",
            "date_start": date(2026, 11, 1), "date_end": date(2026, 12, 31)})
        parcours = self.dossier_north.assignment_ids.filtered(lambda a: a.role == "parcours")
        with self.assertRaisesMessage(AccessError, "only end your own assignments"):
            parcours.with_user(self.referent_other).write({"date_end": date(2026, 11, 14)})
        with self.assertRaisesMessage(AccessError, "only end your own assignments"):
            parcours.with_user(self.referent_other).action_exit(date(2026, 11, 14))
        with self.assertRaises(AccessError):
            parcours.with_user(self.referent_other).unlink()
        self.assertFalse(parcours.date_end)
        self.assertTrue(self.dossier_north.with_user(self.referent).read(["name"]))
        # their own exit is theirs
        stage.with_user(self.referent_other).action_exit(date(2026, 11, 20))
        self.assertEqual(stage.date_end, date(2026, 11, 20))
        self.assertEqual(stage.end_reason, "exit")
        with self.assertRaises(AccessError):
            stage.with_user(self.referent_other).write({"date_end": date(2026, 11, 19), "end_reason": "reorientation"})

    # -- leaving a dossier ends its messages ----------------------------

    def test_exit_unsubscribes_and_stops_notifications(self):
        dossier = self.dossier_north
        dossier.message_subscribe(partner_ids=(self.referent | self.referent_other | self.finance).partner_id.ids)
        parcours = dossier.assignment_ids
        enrollment = dossier.enrollment_ids
        enrollment.message_subscribe(partner_ids=self.referent.partner_id.ids)
        # a message now: finance and the other référent (no access) get nothing
        message = dossier.message_post(body="Point d'étape", message_type="comment", subtype_xmlid="mail.mt_comment")
        notified = message.sudo().notification_ids.res_partner_id
        self.assertIn(self.referent.partner_id, notified)
        self.assertNotIn(self.finance.partner_id, notified)
        self.assertNotIn(self.referent_other.partner_id, notified)
        # the référent exits: yesterday's exit ends the access and the following at once
        parcours.with_user(self.secretariat).write({"date_end": date(2026, 11, 14)})
        followers = dossier.sudo().message_partner_ids
        self.assertNotIn(self.referent.partner_id, followers)
        self.assertNotIn(self.finance.partner_id, followers)
        self.assertNotIn(self.referent.partner_id, enrollment.sudo().message_partner_ids)
        message = dossier.message_post(body="Après la sortie", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertNotIn(self.referent.partner_id, message.sudo().notification_ids.res_partner_id)
        with self.assertRaises(AccessError):
            message.with_user(self.referent).read(["body"])

    def test_exit_at_month_end_unsubscribes_the_day_after(self):
        dossier = self.dossier_north
        dossier.message_subscribe(partner_ids=self.referent.partner_id.ids)
        dossier.assignment_ids.with_user(self.referent).action_exit(date(2026, 11, 30))
        self.assertIn(self.referent.partner_id, dossier.sudo().message_partner_ids, "still in the active file")
        with freeze_time("2026-12-01"):
            self.Beneficiary._cron_unsubscribe_lost_followers()
            self.assertNotIn(self.referent.partner_id, dossier.sudo().message_partner_ids)

    def test_territory_change_unsubscribes(self):
        dossier = self.dossier_north_other
        dossier.message_subscribe(partner_ids=self.secretariat.partner_id.ids)
        dossier.with_user(self.secretariat).write({"territory_id": self.south.id})
        self.assertNotIn(self.secretariat.partner_id, dossier.sudo().message_partner_ids)

    # -- "read-only" is not a boundary ----------------------------------

    def test_system_fields_are_refused(self):
        own = self.dossier_north.with_user(self.referent)
        for vals in (
            {"number": "D2026-999999"},
            {"external_ref": "0123456"},
            {"external_rank": 2},
            {"last_meeting_date": date(2026, 11, 14)},
            {"age_band": "18_25"},
            {"is_anonymised": True},
            {"feed_missing": True},
            {"last_visit_date": datetime(2026, 1, 1)},
        ):
            if not set(vals) <= set(own._fields):
                continue  # a field of an addon not installed (the feed's)
            with self.subTest(vals=vals), self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
                own.write(vals)
        for user in (self.secretariat, self.admin):
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
                self.dossier_north.with_user(user).write({"number": "D2026-999999"})

    def test_territory_is_the_secretariat_s(self):
        with self.assertRaisesMessage(AccessError, "Only the secretariat may move a dossier"):
            self.dossier_north.with_user(self.referent).write({"territory_id": self.south.id})
        self.dossier_north.with_user(self.referent).write({"territory_id": self.north.id, "memo": "même territoire"})
        self.dossier_north.with_user(self.secretariat).write({"territory_id": self.south.id})
        self.assertEqual(self.dossier_north.territory_id, self.south)
        self.assertEqual(self.dossier_north.enrollment_ids.territory_id, self.south, "case records follow")

    def test_records_cannot_move_to_another_dossier(self):
        enrollment = self.dossier_north.enrollment_ids
        value = self.dossier_north.set_characteristic("etat_droit", "ouvert_versable")
        for record, user in ((enrollment, self.referent), (value, self.referent), (enrollment, self.admin)):
            for target in (self.dossier_south, self.dossier_north_other):
                with self.subTest(model=record._name, user=user.login, target=target.number), \
                        self.assertRaises(AccessError):
                    record.with_user(user).write({"beneficiary_id": target.id})
        self.assertEqual(enrollment.beneficiary_id, self.dossier_north)
        self.assertEqual(value.beneficiary_id, self.dossier_north)
        # a stored copy of the territory is not a way in either
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
            enrollment.with_user(self.secretariat).write({"territory_id": self.south.id})
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
            value.with_user(self.referent).write({"is_current": False})

    def test_veille_points_to_its_own_dossier(self):
        enrollment = self.dossier_north.enrollment_ids
        veille = self.env["casework.veille"].with_user(self.referent).create({
            "enrollment_id": enrollment.id, "reason_id": self.veille_reason.id, "date_start": date(2026, 11, 1)})
        with self.assertRaises(AccessError):
            veille.with_user(self.referent).write({"enrollment_id": self.dossier_south.enrollment_ids.id})
        self.assertEqual(veille.beneficiary_id, self.dossier_north)
        veille.with_user(self.referent).action_end()
        self.assertEqual(veille.state, "ended")

    def test_access_errors_name_no_one(self):
        """Debug mode (technical features) shows the names of refused records
        in Odoo's access errors: not in Casework."""
        self.referent_south.group_ids = [Command.link(self.env.ref("base.group_no_one").id)]
        for records in (self.dossier_north, self.dossier_north.partner_id, self.dossier_north.enrollment_ids):
            with self.subTest(model=records._name), self.assertRaises(AccessError) as caught:
                records.with_user(self.referent_south).read(["display_name"])
            self.assertNotIn("DUPONT", str(caught.exception))
            self.assertNotIn("Dupont", str(caught.exception))
            self.assertNotIn(self.dossier_north.number, str(caught.exception))

    def test_no_pointer_to_a_person_out_of_scope(self):
        """Odoo shows the name of what a many-to-one points to whatever the
        reader's access: pointing a record to a person out of scope, saved or
        only in a form's onchange, is refused."""
        person = self.dossier_north.partner_id
        Partner = self.env["res.partner"].with_user(self.referent_south)
        with self.assertRaises(AccessError):
            Partner.create({"name": "Employeur", "parent_id": person.id})
        with self.assertRaises(AccessError):
            Partner.with_context(default_parent_id=person.id).create({"name": "Employeur"})
        spec = {"parent_id": {"fields": {"display_name": {}}}, "name": {}, "display_name": {}}
        with self.assertRaises(AccessError):
            Partner.onchange({"parent_id": person.id, "name": "X"}, [], spec)
        with self.assertRaises(AccessError):
            Partner.onchange({"parent_id": person.id, "name": "X"}, ["parent_id"], spec)
        mine = Partner.create({"name": "Mon contact"})
        with self.assertRaises(AccessError):
            mine.write({"parent_id": person.id})
        with self.assertRaises(AccessError):
            mine.write({"child_ids": [Command.create({"name": "Fille", "parent_id": person.id})]})
        self.assertFalse(mine.parent_id)
        # in scope, the same is allowed
        self.assertTrue(self.env["res.partner"].with_user(self.referent).onchange(
            {"parent_id": person.id, "name": "X"}, [], spec)["value"])

    def test_contacts_under_a_person_follow_the_person(self):
        person = self.dossier_north.partner_id
        child = self.env["res.partner"].with_user(self.referent).create({
            "name": "Sœur", "parent_id": person.id, "phone": "0611111111"})
        self.assertIn("DUPONT Marie", child.sudo().complete_name)
        for user in (self.referent_south, self.finance, self.operator):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                self.assertFalse(Partner.search([("id", "=", child.id)]))
                self.assertFalse(Partner.name_search("Sœur"))
                with self.assertRaises(AccessError):
                    child.with_user(user).read(["name", "display_name"])
        self.assertTrue(child.with_user(self.referent).read(["display_name"]))
