from psycopg2.errors import SerializationFailure

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD, TwoTransactionsCase

from ..models.casework_booking_invitation import BookingRefused


@tagged("post_install", "-at_install")
class TestSosConcurrentConfirmations(TwoTransactionsCase):
    """Two inhabitants confirm their code for the same last slot of the one
    mediator at once, in two transactions (two HTTP requests): the second to
    commit fails with a serialisation error, and its retry (Odoo runs the
    request again) is told the slot was taken."""

    def _commit_data(self, env):
        territory = env["casework.territory"].create({"name": "Concurrence SOS", "code": "T-SOS"})
        mediator = new_test_user(env, login="cw_sos_concurrency", password=PASSWORD,
                                 groups="base.group_user,casework_base.group_casework_referent")
        topic = env["casework.booking.topic"].create({"name": "Matériel (concurrence)"})
        structure = env["casework.structure"].create({
            "name": "Espace concurrence", "territory_id": territory.id, "casework_sos_public": True,
            "casework_sos_mediator_ids": [Command.set(mediator.ids)],
            "casework_sos_topic_ids": [Command.set(topic.ids)],
        })
        slot = structure._casework_sos_free_slots()[0]
        Request = env["casework.contact.request"]
        requests = Request.create([{
            "structure_id": structure.id, "topic_id": topic.id, "user_id": mediator.id,
            "date_start": slot[0], "date_stop": slot[1], "first_name": name, "phone": phone,
        } for name, phone in (("Anne", "+33611111111"), ("Bruno", "+33622222222"))])
        return {"territory": territory.id, "mediator": mediator.id, "partner": mediator.partner_id.id,
                "topic": topic.id, "structure": structure.id, "requests": requests.ids}

    def _delete_data(self, env, data):
        env = env(context={"active_test": False})
        env["calendar.event"].search([("user_id", "=", data["mediator"])]).unlink()
        env["casework.contact.request"].browse(data["requests"]).exists().unlink()
        env["casework.structure"].browse(data["structure"]).unlink()
        env["casework.booking.topic"].browse(data["topic"]).unlink()
        env["res.users"].browse(data["mediator"]).unlink()
        env["res.partner"].browse(data["partner"]).unlink()
        env["casework.territory"].browse(data["territory"]).unlink()
        env.cr.commit()  # pylint: disable=invalid-commit

    def test_same_last_slot_at_once(self):
        env1, env2 = self.envs
        first_id, second_id = self.data["requests"]
        first = env1["casework.contact.request"].browse(first_id)
        second = env2["casework.contact.request"].browse(second_id)
        # both transactions are under way (both people typed their code)
        self.assertEqual(first.date_start, second.date_start)
        self.assertTrue(first.structure_id._casework_sos_free_slots())
        # the second person confirms first, and their request commits
        second._casework_confirm()
        env2.cr.commit()
        # the first person's confirmation, begun before, cannot take it too
        with self.assertRaises(SerializationFailure):
            first._casework_confirm()
            env1.cr.flush()
        env1.cr.rollback()
        env1.invalidate_all()
        # Odoo runs the request again: the slot is taken, they are told to pick another
        with self.assertRaises(BookingRefused) as refused:
            first._casework_confirm()
        self.assertEqual(refused.exception.reason, "taken")
        env1.cr.rollback()

        def check(env):
            requests = env["casework.contact.request"].browse(self.data["requests"])
            self.assertEqual(requests.mapped("state"), ["pending", "booked"])
            self.assertEqual(env["calendar.event"].search_count([("user_id", "=", self.data["mediator"])]), 1)

        self._read_committed(check)
