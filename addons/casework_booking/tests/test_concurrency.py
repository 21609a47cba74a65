from datetime import date, timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD
from odoo.addons.casework_base.tools.dates import casework_today

from ..models.casework_booking_invitation import BookingRefused


@tagged("post_install", "-at_install")
class TestConcurrentBooking(TransactionCase):
    """Two people book the same last slot at once, in two transactions (as
    two HTTP requests would): the second to commit fails with a
    serialisation error, and its retry (Odoo retries a request on such an
    error) finds the slot taken. The records are committed (two real
    transactions must see them) and deleted afterwards."""

    def setUp(self):
        super().setUp()
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True})
            territory = env["casework.territory"].create({"name": "Concurrence", "code": "T-CONC"})
            user = new_test_user(env, login="cw_booking_concurrency",
                                 groups="base.group_user,casework_base.group_casework_referent", password=PASSWORD)
            today = casework_today(env)
            monday = today + timedelta(days=7 - today.weekday() + 7)
            dossiers = env["casework.beneficiary"].create([{
                "civility": "mme", "first_name": first_name, "usage_name": "Concurrence",
                "birth_date": date(1980, 1, 1), "phone": "06 12 34 56 78", "territory_id": territory.id,
                "enrollment_ids": [Command.create({"program_id": env.ref("casework_base.program_rsa").id,
                                                   "date_entry": date(2026, 1, 5)})],
                "assignment_ids": [Command.create({"user_id": user.id, "role": "parcours",
                                                   "date_start": date(2026, 1, 5)})],
            } for first_name in ("Anne", "Bruno")])
            invitations = env["casework.booking.invitation"].create([{
                "beneficiary_id": dossier.id, "user_id": user.id,
                "appointment_type_id": env.ref("casework_appointment.appointment_type_individual").id,
                "duration": 1.0, "counsellor_ids": [Command.set(user.ids)],
                "date_from": monday, "date_to": monday,
            } for dossier in dossiers])
            self.data = {"territory": territory.id, "user": user.id, "dossiers": dossiers.ids,
                         "partners": dossiers.partner_id.ids, "invitations": invitations.ids}
            # two transactions must see the records: committed, deleted by _clean
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._clean)

    def _clean(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            data = self.data
            env["calendar.event"].search([("user_id", "=", data["user"])]).unlink()
            env["mail.message"].search([("model", "=", "casework.beneficiary"),
                                        ("res_id", "in", data["dossiers"])]).unlink()
            env["mail.activity"].search([("res_model", "=", "casework.beneficiary"),
                                         ("res_id", "in", data["dossiers"])]).unlink()
            env["casework.booking.invitation"].browse(data["invitations"]).unlink()
            env["casework.beneficiary"].browse(data["dossiers"]).unlink()
            env["res.partner"].browse(data["partners"]).exists().unlink()
            user = env["res.users"].browse(data["user"])
            partner = user.partner_id
            user.unlink()
            partner.unlink()
            env["casework.territory"].browse(data["territory"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def test_same_last_slot_at_once(self):
        registry = self.env.registry
        first_id, second_id = self.data["invitations"]
        with registry.cursor() as cr1, registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # both people see the page: the same first free slot
            first = env1["casework.booking.invitation"].browse(first_id)
            second = env2["casework.booking.invitation"].browse(second_id)
            slot = first._casework_free_slots()[0]
            self.assertEqual(second._casework_free_slots()[0], (slot[0], slot[1], second.counsellor_ids))
            # the second person confirms first, and their request commits
            second._casework_book(slot[0], slot[2].id)
            cr2.commit()
            # the first person's request, begun before, cannot book it too
            with self.assertRaises(SerializationFailure):
                first._casework_book(slot[0], slot[2].id)
                cr1.flush()
            cr1.rollback()
            env1.invalidate_all()
            # Odoo runs the request again: the slot is taken, they are told to pick another
            with self.assertRaises(BookingRefused) as refused:
                first._casework_book(slot[0], slot[2].id)
            self.assertEqual(refused.exception.reason, "taken")
            cr1.rollback()
            self.assertEqual(first.state, "sent")
            self.assertEqual(second.state, "booked")
            self.assertEqual(env1["calendar.event"].search_count([("user_id", "=", self.data["user"])]), 1)
            self.assertNotIn(slot[0], [s[0] for s in first._casework_free_slots()])
