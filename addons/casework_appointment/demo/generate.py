"""Demo appointments of the demo dossiers (``post_init_hook``)."""

import random
from datetime import timedelta

from odoo import fields


def generate(env, count=80, seed=11):
    """Past appointments with their outcome and upcoming ones, for the
    first ``count`` dossiers followed by a référent; the slots of each
    référent do not overlap (one per hour, from 9:00)."""
    rng = random.Random(seed)
    now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
    types = [env.ref("casework_appointment.appointment_type_individual")] * 4 + [
        env.ref("casework_appointment.appointment_type_phone"),
        env.ref("casework_appointment.appointment_type_home_visit"),
    ]
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
