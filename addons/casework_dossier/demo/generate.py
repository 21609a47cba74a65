"""Content of the sections of the demo dossiers (``post_init_hook``)."""

import random
from datetime import timedelta

from odoo import fields
from odoo.fields import Command


def generate(env, seed=11):
    """Situations, diplomas, projects, mobility… for the demo dossiers;
    about a third are met recently (hence complete), a few justified."""
    rng = random.Random(seed)
    today = fields.Date.context_today(env["casework.beneficiary"])
    ref = env.ref
    situation_types = [ref(f"casework_dossier.situation_type_{code}") for code in (
        "jobseeker_registered", "jobseeker_registered", "jobseeker_compensated", "jobseeker_unregistered",
        "fixed_term_contract", "temporary_work", "training", "iae", "inactive")]
    levels = [ref(f"casework_dossier.education_level_{code}") for code in ("infra3", "3", "3", "4", "4", "5", "6")]
    diplomas = {"infra3": ["Brevet des collèges"], "3": ["CAP Cuisine", "CAP Petite enfance", "BEP Vente", "CAP Maçon"],
                "4": ["Baccalauréat professionnel Commerce", "Baccalauréat général", "Bac pro Gestion-administration"],
                "5": ["BTS Assistant de manager", "BTS Comptabilité"],
                "6": ["Licence de sociologie", "BUT Informatique"]}
    jobs = env["casework.rome.job"].search([("code", "in", [
        "K1304", "K2204", "G1602", "G1803", "D1505", "D1507", "N1103", "N4105", "M1607", "M1602", "J1501",
        "K1302", "F1703", "F1606", "A1203", "H3302", "D1106", "I1203", "K1303", "N1105"])])
    barrier_types = env["casework.barrier.type"].search([])
    licence_b = ref("casework_dossier.driving_licence_b")
    languages = [("Anglais", "a2"), ("Arabe", "native"), ("Espagnol", "b1"), ("Portugais", "native"), ("Anglais", "b1")]
    for dossier in env["casework.beneficiary"].search([], order="id"):
        since = today - timedelta(days=rng.randint(30, 700))
        job = rng.choice(jobs)
        level = rng.choice(levels)
        has_licence = rng.random() < 0.55
        vals = {
            "personal_situation_ids": [Command.create({
                "date": since,
                "family_situation": rng.choice(["single", "single", "married", "cohabiting", "divorced", "separated"]),
                "dependants": rng.choice([0, 0, 1, 2, 3]),
                "housing": rng.choice(["tenant", "social_tenant", "social_tenant", "family", "shelter"]),
                "resources": rng.choice(["rsa", "rsa", "unemployment", "salary", "none"]),
            })],
            "mobility_ids": [Command.create({
                "date": since,
                "licence_ids": [Command.set(licence_b.ids if has_licence else [])],
                "vehicle": "car" if has_licence and rng.random() < 0.7 else rng.choice(["none", "bicycle"]),
                "public_transport": rng.random() < 0.5,
                "travel_radius_km": rng.choice([5, 10, 20, 30, 50]),
            })],
            "education_ids": [Command.create({
                "name": rng.choice(diplomas.get(level.code, ["Brevet des collèges"])),
                "level_id": level.id,
                "year": rng.randint(1985, today.year - 1),
                "obtained": rng.random() < 0.8,
            })],
            "situation_ids": [Command.create({"type_id": rng.choice(situation_types).id, "date_start": since})],
            "project_ids": [Command.create({
                "name": job.name,
                "date": since + timedelta(days=rng.randint(0, 20)),
                "job_ids": [Command.set(job.ids)],
                "domain_ids": [Command.set(job.domain_id.ids)],
                "state": rng.choice(["draft", "validated", "validated"]),
            })],
        }
        if rng.random() < 0.4:
            vals["barrier_ids"] = [Command.create({
                "type_id": rng.choice(barrier_types).id,
                "date_identified": since,
                "date_lifted": since + timedelta(days=rng.randint(30, 200)) if rng.random() < 0.3 else False,
            })]
        if rng.random() < 0.3:
            language, cefr = rng.choice(languages)
            vals["language_ids"] = [Command.create({"language": language, "level": cefr, "date": since})]
        if rng.random() < 0.2:
            start = since + timedelta(days=rng.randint(10, 60))
            vals["immersion_ids"] = [Command.create({
                "company_name": rng.choice(["Mairie d'Annonay", "Intermarché Privas", "EHPAD Les Tilleuls",
                                            "Boulangerie Faure", "Transports Vidal"]),
                "job_id": job.id,
                "date_start": start,
                "date_end": start + timedelta(days=13),
            })]
        dossier.write(vals)
        if rng.random() < 0.35:
            dossier.write({"last_meeting_date": today - timedelta(days=rng.randint(1, 120))})
        if rng.random() < 0.15:
            dossier.action_justify_identity()
    return True
