from odoo.tests import tagged

from ..demo import generate
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
