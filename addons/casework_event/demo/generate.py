"""Registrations of demo dossiers to the demo events (``post_init_hook``)."""

import random


def generate(env, seed=17):
    """Register demo dossiers to the four demo events, as their référent
    would (within their scope): past events with their attendees marked
    present or absent, upcoming ones with registered attendees."""
    rng = random.Random(seed)
    events = [
        env.ref("casework_event.demo_event_job_fair", raise_if_not_found=False),
        env.ref("casework_event.demo_event_job_dating", raise_if_not_found=False),
        env.ref("casework_event.demo_event_information_session", raise_if_not_found=False),
        env.ref("casework_event.demo_event_salon", raise_if_not_found=False),
    ]
    dossiers = env["casework.beneficiary"].search([("referent_id", "!=", False)], order="id")
    if not dossiers or not all(events):
        return False
    Registration = env["event.registration"]
    created = []
    for index, event in enumerate(events):
        chosen = dossiers[index * 9:index * 9 + 9]
        past = event.date_begin < env.cr.now()
        for dossier in chosen:
            referent = dossier.referent_id
            registration = Registration.with_user(referent).create({
                "event_id": event.id,
                "casework_beneficiary_id": dossier.id,
            })
            created.append(registration)
            if past:
                if rng.random() < 0.75:
                    registration.action_casework_set_present()
                else:
                    registration.action_casework_set_absent()
    # named like demo records, so that uninstalling the module removes them before their events
    env["ir.model.data"]._update_xmlids([
        {"xml_id": f"casework_event.demo_registration_{number}", "record": registration, "noupdate": True}
        for number, registration in enumerate(created, 1)
    ])
    return True
