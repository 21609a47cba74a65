"""The demo funding (``post_init_hook``): three funders, four conventions
(one co-funded by the European Social Fund and the département), the steps
of the funded demo offers attached to their convention, an FSE operation per
year (last year's and this year's) with their participants and entry and
exit questionnaires in every state (filled in, in progress, missing,
imported). Dates are relative to the day of the installation; the offers
and dossiers are those of the casework_offers demo."""

import random
from datetime import date, timedelta

from odoo import fields
from odoo.fields import Command


def _funders(env):
    ref = env.ref
    opco = env["res.partner"].create({
        "name": "OPCO Cohésion sociale – délégation Auvergne-Rhône-Alpes", "is_company": True,
        "city": "Lyon", "zip": "69003", "street": "12 rue Garibaldi",
        "casework_legal_form": "association", "casework_profile_ids": [Command.create({"role": "funder"})],
    })
    return ref("casework_offers.demo_funder_departement"), ref("casework_offers.demo_funder_fse"), opco


def _offer(env, name):
    return env["casework.offer"].with_context(active_test=False).search([("name", "=", name)], limit=1)


def _conventions(env, today, departement, fse, opco, operations):
    Convention = env["casework.convention"]
    start, end = today - timedelta(days=365), today + timedelta(days=365)
    workshops = (
        _offer(env, "Atelier CV et lettre de motivation") | _offer(env, "Préparation aux entretiens d'embauche")
        | _offer(env, "Job club – recherche d'emploi collective")
    )
    return Convention.create([
        {
            "name": "Ateliers de recherche d'emploi", "reference": f"CD07-{today.year}-014",
            "funder_id": departement.id, "funding_type": "public", "date_start": start, "date_end": end,
            "pricing_mode": "hourly", "hourly_rate": 38.0, "funded_hours": 600.0, "amount_planned": 22800.0,
            "offer_ids": [Command.set(workshops.ids)], "date_signed": start,
            "chorus_service_code": "DGAS-INSERTION", "chorus_commitment_number": f"EJ{today.year}0004512",
        },
        {
            "name": "Découverte des métiers du soin", "reference": f"OPCO-CS-{today.year}-07",
            "funder_id": opco.id, "funding_type": "private", "date_start": start, "date_end": end,
            "pricing_mode": "participant", "flat_fee": 450.0, "amount_planned": 9000.0,
            "offer_ids": [Command.set(_offer(env, "Découverte des métiers du soin").ids)],
        },
        {
            "name": "Diagnostics formation", "reference": f"CD07-{today.year}-022",
            "funder_id": departement.id, "funding_type": "public", "date_start": start, "date_end": end,
            "pricing_mode": "step", "flat_fee": 320.0, "amount_planned": 12800.0,
            "offer_ids": [Command.set(_offer(env, "Diagnostic formation").ids)],
            "chorus_service_code": "DGAS-INSERTION",
        },
        {
            "name": "Accompagnateurs emploi – FSE+", "reference": f"FSE-{today.year - 1}-{today.year}-0712",
            "funder_id": fse.id, "funding_type": "mixed",
            "date_start": date(today.year - 1, 1, 1), "date_end": date(today.year, 12, 31),
            "pricing_mode": "participant", "flat_fee": 900.0, "amount_planned": 54000.0,
            "offer_ids": [Command.set(operations.ids)],
            "cofunder_ids": [
                Command.create({"partner_id": fse.id, "share_percent": 60.0}),
                Command.create({"partner_id": departement.id, "share_percent": 40.0}),
            ],
        },
    ])


def _attach_steps(env, conventions):
    """The demo steps of the funded offers go on their convention when it
    is valid over them."""
    for convention in conventions[:3]:
        steps = env["casework.step"].search([
            ("offer_id", "in", convention.offer_ids.ids), ("state", "!=", "cancelled"),
        ])
        for step in steps:
            if convention._is_valid_over(*step._step_period()):
                step.write({"convention_id": convention.id, "convention_hours_planned": 12.0})


def _answer(env, rng, step, survey, partner, state):
    """A questionnaire of ``step`` in ``state`` ("done", "in_progress",
    "imported"), answered at random."""
    answer = env["survey.user_input"].create({
        "survey_id": survey.id, "casework_step_id": step.id, "partner_id": partner.id,
    })
    questions = survey.question_ids
    if state == "in_progress":
        questions = questions[:1]
    for question in questions:
        choices = question.suggested_answer_ids.ids
        if question.question_type == "multiple_choice":
            answer._save_lines(question, [str(choice) for choice in rng.sample(choices, rng.choice((1, 2)))])
        else:
            answer._save_lines(question, str(rng.choice(choices)))
    if state in ("done", "imported"):
        answer._mark_done()
    if state == "imported":
        answer.casework_imported = True
    return answer


def _operations(env, today, rng, convention, operations):
    """The participants of last year's and this year's FSE operations, and
    their questionnaires in every state."""
    completed = env.ref("casework_offers.step_end_reason_completed", raise_if_not_found=False)
    dossiers = env["casework.beneficiary"].search([("state", "=", "entree")], order="id", limit=12)
    last, current = operations
    Step = env["casework.step"]
    entry_survey, exit_survey = env.ref("casework_fse.survey_fse_entry"), env.ref("casework_fse.survey_fse_exit")
    states_last = ["done", "done", "imported", "done", "in_progress", None]
    states_now = ["done", "in_progress", None, "done", "done", None, "done", None]
    for index, dossier in enumerate(dossiers):
        referent = dossier.assignment_ids.filtered(lambda a: a.role == "parcours")[:1].user_id
        partner = (referent or env.user).partner_id
        if index < 6:
            start = date(last.date_start.year, 1, 1) + timedelta(days=15 + 20 * index)
            end = date(last.date_end.year, 12, 31) if index % 2 else start + timedelta(days=150)
            step = Step.create({
                "beneficiary_id": dossier.id, "offer_id": last.id, "convention_id": convention.id,
                "date_planned_start": start, "date_planned_end": end, "state": "done",
                "date_start": start, "date_end": end, "end_reason_id": completed.id,
            })
            if states_last[index]:
                _answer(env, rng, step, entry_survey, partner, "imported" if index == 2 else "done")
                _answer(env, rng, step, exit_survey, partner, states_last[index])
        if index >= 4:
            start = min(date(current.date_start.year, 1, 2) + timedelta(days=9 * index), today)
            step = Step.create({
                "beneficiary_id": dossier.id, "offer_id": current.id, "convention_id": convention.id,
                "date_planned_start": start, "date_planned_end": current.date_end, "state": "step",
                "date_start": start,
            })
            if states_now[index - 4]:
                _answer(env, rng, step, entry_survey, partner, states_now[index - 4])


def generate(env, seed=7):
    """Create the demo funding: funders, 4 conventions (one co-funded), the
    FSE operations of last year and this year with their participants and
    questionnaires. Returns the conventions."""
    rng = random.Random(seed)
    today = fields.Date.context_today(env["casework.convention"])
    departement, fse, opco = _funders(env)
    operator = env.ref("casework_offers.demo_operator_tremplin")
    classification = env.ref("casework_fse.offer_classification_fse")
    operations = env["casework.offer"].create([{
        "name": f"FSE {year} Accompagnateurs emploi du CD07", "classification_id": classification.id,
        "operator_id": operator.id, "date_start": date(year, 1, 1), "date_end": date(year, 12, 31),
        "program_ids": [Command.set(env.ref("casework_base.program_rsa").ids)],
        "description": "<p>Accompagnement renforcé vers l'emploi des bénéficiaires du RSA, cofinancé par le "
        "Fonds social européen : inscription dès l'entrée dans la file active, questionnaires d'entrée et de "
        "sortie obligatoires.</p>",
    } for year in (today.year - 1, today.year)])
    conventions = _conventions(env, today, departement, fse, opco, operations)
    _attach_steps(env, conventions)
    _operations(env, today, rng, conventions[3], operations)
    return conventions
