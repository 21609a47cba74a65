"""The demo catalogue of service offers (``post_init_hook``): classifications,
offers of the three demo operators, their sessions, and the steps of the demo
dossiers in every state, with objectives and attendance. Dates are relative
to the day of the installation; the organisations come from
``demo/casework_offers_demo.xml``."""

import random
from datetime import datetime, time, timedelta

import pytz

from odoo import fields

TZ = pytz.timezone("Europe/Paris")

# the demo's classification keys and the module's classifications (data/casework_offer_data.xml)
CLASSIFICATIONS = {
    "emploi": "offer_classification_employment",
    "formation": "offer_classification_training",
    "sante": "offer_classification_health",
    "mobilite": "offer_classification_mobility",
}

# key, title, classification, operator (xml id suffix, or a list when several), programmes,
# start and end (days from today), options, keywords, description
OFFERS = [
    {
        "key": "cv", "name": "Atelier CV et lettre de motivation", "classification": "emploi",
        "operator": "tremplin", "programs": ["rsa", "plie"], "start": -150, "end": 120,
        "use_sessions": True, "attendance_required": True, "keywords": "CV, lettre de motivation, candidature",
        "description": "Atelier collectif d'une demi-journée : construire ou actualiser son CV, rédiger une "
        "lettre de motivation adaptée à une offre.",
        "sessions": {"every": 21, "hours": (9, 0, 12, 0), "capacity": 10, "trainer": "tremplin_trainer",
                     "place": "Salle Vivarais, 14 rue Boissy d'Anglas, Annonay"},
    },
    {
        "key": "interview", "name": "Préparation aux entretiens d'embauche", "classification": "emploi",
        "operator": "tremplin", "programs": ["rsa", "plie"], "start": -120, "end": 90,
        "use_sessions": True, "keywords": "entretien, simulation, recrutement",
        "description": "Simulations d'entretien filmées, préparation des questions difficiles, présentation "
        "de soi.",
        "sessions": {"every": 28, "hours": (14, 0, 17, 0), "capacity": 8, "trainer": "tremplin_counsellor",
                     "place": "Salle Vivarais, 14 rue Boissy d'Anglas, Annonay"},
    },
    {
        "key": "job_club", "name": "Job club – recherche d'emploi collective", "classification": "emploi",
        "operator": "tremplin", "programs": ["rsa", "plie"], "start": -210, "end": 150,
        "keywords": "job club, offres d'emploi, réseau", "manager": "casework_base.demo_user_referent_nord",
        "description": "Deux matinées par semaine en groupe : repérage des offres, candidatures spontanées, "
        "appels aux employeurs, partage de contacts.",
    },
    {
        "key": "immersion", "name": "Immersion en entreprise (PMSMP)", "classification": "emploi",
        "operator": ["tremplin", "vivarais", "mobilite"], "programs": ["rsa", "plie"], "start": -240, "end": 180,
        "keywords": "PMSMP, immersion, stage, découverte métier",
        "description": "Période de mise en situation en milieu professionnel de deux semaines maximum, "
        "préparée et suivie par l'opérateur choisi à l'inscription.",
    },
    {
        "key": "green_spaces", "name": "Chantier d'insertion estival – espaces verts", "classification": "emploi",
        "operator": "tremplin", "programs": ["rsa", "plie"], "start": -260, "end": -50, "archive": True,
        "keywords": "chantier, espaces verts, saisonnier",
        "description": "Chantier collectif d'entretien des berges et des espaces verts communaux.",
    },
    {
        "key": "care_jobs", "name": "Découverte des métiers du soin", "classification": "formation",
        "operator": "vivarais", "programs": ["rsa", "plie"], "start": -100, "end": 110,
        "use_sessions": True, "attendance_required": True,
        "keywords": "aide-soignant, ASH, EHPAD, soin, santé",
        "description": "Journée de découverte des métiers d'aide-soignant(e), d'agent de service hospitalier "
        "et d'accompagnant(e) éducatif et social, avec visite d'un établissement.",
        "sessions": {"every": 28, "hours": (9, 0, 16, 30), "capacity": 12, "trainer": "vivarais_trainer_care",
                     "place": "Vivarais Compétences, 3 avenue de Chomérac, Privas"},
    },
    {
        "key": "training_diagnosis", "name": "Diagnostic formation", "classification": "formation",
        "operator": "vivarais", "programs": ["rsa"], "start": -300, "end": 200,
        "keywords": "diagnostic, projet de formation, CPF",
        "description": "Trois entretiens individuels pour évaluer les acquis, définir un projet de formation "
        "et identifier les financements.",
    },
    {
        "key": "basic_skills", "name": "Remise à niveau savoirs de base (français, calcul)",
        "classification": "formation", "operator": "vivarais", "programs": ["rsa", "plie", "youth"],
        "start": -180, "end": 180, "keywords": "français, calcul, remise à niveau, FLE",
        "description": "Parcours individualisé de 6 à 12 semaines, 12 heures par semaine.",
    },
    {
        "key": "digital", "name": "Initiation au numérique et démarches en ligne", "classification": "formation",
        "operator": "vivarais", "programs": ["rsa", "youth"], "start": -90, "end": 100,
        "use_sessions": True, "attendance_required": True,
        "keywords": "numérique, ordinateur, démarches en ligne, France Connect",
        "description": "Prendre en main un ordinateur et un smartphone, créer une adresse e-mail, faire ses "
        "démarches en ligne (CAF, France Travail, impôts).",
        "sessions": {"every": 21, "hours": (9, 30, 12, 30), "capacity": 8, "trainer": "vivarais_trainer_digital",
                     "place": "Espace numérique, 3 avenue de Chomérac, Privas"},
    },
    {
        "key": "sport", "name": "Remobilisation par le sport", "classification": "sante",
        "operator": "mobilite", "programs": ["rsa", "youth"], "start": -130, "end": 100,
        "attendance_required": True, "keywords": "sport, remobilisation, confiance",
        "description": "Séances collectives hebdomadaires de sport adapté pour reprendre un rythme et "
        "retrouver confiance en soi. Émargement à chaque séance.",
        "sessions": {"every": 7, "hours": (14, 0, 16, 30), "capacity": 0, "trainer": "mobilite_coach",
                     "place": "Gymnase municipal, avenue de Zélidon, Aubenas"},
    },
    {
        "key": "self_esteem", "name": "Atelier estime de soi et image de soi", "classification": "sante",
        "operator": "tremplin", "programs": ["rsa", "plie"], "start": -80, "end": 120,
        "use_sessions": True, "keywords": "estime de soi, image, confiance, socio-esthétique",
        "description": "Atelier collectif animé avec une socio-esthéticienne : prendre soin de soi, se "
        "présenter, reprendre confiance.",
        "sessions": {"every": 35, "hours": (14, 0, 17, 0), "capacity": 10, "trainer": "tremplin_counsellor",
                     "place": "Salle Vivarais, 14 rue Boissy d'Anglas, Annonay"},
    },
    {
        "key": "health", "name": "Point santé – accompagnement vers le soin", "classification": "sante",
        "operator": "mobilite", "programs": ["rsa"], "start": -200, "end": 160,
        "keywords": "santé, bilan de santé, CPAM, complémentaire santé",
        "description": "Bilan de santé CPAM, ouverture des droits (complémentaire santé solidaire), "
        "accompagnement physique aux premiers rendez-vous médicaux.",
    },
    {
        "key": "driving_licence", "name": "Permis B accompagné", "classification": "mobilite",
        "operator": "mobilite", "programs": ["rsa", "plie", "youth"], "start": -320, "end": 220,
        "keywords": "permis, conduite, auto-école solidaire",
        "description": "Auto-école solidaire : code et conduite à un rythme adapté, financement du permis, "
        "présentation à l'examen.",
    },
    {
        "key": "scooter", "name": "Location solidaire de scooters", "classification": "mobilite",
        "operator": "mobilite", "programs": ["rsa", "plie", "youth"], "start": -250, "end": 200,
        "keywords": "scooter, location, deux-roues, transport",
        "description": "Location d'un scooter à 2 € par jour pour se rendre en formation ou au travail, "
        "trois mois renouvelables une fois.",
    },
    {
        "key": "mobility_workshop", "name": "Atelier mobilité : se déplacer en Ardèche", "classification": "mobilite",
        "operator": "mobilite", "programs": ["rsa", "plie", "youth"], "start": -110, "end": 90,
        "use_sessions": True, "attendance_required": True, "keywords": "transport, bus, covoiturage, mobilité",
        "description": "Lire une fiche horaire, utiliser les lignes régulières et le transport à la demande, "
        "organiser un covoiturage.",
        "sessions": {"every": 28, "hours": (9, 0, 12, 0), "capacity": 10, "trainer": "mobilite_instructor",
                     "place": "Mobilité Solidaire, 22 boulevard Gambetta, Aubenas"},
    },
    {
        "key": "highway_code", "name": "Préparation au code de la route", "classification": "mobilite",
        "operator": "mobilite", "programs": ["rsa", "youth"], "start": 20, "end": 200,
        "use_sessions": True, "keywords": "code de la route, permis, ETG",
        "description": "Séances collectives de préparation à l'examen théorique général.",
        "sessions": {"every": 21, "hours": (9, 0, 12, 0), "capacity": 12, "trainer": "mobilite_instructor",
                     "place": "Mobilité Solidaire, 22 boulevard Gambetta, Aubenas"},
    },
]

# per classification: (kind, objective) pairs a counsellor writes on a step
OBJECTIVES = {
    "emploi": [
        ("professional", "Accéder à un emploi d'agent(e) de restauration collective"),
        ("know_how", "Rédiger un CV adapté à une offre d'emploi"),
        ("know_how", "Se présenter en deux minutes à un employeur"),
        ("soft_skill", "Ponctualité et assiduité"),
        ("deliverable", "CV à jour et trois candidatures envoyées"),
        ("result", "Obtenir au moins un entretien d'embauche"),
    ],
    "formation": [
        ("professional", "Valider un projet d'aide-soignant(e)"),
        ("knowledge", "Connaître les conditions d'accès à la formation d'aide-soignant(e)"),
        ("knowledge", "Remettre à niveau les calculs de proportion"),
        ("know_how", "Utiliser une messagerie électronique"),
        ("result", "Inscription à une formation qualifiante"),
        ("deliverable", "Dossier de candidature à l'IFAS"),
    ],
    "sante": [
        ("soft_skill", "Reprendre un rythme régulier"),
        ("soft_skill", "Prendre la parole en groupe"),
        ("result", "Bilan de santé réalisé"),
        ("result", "Droits à la complémentaire santé ouverts"),
    ],
    "mobilite": [
        ("result", "Obtenir le code de la route"),
        ("result", "Obtenir le permis B"),
        ("know_how", "Organiser un trajet en transport en commun"),
        ("deliverable", "Plan de déplacement domicile-travail"),
    ],
}

COMMENTS = [
    "Très motivé(e), présent(e) à toutes les séances.",
    "Difficultés de garde d'enfants certains jours : horaires aménagés avec l'opérateur.",
    "Orientation proposée lors du dernier entretien, à confirmer avec la personne.",
    "Bonne dynamique de groupe, à orienter ensuite vers une immersion.",
    "Problème de transport : voir la location solidaire de scooters.",
]


def _local(day, hour, minute):
    """The naive UTC datetime of ``day`` at ``hour:minute`` in Paris."""
    return TZ.localize(datetime.combine(day, time(hour, minute))).astimezone(pytz.utc).replace(tzinfo=None)


def _day(moment):
    """The date in Paris of a naive UTC datetime."""
    return pytz.utc.localize(moment).astimezone(TZ).date()


def _weekday(day):
    """``day``, moved forward to a Tuesday, Wednesday or Thursday."""
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1)
    return day


def _classifications(env):
    """The classifications of the demo by key: the module's own."""
    return {key: env.ref(f"casework_offers.{xml_id}") for key, xml_id in CLASSIFICATIONS.items()}


def _register(env, records_by_name):
    """Give the generated records xml ids of the module (noupdate)."""
    env["ir.model.data"]._update_xmlids([
        {"xml_id": f"casework_offers.{name}", "record": record, "noupdate": True}
        for name, record in records_by_name.items()
    ])


def _sessions(env, offer, spec, today):
    """Sessions every ``spec['every']`` days over the offer's dates, from four
    months ago to two and a half months ahead."""
    hour_start, minute_start, hour_end, minute_end = spec["hours"]
    trainer = env.ref(f"casework_offers.demo_contact_{spec['trainer']}")
    vals_list = []
    day = _weekday(max(offer.date_start + timedelta(days=3), today - timedelta(days=120)))
    last = min(offer.date_end - timedelta(days=2), today + timedelta(days=75))
    while day <= last:
        vals_list.append({
            "name": f"{offer.name} – {day:%d/%m/%Y}",
            "offer_id": offer.id,
            "date_start": _local(day, hour_start, minute_start),
            "date_end": _local(day, hour_end, minute_end),
            "capacity": spec["capacity"],
            "place": spec["place"],
            "trainer_id": trainer.id,
        })
        day = _weekday(day + timedelta(days=spec["every"]))
    return env["casework.offer.session"].create(vals_list)


class _Picker:
    """Draws demo dossiers for offers: enrolled in one of the offer's
    programmes since before the step, preferably of the operator's territory,
    never twice on the same offer."""

    def __init__(self, env, rng):
        self.rng = rng
        self.dossiers = env["casework.beneficiary"].search([("state", "=", "entree")], order="id")
        self.entry = {}
        self.programs = {}
        for dossier in self.dossiers:
            open_enrollments = dossier.enrollment_ids.filtered(lambda e: not e.date_exit)
            self.entry[dossier.id] = min(open_enrollments.mapped("date_entry"), default=False)
            self.programs[dossier.id] = set(open_enrollments.program_id.ids)
        self.taken = set()

    def pick(self, offer, territory, day):
        """A dossier for ``offer`` enrolled on ``day``, or ``None``."""
        candidates = [
            d for d in self.dossiers
            if (d.id, offer.id) not in self.taken
            and self.programs[d.id] & set(offer.program_ids.ids)
            and self.entry[d.id] and self.entry[d.id] <= day
        ]
        if not candidates:
            return None
        local = [d for d in candidates if d.territory_id == territory]
        dossier = self.rng.choice(local if local and self.rng.random() < 0.75 else candidates)
        self.taken.add((dossier.id, offer.id))
        return dossier


class _Generator:
    """The offers, sessions and steps of the demo (see :func:`generate`)."""

    def __init__(self, env, seed):
        self.env = env
        self.rng = random.Random(seed)
        self.today = fields.Date.context_today(env["casework.offer"])
        self.now = fields.Datetime.now()
        ref = env.ref
        self.programs = {
            "rsa": ref("casework_base.program_rsa"),
            "plie": ref("casework_base.program_plie"),
            "youth": ref("casework_base.program_youth_guarantee"),
        }
        self.territories = {
            "tremplin": ref("casework_base.demo_territory_nord"),
            "vivarais": ref("casework_base.demo_territory_centre"),
            "mobilite": ref("casework_base.demo_territory_sud"),
        }
        self.operators = {key: ref(f"casework_offers.demo_operator_{key}") for key in self.territories}
        self.signatories = {
            "tremplin": ref("casework_offers.demo_contact_tremplin_director"),
            "vivarais": ref("casework_offers.demo_contact_vivarais_director"),
            "mobilite": ref("casework_offers.demo_contact_mobilite_president"),
        }
        reasons = env["casework.step.end.reason"].search([])
        self.successful = reasons.filtered("is_successful")
        self.unsuccessful = reasons - self.successful
        self.ordering = {
            self.programs["rsa"].id: ref("casework_offers.demo_funder_departement"),
            self.programs["plie"].id: ref("casework_offers.demo_ordering_party_plie"),
        }
        # prescribers by programme (France Travail prescribes for every programme)
        self.prescribers = {
            self.programs["rsa"].id: ref("casework_offers.demo_prescriber_ccas"),
            self.programs["youth"].id: ref("casework_offers.demo_prescriber_mission_locale"),
        }
        self.france_travail = ref("casework_offers.demo_prescriber_france_travail")
        self.employers = [
            (ref("casework_offers.demo_employer_ehpad"), ref("casework_offers.demo_contact_ehpad_tutor")),
            (ref("casework_offers.demo_employer_ressourcerie"),
             ref("casework_offers.demo_contact_ressourcerie_tutor")),
            (ref("casework_offers.demo_employer_scop"), None),
            (ref("casework_offers.demo_employer_transports"), None),
        ]
        self.picker = _Picker(env, self.rng)
        self.classifications = {}
        self.offers = {}
        self.sessions = {}

    # catalogue

    def create_offers(self):
        self.classifications = _classifications(self.env)
        for spec in OFFERS:
            vals = {
                "name": spec["name"],
                "classification_id": self.classifications[spec["classification"]].id,
                "program_ids": [(6, 0, [self.programs[p].id for p in spec["programs"]])],
                "keywords": spec["keywords"],
                "description": f"<p>{spec['description']}</p>",
                "date_start": self.today + timedelta(days=spec["start"]),
                "date_end": self.today + timedelta(days=spec["end"]),
                "use_sessions": spec.get("use_sessions", False),
                "attendance_required": spec.get("attendance_required", False),
            }
            if isinstance(spec["operator"], list):
                vals["is_multi_operator"] = True
                vals["operator_ids"] = [(6, 0, [self.operators[key].id for key in spec["operator"]])]
            else:
                vals["operator_id"] = self.operators[spec["operator"]].id
                vals["signatory_id"] = self.signatories[spec["operator"]].id
            if spec.get("manager"):
                vals["manager_ids"] = [(6, 0, self.env.ref(spec["manager"]).ids)]
            offer = self.env["casework.offer"].create(vals)
            self.offers[spec["key"]] = offer
            if spec.get("sessions"):
                self.sessions[spec["key"]] = _sessions(self.env, offer, spec["sessions"], self.today)
        _register(self.env, {f"demo_offer_{key}": offer for key, offer in self.offers.items()})

    # steps

    def _step_vals(self, spec, offer, dossier, planned_start, planned_end):
        rng = self.rng
        if offer.is_multi_operator:
            # the operator of the person's territory, when it runs the offer
            local = [key for key in spec["operator"] if self.territories[key] == dossier.territory_id]
            operator = self.operators[local[0] if local else rng.choice(spec["operator"])]
        else:
            operator = self.operators[spec["operator"]]
        vals = {
            "beneficiary_id": dossier.id,
            "offer_id": offer.id,
            "operator_id": operator.id,
            "date_planned_start": planned_start,
            "date_planned_end": planned_end,
            "proposed_by_id": dossier.referent_id.id or False,
        }
        program_ids = sorted(self.picker.programs[dossier.id] & set(offer.program_ids.ids))
        ordering_party = next((self.ordering[p] for p in program_ids if p in self.ordering), None)
        if ordering_party and rng.random() < 0.5:
            vals["ordering_party_id"] = ordering_party.id
        if rng.random() < 0.35:
            prescribers = [self.prescribers[p] for p in program_ids if p in self.prescribers]
            vals["prescriber_id"] = rng.choice([self.france_travail, *prescribers]).id
        if spec["key"] == "immersion":
            employer, tutor = rng.choice(self.employers)
            vals["employer_id"] = employer.id
            vals["tutor_id"] = tutor.id if tutor else False
        if rng.random() < 0.15:
            vals["comment"] = rng.choice(COMMENTS)
        return vals

    def _end(self, vals, first, last, abandon=False):
        """``vals`` of a step ended between ``first`` and ``last``: completed
        on ``last``, or given up before."""
        vals.update(state="done", date_start=first, date_end=last)
        if abandon and self.unsuccessful:
            vals["date_end"] = first + timedelta(days=self.rng.randint(0, (last - first).days))
            vals["end_reason_id"] = self.rng.choice(self.unsuccessful).id
        elif self.successful:
            vals["end_reason_id"] = self.rng.choice(self.successful).id
        return vals

    def _session_steps(self, spec, offer):
        """Steps taking a seat of a session: their dates are the session's day."""
        rng = self.rng
        territory = self.territories[spec["operator"]]
        vals_list = []
        for session in self.sessions[spec["key"]]:
            day = _day(session.date_start)
            past = session.date_end < self.now
            seats = min(rng.randint(2, 4) if past else rng.randint(0, 2), session.capacity)
            for _index in range(seats):
                dossier = self.picker.pick(offer, territory, day - timedelta(days=10))
                if not dossier:
                    break
                vals = self._step_vals(spec, offer, dossier, day, day) | {"session_id": session.id}
                roll = rng.random()
                if past and roll < 0.85:
                    # attended, or left before the end of the day
                    self._end(vals, day, day, abandon=roll < 0.08)
                elif roll < 0.85:
                    vals["state"] = "positioning"
                else:
                    vals["state"] = "cancelled"
                vals_list.append(vals)
        return vals_list

    def _continuous_steps(self, spec, offer):
        """Steps spread over the dates of an offer without sessions."""
        rng, today = self.rng, self.today
        territory = self.territories[spec["operator"]] if isinstance(spec["operator"], str) else None
        count = {"immersion": 12, "job_club": 10, "green_spaces": 8, "sport": 10}.get(spec["key"], 6)
        length = {"immersion": (10, 14), "green_spaces": (40, 60), "training_diagnosis": (30, 45),
                  "driving_licence": (120, 200), "scooter": (90, 90)}.get(spec["key"], (45, 90))
        vals_list = []
        last_start = min(offer.date_end - timedelta(days=length[0]), today + timedelta(days=45))
        span = (last_start - offer.date_start).days
        for _index in range(count if span >= 0 else 0):
            if rng.random() < 0.4:
                # under way today
                planned_start = min(
                    max(today - timedelta(days=rng.randint(1, length[0] - 1)), offer.date_start), last_start
                )
            else:
                planned_start = offer.date_start + timedelta(days=rng.randint(0, span))
            planned_end = min(planned_start + timedelta(days=rng.randint(*length)), offer.date_end)
            dossier = self.picker.pick(offer, territory, planned_start)
            if not dossier:
                continue
            vals = self._step_vals(spec, offer, dossier, planned_start, planned_end)
            start = min(planned_start + timedelta(days=rng.randint(0, 5)), today, planned_end)
            roll = rng.random()
            if planned_start > today:
                vals["state"] = "positioning" if roll < 0.85 else "cancelled"
            elif planned_end < today:
                if roll < 0.85:
                    self._end(vals, start, planned_end, abandon=roll < 0.2)
                else:
                    vals["state"] = "cancelled"
            elif roll < 0.7:
                vals.update(state="step", date_start=start)
            elif roll < 0.9:
                vals["state"] = "positioning"
            else:
                self._end(vals, start, today, abandon=True)
            vals_list.append(vals)
        return vals_list

    def create_steps(self):
        vals_list = []
        for spec in OFFERS:
            offer = self.offers[spec["key"]]
            if offer.use_sessions:
                vals_list += self._session_steps(spec, offer)
            else:
                vals_list += self._continuous_steps(spec, offer)
        return self.env["casework.step"].create(vals_list)

    def create_objectives(self, steps):
        """Objectives on about a third of the started steps."""
        keys = {rec.id: key for key, rec in self.classifications.items()}
        vals_list = []
        for step in steps.filtered(lambda s: s.state in ("step", "done")):
            if self.rng.random() > 0.35:
                continue
            objectives = OBJECTIVES[keys[step.offer_id.classification_id.id]]
            for sequence, (kind, name) in enumerate(self.rng.sample(objectives, self.rng.randint(1, 3)), start=1):
                vals_list.append({
                    "step_id": step.id,
                    "sequence": sequence * 10,
                    "kind": kind,
                    "name": name,
                    "is_achieved": step.state == "done" and step.end_reason_id.is_successful
                    and self.rng.random() < 0.8,
                })
        self.env["casework.step.objective"].create(vals_list)

    def create_attendance(self):
        """Attendance of the past sessions of the offers that require it: the
        session's participants or, on an offer not managed by sessions, the
        steps under way on the session's day. Two sessions of two offers are
        signed off."""
        rng = self.rng
        vals_list = []
        to_sign_off = self.env["casework.offer.session"]
        for key, offer in self.offers.items():
            if not offer.attendance_required or key not in self.sessions:
                continue
            for session in self.sessions[key].filtered(lambda s: s.date_end < self.now):
                day = _day(session.date_start)
                if offer.use_sessions:
                    participants = session.step_ids.filtered(lambda s: s.state == "done")
                else:
                    participants = offer.step_ids.filtered(
                        lambda s, day=day: s.state in ("step", "done") and s.date_start <= day
                        and (not s.date_end or s.date_end >= day)
                    )
                length = (session.date_end - session.date_start).total_seconds() / 3600
                for step in participants:
                    roll = rng.random()
                    if roll < 0.8:
                        state, hours = "present", length
                    elif roll < 0.87:
                        state, hours = "present", length - 1  # arrived late
                    elif roll < 0.95:
                        state, hours = "excused", 0.0
                    else:
                        state, hours = "unexcused", 0.0
                    vals_list.append({"session_id": session.id, "step_id": step.id, "state": state, "hours": hours})
                if (participants and offer.use_sessions and offer not in to_sign_off.offer_id
                        and len(to_sign_off) < 2 and session.date_end < self.now - timedelta(days=20)):
                    to_sign_off |= session
        attendance = self.env["casework.attendance"].create(vals_list)
        if hasattr(to_sign_off, "action_sign_off"):
            to_sign_off.action_sign_off()
        else:
            to_sign_off.write({"attendance_state": "done"})
        return attendance


def generate(env, seed=12):
    """Create the demo catalogue: 4 classifications, 16 offers of the three
    demo operators (one multi-operator, one past and archived), their
    sessions, about 150 steps of the demo dossiers in every state, objectives
    and attendance. Returns the steps.

    Every date is relative to today, so the demo reads the same whatever the
    day of its installation; the dates follow the rules of steps (actual dates
    within the offer's, or the session's), sessions keep free seats and the
    attendance hours are at most the session's length. End reasons are those
    of the module's data: successful ones end the completed steps, the others
    the abandoned ones (none when there is no end reason).
    """
    generator = _Generator(env, seed)
    generator.create_offers()
    steps = generator.create_steps()
    generator.create_objectives(steps)
    generator.create_attendance()
    for spec in OFFERS:
        if spec.get("archive"):
            # past its end date, an offer is deactivated; its steps stay
            generator.offers[spec["key"]].active = False
    return steps
