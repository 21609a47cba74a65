from odoo.tests import tagged

from ..demo import generate, generate_sos
from .common import BookingCommon


@tagged("post_install", "-at_install")
class TestDemo(BookingCommon):
    """The demo generator leaves invitations in every state, and its known
    demo links open the invitations awaiting a booking."""

    def test_every_state(self):
        for index in range(6):
            self._create_dossier(f"Démo{index}", "Lucie", self.north, self.referent, phone="06 98 76 54 3" + str(index))
        invitations = generate.generate(self.env, seed_offset=0)
        self.assertEqual(set(invitations.mapped("state")), {"sent", "booked", "cancelled", "revoked", "expired"})
        booked = invitations.filtered(lambda i: i.state == "booked")
        self.assertTrue(booked.event_id.filtered(lambda e: e.casework_outcome == "held"))
        self.assertTrue(booked.event_id.filtered(lambda e: e.casework_outcome == "planned" and e.casework_sms_reminder))
        opened = self.Invitation._casework_from_token("demo-invitation-1")
        self.assertEqual(opened.state, "sent")
        self.assertTrue(opened._casework_free_slots())

    def test_sos_demo(self):
        # the demo's structure is casework_base's demo one, else the first
        self.env["casework.structure"].create({"name": "Espace numérique", "territory_id": self.north.id})
        requests = generate_sos.generate(self.env)
        self.assertEqual(set(requests.mapped("state")), {"booked", "held", "absent", "closed"})
        structure = self.env["casework.structure"]._casework_sos_find("espace-numerique")
        self.assertEqual(len(structure.casework_sos_mediator_ids), 2)
        self.assertEqual(len(structure._casework_sos_topics()), 5)
        self.assertTrue(structure.casework_sos_resource_ids)
        for event in requests.event_id.sudo().with_context(active_test=False):
            self.assertTrue(event.name.startswith("SOS numérique – "))
