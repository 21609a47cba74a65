import random
from datetime import date, timedelta

import phonenumbers

from odoo import api, fields, models
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


class CaseworkDemo(models.AbstractModel):
    """Generator of the French demo data (fictitious persons only)."""

    _name = "casework.demo"
    _description = "Casework demo data generator"

    @api.model
    def _demo_phone(self, rng):
        while True:
            number = f"06{rng.randint(10000000, 99999999)}"
            if phonenumbers.is_valid_number(phonenumbers.parse(number, "FR")):
                return number

    @api.model
    def _generate_beneficiaries(self, count=200, seed=7):
        rng = random.Random(seed)
        env = self.env
        today = fields.Date.context_today(self)
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
                "phone": self._demo_phone(rng),
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
                beneficiary.set_characteristic("orientation", rng.choice(["professionnelle", "sociale", "socio_pro"]), entry)
                beneficiary.set_characteristic("num_caf", str(rng.randint(1000000, 9999999)), entry)
                beneficiary.set_characteristic("date_actualisation", today - timedelta(days=rng.choice([0, 1, 1, 1, 12])), today)
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

    # ------------------------------------------------------------------
    # Appointments (issue 4, part 4a)
    # ------------------------------------------------------------------

    @api.model
    def _generate_appointments(self, count=80, seed=11):
        """Past appointments with their outcome and upcoming ones, for the
        first ``count`` dossiers followed by a référent; the slots of each
        référent do not overlap (one per hour, from 9:00)."""
        rng = random.Random(seed)
        env = self.env
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        types = [env.ref("casework_base.appointment_type_individual")] * 4 + [
            env.ref("casework_base.appointment_type_phone"), env.ref("casework_base.appointment_type_home_visit")]
        themes = env["casework.appointment.theme"].search([])
        locations = env["casework.appointment.location"].search([])
        outcomes = ["held"] * 14 + ["unexcused"] * 3 + ["excused"] * 2 + ["cancelled"]
        dossiers = env["casework.beneficiary"].search([("referent_id", "!=", False)], limit=count, order="id")
        slots = {}

        def next_slot(referent, past):
            index = slots.setdefault((referent.id, past), 0)
            slots[referent.id, past] = index + 1
            day = (index // 6) * (-2 if past else 1) + (-3 if past else 3)
            return now.replace(hour=8) + timedelta(days=day, hours=index % 6)  # 9:00 Paris onwards

        vals_list = []
        for dossier in dossiers:
            referent = dossier.referent_id
            for past in [True] * rng.randint(1, 3) + [False]:
                location = locations.filtered(lambda loc: loc.territory_id == dossier.territory_id)[:1] or locations[:1]
                start = next_slot(referent, past)
                vals_list.append({
                    "casework_beneficiary_id": dossier.id,
                    "casework_appointment_type_id": rng.choice(types).id,
                    "casework_theme_id": rng.choice(themes).id,
                    "casework_location_id": location.id,
                    "user_id": referent.id,
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "casework_outcome": rng.choice(outcomes) if past else "planned",
                })
        return env["calendar.event"].with_context(no_mail_to_attendees=True, mail_create_nolog=True).create(vals_list)

    # ------------------------------------------------------------------
    # Quick creation and completeness (issue 3, part c): content of the
    # sections of the demo dossiers
    # ------------------------------------------------------------------

    @api.model
    def _generate_dossier_content(self, seed=11):
        """Situations, diplomas, projects, mobility… for the demo dossiers;
        about a third are met recently (hence complete), a few justified."""
        rng = random.Random(seed)
        env = self.env
        today = fields.Date.context_today(self)
        ref = env.ref
        situation_types = [ref(f"casework_base.situation_type_{code}") for code in (
            "jobseeker_registered", "jobseeker_registered", "jobseeker_compensated", "jobseeker_unregistered",
            "fixed_term_contract", "temporary_work", "training", "iae", "inactive")]
        levels = [ref(f"casework_base.education_level_{code}") for code in ("infra3", "3", "3", "4", "4", "5", "6")]
        diplomas = {"infra3": ["Brevet des collèges"], "3": ["CAP Cuisine", "CAP Petite enfance", "BEP Vente", "CAP Maçon"],
                    "4": ["Baccalauréat professionnel Commerce", "Baccalauréat général", "Bac pro Gestion-administration"],
                    "5": ["BTS Assistant de manager", "BTS Comptabilité"], "6": ["Licence de sociologie", "BUT Informatique"]}
        jobs = env["casework.rome.job"].search([("code", "in", [
            "K1304", "K2204", "G1602", "G1803", "D1505", "D1507", "N1103", "N4105", "M1607", "M1602", "J1501",
            "K1302", "F1703", "F1606", "A1203", "H3302", "D1106", "I1203", "K1303", "N1105"])])
        barrier_types = env["casework.barrier.type"].search([])
        licence_b = ref("casework_base.driving_licence_b")
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

    # ------------------------------------------------------------------
    # Follow-up of the demo dossiers: identifiers, notes, tasks, dormancy
    # ------------------------------------------------------------------

    @api.model
    def _generate_followup(self, seed=13):
        """France Travail and CAF numbers, notes (public, private, assigned,
        restricted to a circle), tasks with reminders, and a few dossiers
        without a meeting for months (dormant)."""
        rng = random.Random(seed)
        env = self.env
        today = fields.Date.context_today(self)
        france_travail = env.ref("casework_base.identifier_type_france_travail")
        caf = env.ref("casework_base.identifier_type_caf")
        circle_health = env.ref("casework_base.demo_circle_sante_nord", raise_if_not_found=False)
        task_type = env.ref("casework_base.mail_activity_type_task")
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
            identifiers = []
            if rng.random() < 0.6:
                identifiers.append(Command.create({"type_id": france_travail.id,
                                                   "value": f"{rng.randint(1000000, 9999999)}{rng.choice('ABCDEFGH')}"}))
            if rng.random() < 0.8:
                identifiers.append(Command.create({"type_id": caf.id, "value": f"{rng.randint(1000000, 9999999)}"}))
            if identifiers:
                dossier.identifier_ids = identifiers
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
                dossier.sudo().last_meeting_date = today - timedelta(days=rng.randint(160, 400))
        return True
