"""Identifiers of the demo dossiers (``post_init_hook``)."""

import random

from odoo.fields import Command


def generate(env, seed=13):
    """France Travail and CAF numbers of the demo dossiers followed by a référent."""
    rng = random.Random(seed)
    france_travail = env.ref("casework_identity.identifier_type_france_travail")
    caf = env.ref("casework_identity.identifier_type_caf")
    for dossier in env["casework.beneficiary"].search([("referent_id", "!=", False)], order="id"):
        identifiers = []
        if rng.random() < 0.6:
            identifiers.append(Command.create({"type_id": france_travail.id,
                                               "value": f"{rng.randint(1000000, 9999999)}{rng.choice('ABCDEFGH')}"}))
        if rng.random() < 0.8:
            identifiers.append(Command.create({"type_id": caf.id, "value": f"{rng.randint(1000000, 9999999)}"}))
        if identifiers:
            dossier.identifier_ids = identifiers
    return True
