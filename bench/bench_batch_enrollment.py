# Benchmark: the batch enrolment of dossiers on a service offer.
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# fresh database with every casework module and no demo data.
#
# A head of service enrols a selection of CASEWORK_BENCH_ENROLL_SIZES dossiers
# (default 500 and 5000) of their territory on a session of an offer, with the
# batch enrolment wizard (casework.step.enroll.wizard: one create() of the
# steps), next to the same steps created one by one through the ORM (one
# create() per dossier, what a loop over the dossiers would do), and one ORM
# create() of the same values without the wizard, in the same run. Each
# measure gets its own offer and session (capacity: the size), so that none
# finds the steps of another; everything is rolled back at the end.
# CASEWORK_BENCH_SMOKE=1 (the smoke run of `make test`) takes 20 and 50.
import os
import sys
import time
from datetime import date, datetime

from odoo.fields import Command
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

sys.path.insert(0, os.environ.get("CASEWORK_BENCH_LIB") or os.path.join(
    os.path.dirname(os.path.dirname(get_module_path("casework_base"))), "bench", "lib"))
from sqlgen import clone_rows, reserve_ids, table_columns  # noqa: E402

SMOKE = bool(os.environ.get("CASEWORK_BENCH_SMOKE"))
SIZES = [int(size) for size in os.environ.get(
    "CASEWORK_BENCH_ENROLL_SIZES", "20,50" if SMOKE else "500,5000").split(",")]
PASSWORD = "Casework-2026"
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       no_reset_password=True))
cr = env.cr

# ------------------------------------------------------------------ data
started = time.perf_counter()
territory = env["casework.territory"].create({"name": "Bench enrolment", "code": "BENCH-ENROL"})
manager = new_test_user(env, login="bench_enrol_manager", password=PASSWORD,
                        groups="base.group_user,casework_base.group_casework_manager")
manager.casework_territory_ids = [Command.set(territory.ids)]
operator = env["res.partner"].create({
    "name": "Bench Formation", "is_company": True, "casework_profile_ids": [Command.create({"role": "operator"})],
})
template = env["casework.beneficiary"].create({
    "civility": "mme", "first_name": "Modèle", "usage_name": "Enrolment", "birth_date": date(1985, 6, 1),
    "territory_id": territory.id,
})
env.flush_all()
# the dossiers of every measure: SQL copies of the template and its partner (lib/sqlgen.py)
WARM_UP = 5
count = 3 * (sum(SIZES) + WARM_UP) - 1
first_partner = reserve_ids(cr, "res_partner_id_seq", count)
first_dossier = reserve_ids(cr, "casework_beneficiary_id_seq", count)
source = "SELECT g, %s + g - 1 AS partner_id, %s + g - 1 AS dossier_id FROM generate_series(1, %s) AS g"
name = "'ENROL' || src.g || ' Marie'"
now = "now() at time zone 'UTC'"
stamps = {"create_date": now, "write_date": now}
clone_rows(cr, "res_partner", template.partner_id.id, source, {
    "id": "src.partner_id", "name": name, "complete_name": name, "commercial_partner_id": "src.partner_id", **stamps,
}, [first_partner, first_dossier, count])
dossier_columns = {
    "id": "src.dossier_id", "partner_id": "src.partner_id", "number": "'BEN-' || src.g",
    "usage_name": "'Enrol' || src.g", "search_name": "'marie enrol' || src.g", **stamps,
}
# search_name belongs to casework_identity (installed by `make bench`, not always by hand)
existing = set(table_columns(cr, "casework_beneficiary"))
clone_rows(cr, "casework_beneficiary", template.id, source,
           {column: value for column, value in dossier_columns.items() if column in existing},
           [first_partner, first_dossier, count])
cr.execute("ANALYZE res_partner, casework_beneficiary, casework_step")
env.invalidate_all()
Dossier = env["casework.beneficiary"]
pool = [template.id, *range(first_dossier, first_dossier + count)]
generated = time.perf_counter() - started


def offer_and_session(label):
    offer = env["casework.offer"].create({
        "name": f"Bench {label}", "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
        "operator_id": operator.id, "use_sessions": True,
    })
    session = env["casework.offer.session"].create({
        "name": f"Session {label}", "offer_id": offer.id, "capacity": max(SIZES),
        "date_start": datetime(2026, 11, 2, 8), "date_end": datetime(2026, 11, 27, 16),
    })
    env.flush_all()
    env.invalidate_all()
    return offer, session


def step_vals(dossier_id, offer, session):
    return {
        "beneficiary_id": dossier_id, "offer_id": offer.id, "session_id": session.id,
        "date_planned_start": date(2026, 11, 2), "date_planned_end": date(2026, 11, 27),
    }


def wizard(dossier_ids, offer, session):
    wizard = env["casework.step.enroll.wizard"].with_user(manager).create({
        "beneficiary_ids": [Command.set(dossier_ids)], "offer_id": offer.id, "session_id": session.id,
    })
    wizard.action_enroll()


def one_by_one(dossier_ids, offer, session):
    Step = env["casework.step"].with_user(manager)
    for dossier_id in dossier_ids:
        Step.create(step_vals(dossier_id, offer, session))


def one_create(dossier_ids, offer, session):
    vals_list = [step_vals(dossier_id, offer, session) for dossier_id in dossier_ids]
    env["casework.step"].with_user(manager).create(vals_list)


def measure(label, size, func, dossier_ids):
    offer, session = offer_and_session(f"{label} {size}")
    before = cr.sql_log_count
    tic = time.perf_counter()
    func(dossier_ids, offer, session)
    env.flush_all()
    elapsed = time.perf_counter() - tic
    queries = cr.sql_log_count - before
    steps = env["casework.step"].search_count([("offer_id", "=", offer.id)])
    assert steps == size, f"{label}: {steps} steps for {size} dossiers"
    return (label, size, elapsed * 1000, queries)


results = []
cursor = 0
# warm-up: each path once on a few dossiers (caches, prepared views), not reported
for label, func in (("wizard", wizard), ("one by one", one_by_one), ("one create", one_create)):
    measure(f"warm-up {label}", WARM_UP, func, pool[cursor:cursor + WARM_UP])
    cursor += WARM_UP
for size in SIZES:
    for label, func in (("batch enrolment wizard", wizard), ("ORM create() one by one", one_by_one),
                        ("ORM one create() of all, no wizard", one_create)):
        results.append(measure(label, size, func, pool[cursor:cursor + size]))
        cursor += size

print()
print(f"Casework batch enrolment -- a head of service enrols dossiers of their territory on a session "
      f"(data generated in {generated:.1f} s)")
print(f"{'operation':36} {'dossiers':>8} {'ms':>10} {'ms/dossier':>10} {'queries':>8} {'q/dossier':>9}")
for label, size, ms, queries in results:
    print(f"{label:36} {size:>8} {ms:>10.0f} {ms / size:>10.2f} {queries:>8} {queries / size:>9.2f}")
cr.rollback()
