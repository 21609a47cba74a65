"""Notes, tasks and dormant dossiers of the demo (``post_init_hook``)."""

import random
from datetime import timedelta

from odoo import fields


def generate(env, seed=13):
    """Notes (public, private, restricted to a circle), tasks with reminders,
    and a few dossiers without a meeting for months (dormant)."""
    rng = random.Random(seed)
    today = fields.Date.context_today(env["casework.beneficiary"])
    circle_health = env.ref("casework_followup.demo_circle_sante_nord", raise_if_not_found=False)
    task_type = env.ref("casework_followup.mail_activity_type_task")
    subjects = [
        ("Point sur la recherche d'emploi", "<p>Candidatures envoyées en restauration collective, relance prévue.</p>"),
        ("Démarches logement", "<p>Dossier de demande de logement social déposé ; attente de la commission.</p>"),
        ("Mobilité", "<p>Inscription au code de la route financée ; premières leçons en janvier.</p>"),
        ("Garde d'enfants", "<p>Place en crèche obtenue à partir du mois prochain.</p>"),
        ("Santé", "<p>Suivi médical en cours, reprise progressive envisagée avec le médecin.</p>"),
    ]
    tasks = ["Envoyer la convocation", "Vérifier l'attestation CAF", "Relancer l'organisme de formation",
             "Préparer le renouvellement du CER", "Appeler l'employeur pour le bilan d'immersion"]
    dossiers = env["casework.beneficiary"].search([("referent_id", "!=", False)], order="id")
    for index, dossier in enumerate(dossiers):
        referent = dossier.referent_id
        if index % 3 == 0:
            subject, body = rng.choice(subjects)
            vals = {"beneficiary_id": dossier.id, "name": subject, "body": body,
                    "date": today - timedelta(days=rng.randint(0, 90))}
            if subject == "Santé" and circle_health and referent in circle_health.user_ids:
                vals["circle_id"] = circle_health.id
            elif rng.random() < 0.2:
                vals["visibility"] = "private"
            env["casework.note"].with_user(referent).create(vals)
        if index % 4 == 0:
            deadline = today + timedelta(days=rng.randint(-10, 30))
            dossier.with_user(referent).activity_schedule(
                activity_type_id=task_type.id, summary=rng.choice(tasks), user_id=referent.id,
                date_deadline=deadline, casework_start_date=deadline - timedelta(days=14),
                casework_reminder_number=3, casework_reminder_unit="days",
            )
        if index % 25 == 0 and not dossier.last_meeting_date:
            # met long ago: dormant (the stored flag follows the date)
            # demo data, generated at installation
            dossier.sudo().last_meeting_date = today - timedelta(days=rng.randint(160, 400))
    return True
