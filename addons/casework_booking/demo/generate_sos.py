"""Demo of the public booking of a mediator ("SOS numérique",
``post_init_hook``): the help topics, a structure with two mediators and
its public page ``/sos/espace-numerique``, an orientation kit, and a few
contact requests (booked, held, absent, closed, turned into a dossier).
Dates are relative to the installation day."""

import logging
from datetime import timedelta

from odoo import fields
from odoo.fields import Command

_logger = logging.getLogger(__name__)

TOPICS = ["Démarches en ligne", "CAF", "France Travail", "Santé", "Matériel"]
KIT = [
    ("Démarches en ligne", "France services de Privas", "Aide aux démarches administratives en ligne (impôts, "
     "ANTS, retraite), sur rendez-vous ou en accès libre.", "2 place de l'Hôtel de Ville, 07000 Privas",
     "Lundi au vendredi, 9 h – 12 h et 13 h 30 – 17 h", "04 75 00 11 22", "www.france-services.gouv.fr"),
    ("CAF", "Point d'accueil CAF", "Ouverture des droits, attestations, simulation des aides.",
     "1 rue de la Gare, 07000 Privas", "Mardi et jeudi, 9 h – 12 h", "32 30", "www.caf.fr"),
    ("France Travail", "Agence France Travail", "Inscription, espace personnel, candidatures.",
     "15 avenue du Vanel, 07000 Privas", "Lundi au vendredi, 8 h 30 – 12 h 30", "39 49", "www.francetravail.fr"),
    ("Santé", "Permanence CPAM", "Compte ameli, carte Vitale, complémentaire santé solidaire.",
     "4 cours du Palais, 07000 Privas", "Mercredi, 9 h – 12 h", "36 46", "www.ameli.fr"),
    ("Matériel", "Atelier de réemploi informatique", "Ordinateurs reconditionnés à petit prix, réparation "
     "accompagnée.", "8 rue des Ateliers, 07000 Privas", "Samedi, 10 h – 17 h", "04 75 33 44 55", False),
]
REQUESTS = [
    # (first name, phone, e-mail, topic index, days from today, state)
    ("Nadia", "+33611000001", False, 0, 3, "booked"),
    ("Kevin", False, "kevin.demo@example.org", 4, 5, "booked"),
    ("Josiane", "+33611000002", False, 1, -6, "held"),
    ("Mehdi", "+33611000003", False, 2, -9, "absent"),
    ("Lucienne", "+33611000004", False, 3, -20, "closed"),
]


def generate(env):
    """Topics, a structure with two mediators, its kit and contact requests."""
    Topic = env["casework.booking.topic"]
    topics = Topic.browse()
    for index, name in enumerate(TOPICS):
        topics |= Topic.create({"name": name, "sequence": index + 1})
    structure = env.ref("casework_base.demo_structure_centre", raise_if_not_found=False) or \
        env["casework.structure"].search([], limit=1)
    if not structure:
        _logger.info("casework_booking demo: no structure, no SOS numérique demo")
        return env["casework.contact.request"]
    referent_group = env.ref("casework_base.group_casework_referent")
    secretariat_group = env.ref("casework_base.group_casework_secretariat")
    mediators = env["res.users"].search([
        ("all_group_ids", "in", referent_group.ids), ("all_group_ids", "not in", secretariat_group.ids),
        ("share", "=", False),
    ], order="login", limit=2)
    structure.write({
        "casework_sos_public": True,
        "casework_sos_slug": "espace-numerique",
        "casework_sos_mediator_ids": [Command.set(mediators.ids)],
        "casework_sos_topic_ids": [Command.set(topics.ids)],
        "casework_sos_intro": "Des médiateurs numériques vous aident gratuitement, sur rendez-vous.",
    })
    by_name = {topic.name: topic for topic in topics}
    for index, (topic, name, description, address, hours, phone, website) in enumerate(KIT):
        env["casework.orientation.resource"].create({
            "name": name, "sequence": index, "structure_id": structure.id, "topic_id": by_name[topic].id,
            "description": description, "address": address, "opening_hours": hours, "phone": phone,
            "website": website,
        })
    Request = env["casework.contact.request"]
    if not mediators:
        return Request
    now = fields.Datetime.now()
    requests = Request.browse()
    for index, (first_name, phone, email, topic_index, days, state) in enumerate(REQUESTS):
        mediator = mediators[index % len(mediators)]
        start = (now + timedelta(days=days)).replace(hour=8 + index % 3, minute=0, second=0, microsecond=0)
        request = Request.create({
            "first_name": first_name, "phone": phone, "email": email, "topic_id": topics[topic_index].id,
            "structure_id": structure.id, "user_id": mediator.id, "date_start": start,
            "date_stop": start + timedelta(hours=1),
        })
        if days > 0 and any(s[0] == start for s in structure._casework_sos_free_slots()):
            request._casework_confirm()
        else:
            # a meeting of the past (or outside the working hours): created as the booking would
            event = env["calendar.event"].with_user(mediator).sudo().with_context(
                no_mail_to_attendees=True, mail_create_nolog=True).create({
                    "name": f"SOS numérique – {topics[topic_index].name}", "user_id": mediator.id,
                    "partner_ids": [Command.set(mediator.partner_id.ids)], "start": start,
                    "stop": start + timedelta(hours=1), "privacy": "private",
                    "res_model_id": env["ir.model"]._get_id(Request._name), "res_id": request.id,
                })
            request.write({"state": "booked", "event_id": event.id, "booked_date": start - timedelta(days=2)})
        if state != "booked":
            request.write({"state": state, "closed_date": now if state == "closed" else False})
            if state == "absent":
                request.event_id.active = False
        requests |= request
    return requests
