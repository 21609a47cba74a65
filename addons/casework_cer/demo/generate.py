"""Demo contracts (``post_init_hook``): for the demo dossiers followed by a
référent, contracts in every state of the approval, moved by the référent,
the secretariat and the head of service of the dossier's territory, so that
their state history reads as it would in production. Dates are relative to
the day of the installation."""

from dateutil.relativedelta import relativedelta

from odoo import fields, modules, tools

from odoo.addons.casework_base.tools.dates import casework_today

OBJECTIVES = [
    ("contract_theme_employment", "Postuler à trois offres par semaine dans l'aide à domicile",
     "Proposer l'atelier CV et une immersion en entreprise"),
    ("contract_theme_training", "Se renseigner sur le titre professionnel d'agent de propreté",
     "Prendre rendez-vous avec l'organisme de formation"),
    ("contract_theme_mobility", "Passer le code de la route",
     "Monter le dossier d'aide au permis de conduire"),
    ("contract_theme_health", "Reprendre contact avec son médecin traitant",
     "Orienter vers le point santé du territoire"),
    ("contract_theme_housing", "Déposer une demande de logement social", "Appuyer la demande auprès du bailleur"),
]
SITUATIONS = [
    "42 ans, seule avec deux enfants, locataire, sans véhicule. Au RSA depuis 2023, accompagnée depuis un an.",
    "35 ans, en couple, hébergé chez un proche, permis B sans véhicule. Fin de CDD en juin.",
    "51 ans, célibataire, locataire, véhicule personnel. Activité de vente sur les marchés depuis 2024.",
]
# the state of each demo contract, and the moves (method, role) that lead to it
PATHS = [
    ("proposition", []),
    ("submitted", [("action_submit", "referent")]),
    ("commission", [("action_submit", "referent"), ("action_to_commission", "secretariat")]),
    ("waiting", [("action_submit", "referent"), ("action_to_decision", "secretariat")]),
    ("validated", [("action_submit", "referent"), ("action_to_decision", "secretariat"),
                   ("action_validate", "manager")]),
    ("refused", [("action_submit", "referent"), ("action_to_commission", "secretariat"),
                 ("action_refuse", "secretariat")]),
    ("validated", [("action_submit", "referent"), ("action_to_commission", "secretariat"),
                   ("action_validate", "secretariat")]),
]


def _territory_users(env, group_xmlid, territory, exclude_xmlid):
    group = env.ref(group_xmlid)
    excluded = env.ref(exclude_xmlid).all_user_ids
    return (group.all_user_ids - excluded).filtered(lambda user: territory in user.casework_territory_ids)[:1]


def generate(env):
    """Create the demo contracts: one per path of :data:`PATHS` (every state,
    both routes to a decision), each on a demo dossier in "entrée" with a
    référent de parcours and a secretariat and head of service on its
    territory (a dossier has several when there are fewer such dossiers than
    paths), with one or two objectives. Returns the contracts, in the order of
    :data:`PATHS`."""
    Contract = env["casework.contract"]
    today = casework_today(env)
    dossiers = env["casework.beneficiary"].search([("state", "=", "entree")], order="id")
    eligible = []
    for dossier in dossiers:
        users = {
            "referent": dossier.referent_id,
            "secretariat": _territory_users(env, "casework_base.group_casework_secretariat", dossier.territory_id,
                                            "casework_base.group_casework_manager"),
            "manager": _territory_users(env, "casework_base.group_casework_manager", dossier.territory_id,
                                        "casework_base.group_casework_admin"),
        }
        if all(users.values()):
            eligible.append((dossier, users))
        if len(eligible) == len(PATHS):
            break
    contracts = Contract
    if not eligible:
        return contracts
    filed = {}
    for index, (state, moves) in enumerate(PATHS):
        dossier, users = eligible[index % len(eligible)]
        signature = today - relativedelta(days=7 * (len(PATHS) - index))
        start = signature.replace(day=1) + relativedelta(months=1)
        objectives = [OBJECTIVES[(index + shift) % len(OBJECTIVES)] for shift in range(1 + index % 2)]
        contract = Contract.with_user(users["referent"]).create({
            "beneficiary_id": dossier.id,
            "date_signature": signature,
            "date_start": start,
            "date_end": start + relativedelta(months=6, days=-1),
            "priority_id": env.ref("casework_cer.contract_priority_normal").id,
            "situation": SITUATIONS[index % len(SITUATIONS)],
            "evaluation": "Les démarches prévues ont été engagées ; la garde des enfants reste un frein.",
            "expression": "Souhaite trouver un emploi à temps partiel près de chez elle.",
            "agreement": "yes",
            "objective_ids": [fields.Command.create({
                "theme_id": env.ref(f"casework_cer.{theme}").id, "person_action": person,
                "referent_action": referent,
            }) for theme, person, referent in objectives],
        })
        for method, role in moves:
            getattr(contract.with_user(users[role]), method)()
        if state in ("validated", "refused"):
            contract.with_user(users["manager"]).write({
                "decision": state,
                "decision_comment": "CER validé sur six mois." if state == "validated" else
                "Objectifs trop imprécis : à retravailler avec le référent.",
                "referent_note": "Faire le point sur la mobilité au prochain rendez-vous.",
            })
        contracts |= contract
        if state in ("proposition", "validated") and state not in filed:
            filed[state] = (contract, users["referent"] if state == "proposition" else users["secretariat"])
    # under tests Odoo renders reports as HTML, which is not a document: nothing filed then
    if not (modules.module.current_test or tools.config["test_enable"]):
        _file_letters(env, filed.values())
    return contracts.sudo()


def _file_letters(env, filings):
    """File the letter of a couple of demo contracts in their dossier, as the
    référent or the secretariat would (the wizard "Create a document"),
    when the server has wkhtmltopdf.

    :param filings: iterable of (contract, user)
    """
    if env["ir.actions.report"].get_wkhtmltopdf_state() == "install":
        return
    # no server answers while the demo is installed: wkhtmltopdf warns that it
    # could not fetch the report assets, which the letters do not need (their
    # styles are inline, their font the system's)
    for contract, user in filings:
        Wizard = env["casework.contract.letter.wizard"].with_user(user)
        Wizard.create({"contract_id": contract.id}).action_file()
