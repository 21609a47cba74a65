"""Fictitious demo dossiers (French names, Ardèche addresses), generated when
the module is installed with its demo data (``post_init_hook``)."""

import random
from datetime import date, timedelta

import phonenumbers

from odoo import fields
from odoo.fields import Command

FIRST_NAMES_F = ["Amandine", "Nadia", "Sophie", "Fatou", "Julie", "Aïcha", "Céline", "Élodie", "Manon", "Leïla",
                 "Chloé", "Inès", "Camille", "Sandrine", "Océane", "Yasmina", "Léa", "Maëlys", "Noémie", "Zoé"]
FIRST_NAMES_M = ["Karim", "Thomas", "Mehdi", "Julien", "Kévin", "Mamadou", "Nicolas", "Sébastien", "Yanis",
                 "Loïc", "Antoine", "Rachid", "Jérôme", "Hugo", "Théo", "Bastien", "Ibrahim", "Florian", "Rémi", "Enzo"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Garnier", "Faure", "Rousseau", "Blanc",
              "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
              "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Noël", "Benali",
              "Diallo", "Traoré", "Haddad", "Ferreira", "Da Silva", "Le Gall", "Besson", "Vidal", "Roux-Combe"]
STREETS = ["rue de la République", "avenue Jean Jaurès", "chemin des Vignes", "place du Marché", "rue Victor Hugo",
           "impasse des Tilleuls", "boulevard de la Gare", "rue des Écoles", "allée des Cerisiers", "route de Lyon"]


def demo_phone(rng):
    while True:
        number = f"06{rng.randint(10000000, 99999999)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "FR")):
            return number


def generate(env, count=200, seed=7):
    """Create ``count`` dossiers with their enrolment, référent de parcours,
    veilles and characteristics (a fixed ``seed``: the same demo each time)."""
    rng = random.Random(seed)
    today = fields.Date.context_today(env["casework.beneficiary"])
    territories = env["casework.territory"].search([], order="sequence")
    rsa = env.ref("casework_base.program_rsa")
    plie = env.ref("casework_base.program_plie")
    youth = env.ref("casework_base.program_youth_guarantee")
    motives = env["casework.exit.motive"].search([])
    reasons = env["casework.veille.reason"].search([])
    referent_group = env.ref("casework_base.group_casework_referent")
    secretariat_group = env.ref("casework_base.group_casework_secretariat")
    france = env.ref("base.fr")
    nationalities = [france] * 8 + [env.ref("base.ma"), env.ref("base.pt"), env.ref("base.sn"), env.ref("base.dz")]
    beneficiaries = env["casework.beneficiary"]
    for index in range(count):
        territory = territories[index % len(territories)]
        referents = territory.user_ids.filtered(
            lambda u: referent_group in u.all_group_ids and secretariat_group not in u.all_group_ids
        )
        female = rng.random() < 0.55
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        birth = date(today.year - rng.randint(18, 62), rng.randint(1, 12), rng.randint(1, 28))
        program = rsa if index % 5 else rng.choice([plie, youth if today.year - birth.year < 26 else plie])
        entry = today - timedelta(days=rng.randint(20, 900))
        vals = {
            "civility": "mme" if female else "m",
            "first_name": first,
            "usage_name": last,
            "birth_name": rng.choice(LAST_NAMES) if female and rng.random() < 0.3 else False,
            "birth_date": birth,
            "nationality_id": rng.choice(nationalities).id,
            "phone": demo_phone(rng),
            "email": f"{first}.{last}{index}@example.org".lower().replace(" ", "").replace("'", ""),
            "street": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            "zip": territory.code and {"NORD": "07100", "CENTRE": "07000", "SUD": "07200"}.get(territory.code, "07000"),
            "city": {"NORD": "Annonay", "CENTRE": "Privas", "SUD": "Aubenas"}.get(territory.code, "Privas"),
            "country_id": france.id,
            "territory_id": territory.id,
            "memo": "Préfère être contactée par SMS le matin." if index % 17 == 0 else False,
        }
        beneficiary = beneficiaries.create(vals)
        enrollment_vals = {"beneficiary_id": beneficiary.id, "program_id": program.id, "date_entry": entry}
        if rng.random() < 0.8:
            enrollment_vals["date_first_accompaniment"] = entry + timedelta(days=rng.randint(1, 30))
        enrollment = env["casework.enrollment"].create(enrollment_vals)
        if referents:
            referent = referents[index % len(referents)]
            env["casework.referent.assignment"].create(
                {
                    "beneficiary_id": beneficiary.id,
                    "user_id": referent.id,
                    "role": "parcours",
                    "date_start": entry,
                    "program_ids": [Command.set(program.ids)],
                }
            )
        roll = rng.random()
        if roll < 0.15:
            exit_date = min(today, entry + timedelta(days=rng.randint(60, 400)))
            enrollment.write({"date_exit": exit_date, "exit_motive_id": rng.choice(motives).id})
            beneficiary.assignment_ids.write({"date_end": exit_date})
        elif roll < 0.30:
            start = max(entry, today - timedelta(days=rng.randint(1, 90)))
            env["casework.veille"].create(
                {
                    "enrollment_id": enrollment.id,
                    "reason_id": rng.choice(reasons).id,
                    "date_start": start,
                    "date_end": today + timedelta(days=rng.randint(5, 120)) if rng.random() < 0.7 else False,
                }
            )
        elif roll < 0.35:
            veille = env["casework.veille"].create(
                {"enrollment_id": enrollment.id, "reason_id": rng.choice(reasons).id, "date_start": entry}
            )
            veille.action_end()
        if program == rsa:
            right = rng.choices(["ouvert_versable", "ouvert_suspendu", "ouvert_versement_suspendu", "clos"],
                                weights=[70, 10, 10, 10])[0]
            beneficiary.set_characteristic("etat_droit", right, entry)
            beneficiary.set_characteristic("sdd_nsdd", "sdd" if rng.random() < 0.85 else "nsdd", entry)
            beneficiary.set_characteristic(
                "orientation", rng.choice(["professionnelle", "sociale", "socio_pro"]), entry
            )
            beneficiary.set_characteristic("num_caf", str(rng.randint(1000000, 9999999)), entry)
            beneficiary.set_characteristic(
                "date_actualisation", today - timedelta(days=rng.choice([0, 1, 1, 1, 12])), today
            )
            if rng.random() < 0.2:
                # a change of right, kept with its history
                beneficiary.set_characteristic("etat_droit", "ouvert_suspendu", entry + timedelta(days=30))
        if enrollment.date_first_accompaniment:
            beneficiary.set_characteristic("date_premier_accompagnement", enrollment.date_first_accompaniment, entry)
        beneficiary.set_characteristic(
            "situation_familiale", rng.choice(["celibataire", "marie", "concubinage", "divorce", "separe"]), entry
        )
        beneficiaries |= beneficiary
    return beneficiaries
