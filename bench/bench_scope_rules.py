# Benchmark: the cost of Casework's access scope on everyday reads.
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# fresh database with every casework module and no demo data.
#
# Casework hides a beneficiary's partner from users outside the dossier's
# scope with a global record rule on res.partner; dossiers themselves are
# filtered per role (active file of a referent, territories of a secretary).
# This measures what that costs, next to plain Odoo doing the same work
# without record rules (sudo) in the same run, on:
#   - res.partner name_search and search_read (the contact many2one / list),
#   - casework.beneficiary search_count and a first page of the list.
#
# Volume: CASEWORK_BENCH_DOSSIERS dossiers (default 10000) in 3 territories,
# one referent per 150 dossiers, and as many ordinary company contacts.
import os
import random
import statistics
import time
from datetime import date, timedelta

from odoo.fields import Command
from odoo.tests import new_test_user

SIZE = int(os.environ.get("CASEWORK_BENCH_DOSSIERS", "10000"))
REPEAT = int(os.environ.get("CASEWORK_BENCH_REPEAT", "7"))
PASSWORD = "Casework-2026"
rng = random.Random(42)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))  # noqa: F821

# ------------------------------------------------------------------ data
started = time.perf_counter()
territories = env["casework.territory"].create(
    [{"name": f"Bench {code}", "code": f"BENCH-{code}"} for code in ("N", "C", "S")]
)
referents = env["res.users"]
for index in range(max(1, SIZE // 150)):
    referents |= new_test_user(env, login=f"bench_ref_{index}", password=PASSWORD,
                               groups="base.group_user,casework_base.group_casework_referent")
secretary = new_test_user(env, login="bench_secretary", password=PASSWORD,
                          groups="base.group_user,casework_base.group_casework_secretariat")
secretary.casework_territory_ids = territories[:1]
plain_user = new_test_user(env, login="bench_plain", password=PASSWORD, groups="base.group_user")
rsa = env.ref("casework_base.program_rsa")
last_names = ["Martin", "Bernard", "Dubois", "Moreau", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller"]
first_names = ["Marie", "Karim", "Julie", "Thomas", "Nadia", "Kévin", "Sophie", "Mehdi", "Léa", "Hugo"]
batch = []
for index in range(SIZE):
    start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
    batch.append({
        "civility": "mme" if index % 2 else "m",
        "first_name": rng.choice(first_names),
        "usage_name": f"{rng.choice(last_names)}{index}",
        "birth_date": date(1960 + rng.randint(0, 45), rng.randint(1, 12), rng.randint(1, 28)),
        "territory_id": territories[index % 3].id,
        "enrollment_ids": [Command.create({"program_id": rsa.id, "date_entry": start})],
        "assignment_ids": [Command.create({
            "user_id": referents[index % len(referents)].id, "role": "parcours", "date_start": start,
        })],
    })
    if len(batch) == 1000:
        env["casework.beneficiary"].create(batch)
        batch = []
if batch:
    env["casework.beneficiary"].create(batch)
env["res.partner"].create(
    [{"name": f"{rng.choice(last_names)} SARL {index}", "is_company": True} for index in range(SIZE)]
)
env.flush_all()
env.cr.execute("ANALYZE")
generated = time.perf_counter() - started


# ------------------------------------------------------------------ measures
def measure(label, who, func):
    func()  # warm the caches
    timings, queries, rows = [], [], 0
    for _attempt in range(REPEAT):
        env.invalidate_all()
        before = env.cr.sql_log_count
        tic = time.perf_counter()
        result = func()
        timings.append((time.perf_counter() - tic) * 1000)
        queries.append(env.cr.sql_log_count - before)
        rows = result if isinstance(result, int) else len(result)
    return (label, who, rows, statistics.median(timings), max(queries))


referent = referents[0]
Partner = env["res.partner"]
Beneficiary = env["casework.beneficiary"]
cases = [
    ("res.partner name_search 'Martin'", "plain Odoo (no rules)",
     lambda: Partner.sudo().name_search("Martin", limit=8)),
    ("res.partner name_search 'Martin'", "internal user",
     lambda: Partner.with_user(plain_user).name_search("Martin", limit=8)),
    ("res.partner name_search 'Martin'", "referent",
     lambda: Partner.with_user(referent).name_search("Martin", limit=8)),
    ("res.partner search_read 80", "plain Odoo (no rules)",
     lambda: Partner.sudo().search_read([], ["name", "email"], limit=80)),
    ("res.partner search_read 80", "internal user",
     lambda: Partner.with_user(plain_user).search_read([], ["name", "email"], limit=80)),
    ("res.partner search_read 80", "referent",
     lambda: Partner.with_user(referent).search_read([], ["name", "email"], limit=80)),
    ("dossiers search_count", "plain Odoo (no rules)", lambda: Beneficiary.sudo().search_count([])),
    ("dossiers search_count", "referent (active file)", lambda: Beneficiary.with_user(referent).search_count([])),
    ("dossiers search_count", "secretary (1 territory)", lambda: Beneficiary.with_user(secretary).search_count([])),
    ("dossiers list page 80", "plain Odoo (no rules)",
     lambda: Beneficiary.sudo().search_read([], ["number", "name", "birth_date", "state"], limit=80)),
    ("dossiers list page 80", "referent (active file)",
     lambda: Beneficiary.with_user(referent).search_read([], ["number", "name", "birth_date", "state"], limit=80)),
    ("dossiers list page 80", "secretary (1 territory)",
     lambda: Beneficiary.with_user(secretary).search_read([], ["number", "name", "birth_date", "state"], limit=80)),
]
results = [measure(*case) for case in cases]

print()
print(f"Casework access scope -- {SIZE} dossiers, {SIZE} company contacts, {len(referents)} referents "
      f"(data generated in {generated:.0f} s), median of {REPEAT} runs")
print(f"{'operation':34} {'user':26} {'rows':>6} {'ms':>9} {'queries':>8}")
for label, who, rows, ms, queries in results:
    print(f"{label:34} {who:26} {rows:>6} {ms:>9.1f} {queries:>8}")
env.cr.rollback()
