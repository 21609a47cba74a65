"""Demo invitations to book (``post_init_hook``), in every state: awaiting
a booking (one reminded), booked (one held already), cancelled by the
person, revoked and expired. Dates are relative to the installation day.

The invitations awaiting a booking open with known links in the demo
database only: ``/rdv/demo-invitation-1`` to ``/rdv/demo-invitation-3``
(a real invitation's token is random and never stored)."""

import logging
from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from odoo.addons.casework_base.tools.dates import casework_today

_logger = logging.getLogger(__name__)


def generate(env, seed_offset=80):
    """Invitations for dossiers followed by a référent, after the first
    ``seed_offset`` (those have the demo appointments of casework_appointment)."""
    Invitation = env["casework.booking.invitation"]
    dossiers = env["casework.beneficiary"].search(
        [("referent_id", "!=", False), ("phone", "!=", False)], offset=seed_offset, limit=10, order="id"
    )
    if len(dossiers) < 8:
        _logger.info("casework_booking demo: not enough demo dossiers, no invitation generated")
        return Invitation
    today = casework_today(env)
    now = fields.Datetime.now()
    individual = env.ref("casework_appointment.appointment_type_individual")
    theme = env.ref("casework_appointment.appointment_theme_follow_up")
    locations = env["casework.appointment.location"].search([])

    def invite(dossier, date_from, date_to, sent_days_ago=1):
        location = locations.filtered(lambda loc: loc.territory_id == dossier.territory_id)[:1] or locations[:1]
        invitation = Invitation.create({
            "beneficiary_id": dossier.id,
            "user_id": dossier.referent_id.id,
            "appointment_type_id": individual.id,
            "theme_id": theme.id,
            "duration": 1.0,
            "counsellor_ids": [Command.set(dossier.referent_id.ids)],
            "location_id": location.id,
            "date_from": date_from,
            "date_to": date_to,
            "send_sms": True,
        })
        invitation.write({"sent_date": now - timedelta(days=sent_days_ago), "sms_state": "sent"})
        return invitation

    waiting = dossiers[:3]
    for index, dossier in enumerate(waiting, start=1):
        invitation = invite(dossier, today + timedelta(days=1), today + timedelta(days=15), sent_days_ago=index)
        invitation.token_hash = Invitation._casework_token_digest(f"demo-invitation-{index}")
        if index == 3:
            invitation.reminder_date = now - timedelta(hours=5)

    # booked from the link, as the person would
    for dossier in dossiers[3:5]:
        invitation = invite(dossier, today + timedelta(days=3), today + timedelta(days=17), sent_days_ago=2)
        slots = invitation._casework_free_slots()
        if slots:
            invitation._casework_book(slots[len(slots) // 3][0], slots[len(slots) // 3][2].id)
        invitation.token_hash = Invitation._casework_token_digest(f"demo-booked-{dossier.id}")

    # booked then held, last week
    dossier = dossiers[5]
    invitation = invite(dossier, today - timedelta(days=12), today - timedelta(days=2), sent_days_ago=14)
    start = fields.Datetime.to_datetime(today - timedelta(days=6)).replace(hour=9)
    event = env["calendar.event"].with_context(no_mail_to_attendees=True, mail_create_nolog=True).create({
        "casework_beneficiary_id": dossier.id, "casework_appointment_type_id": individual.id,
        "casework_theme_id": theme.id, "casework_location_id": invitation.location_id.id,
        "user_id": dossier.referent_id.id, "start": start, "stop": start + timedelta(hours=1),
        "casework_outcome": "held",
    })
    invitation.write({"state": "booked", "event_id": event.id, "booked_date": now - timedelta(days=12)})

    # cancelled by the person
    dossier = dossiers[6]
    invitation = invite(dossier, today + timedelta(days=4), today + timedelta(days=18), sent_days_ago=3)
    slots = invitation._casework_free_slots()
    if slots:
        invitation._casework_book(slots[-1][0], slots[-1][2].id)
        invitation._casework_cancel()

    # revoked by the counsellor, and expired unanswered
    invite(dossiers[7], today + timedelta(days=1), today + timedelta(days=15)).action_revoke()
    expired = invite(dossiers[8] if len(dossiers) > 8 else dossiers[7], today - timedelta(days=20),
                     today - timedelta(days=6), sent_days_ago=21)
    expired._casework_expire()
    return Invitation.search([("beneficiary_id", "in", dossiers.ids)])
