# Benchmark: the duplicate check of a new dossier, at a département's and a
# country's scale.
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# fresh database with every casework module and no demo data. The people are
# committed and vacuumed (as in a live database: index-only scans need the
# visibility map), then deleted at the end.
#
# Data: BENCH_PEOPLE people (default 100000; BENCH_PEOPLE=1000000 for a
# country) from bench/lib/people.py -- French first names and surnames with
# accents, hyphenated and compound names, birth names -- plus 2% planted
# duplicates (accents and case, hyphens, birth name as usage name, part of a
# compound name, first and last name swapped, one or two letters wrong, day
# and month swapped), inserted with SQL (the ORM would take hours at 1M), the
# normalised name computed in Python as the ORM does (name_matching.search_name).
#
# Measures, over BENCH_SAMPLES checks (default 300) as a secretary of the
# territory (record rules on):
#   - the duplicate check while creating the planted duplicates: p50/p95
#     latency, recall (the original is proposed), precision (what is proposed
#     is the same person);
#   - the duplicate check while creating people who are not in the data;
#   - plain Odoo res.partner name_search on the same names (sudo, the
#     baseline): latency, and whether the original is among its 8 results.
import io
import os
import random
import sys
import time

from odoo import sql_db
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

from odoo.addons.casework_identity.tools import name_matching

sys.path.insert(0, os.environ.get("CASEWORK_BENCH_LIB") or os.path.join(
    os.path.dirname(os.path.dirname(get_module_path("casework_base"))), "bench", "lib"))
import people as people_lib  # noqa: E402
from sqlgen import clone_rows  # noqa: E402

SIZE = int(os.environ.get("BENCH_PEOPLE", "100000"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "300"))
# plain name_search is slow (seconds at 1M): fewer samples for the baseline
BASELINE_SAMPLES = int(os.environ.get("BENCH_BASELINE_SAMPLES", "100" if SIZE <= 200000 else "20"))
RATE = 0.02
env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
cr = env.cr
Beneficiary = env["casework.beneficiary"]

# ------------------------------------------------------------------ data
started = time.perf_counter()
territory = env["casework.territory"].create({"name": "Bench people", "code": "BENCH-PEOPLE"})
secretary = new_test_user(env, login="bench_dup_secretary", password="Casework-2026",
                          groups="base.group_user,casework_base.group_casework_secretariat")
secretary.casework_territory_ids = territory
# the template of the people's rows (see lib/sqlgen.py), removed at the end
template = Beneficiary.create({"civility": "m", "first_name": "Modèle", "usage_name": "Bench",
                               "birth_date": "1980-01-01", "territory_id": territory.id})
env.flush_all()
persons, planted = people_lib.generate(SIZE, duplicate_rate=RATE, seed=42)
generated = time.perf_counter() - started


def copy_rows(rows):
    buffer = io.StringIO()
    for index, person in enumerate(rows):
        search_name = name_matching.search_name(person["first_name"], person["usage_name"], person["birth_name"])
        fields_ = (str(index), person["civility"], person["first_name"], person["usage_name"],
                   person["birth_name"] or "\\N", person["birth_date"].isoformat(), search_name)
        buffer.write("\t".join(value.replace("\t", " ") for value in fields_) + "\n")
    buffer.seek(0)
    cr.execute("""CREATE TABLE bench_people (idx int PRIMARY KEY, civility varchar, first_name varchar,
                  usage_name varchar, birth_name varchar, birth_date date, search_name varchar,
                  partner_id int, id int)""")
    cr._obj.copy_expert("COPY bench_people (idx, civility, first_name, usage_name, birth_name, birth_date, "
                        "search_name) FROM STDIN", buffer)


tic = time.perf_counter()
copy_rows(persons)
cr.execute("UPDATE bench_people SET partner_id = nextval('res_partner_id_seq'), "
           "id = nextval('casework_beneficiary_id_seq')")
cr.execute("DROP INDEX IF EXISTS casework_beneficiary_search_name_trgm_idx")
# every other column as the ORM fills it on a dossier created the usual way
clone_rows(cr, "res_partner", template.partner_id.id, "SELECT * FROM bench_people", {
    "id": "src.partner_id", "name": "upper(src.usage_name) || ' ' || src.first_name",
    "complete_name": "upper(src.usage_name) || ' ' || src.first_name", "commercial_partner_id": "src.partner_id",
    "create_date": "now() at time zone 'UTC'", "write_date": "now() at time zone 'UTC'",
})
clone_rows(cr, "casework_beneficiary", template.id, "SELECT * FROM bench_people", {
    "id": "src.id", "partner_id": "src.partner_id", "number": "'BENCH-' || src.idx", "civility": "src.civility",
    "first_name": "src.first_name", "usage_name": "src.usage_name", "birth_name": "src.birth_name",
    "birth_date": "src.birth_date", "gender": "CASE src.civility WHEN 'mme' THEN 'female' ELSE 'male' END",
    "search_name": "src.search_name",
    "create_date": "now() at time zone 'UTC'", "write_date": "now() at time zone 'UTC'",
})
Beneficiary._casework_init_search_sql(cr)  # the trigram index, built once on the whole table
cr.execute("SELECT idx, id, partner_id FROM bench_people")
ids, partner_ids = {}, {}
for index, record_id, partner_id in cr.fetchall():
    ids[index], partner_ids[index] = record_id, partner_id
# committed and vacuumed like a live table (visibility map for index-only
# scans, statistics); removed at the end
cr.commit()


def vacuum():
    connection = sql_db.db_connect(cr.dbname).cursor()
    try:
        connection._cnx.autocommit = True
        connection.execute("VACUUM ANALYZE res_partner")
        connection.execute("VACUUM ANALYZE casework_beneficiary")
    finally:
        connection.close()


vacuum()
loaded = time.perf_counter() - tic
env.invalidate_all()
if os.environ.get("BENCH_LOAD_ONLY"):  # keep the data to study the queries (never in make bench)
    raise SystemExit


def cleanup():
    cr.rollback()
    # nothing else points to these rows: skip the foreign key checks of the
    # hundred tables referencing res_partner (hours at 1M otherwise)
    cr.execute("SET LOCAL session_replication_role = replica")
    cr.execute("DELETE FROM casework_beneficiary WHERE id IN (SELECT id FROM bench_people)")
    cr.execute("DELETE FROM res_partner WHERE id IN (SELECT partner_id FROM bench_people)")
    cr.execute("SET LOCAL session_replication_role = DEFAULT")
    cr.execute("DROP TABLE bench_people")
    env.invalidate_all()
    partner = template.partner_id
    template.unlink()
    partner.unlink()
    secretary.unlink()
    territory.unlink()
    cr.commit()
    vacuum()

try:
    # the same person: the original and all its planted variants
    groups = {}
    for k, (index, _variant, _kind) in enumerate(planted):
        groups.setdefault(index, {ids[index]}).add(ids[SIZE + k])

    rng = random.Random(1)
    sample = rng.sample(range(len(planted)), min(SAMPLES, len(planted)))
    newcomers = people_lib.new_people(SAMPLES, seed=7)
    Checker = Beneficiary.with_user(secretary)
    Partner = env["res.partner"].sudo()


    def timed(func):
        tic = time.perf_counter()
        result = func()
        return (time.perf_counter() - tic) * 1000, result


    def percentile(values, share):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


    rows = []
    # warm up
    for person in newcomers[:5]:
        Checker._casework_find_duplicates(person)

    # 1. duplicate check of the planted duplicates
    timings, found_true, proposed, proposed_true = [], 0, 0, 0
    by_kind = {}
    for k in sample:
        index, variant, kind = planted[k]
        own_id = ids[SIZE + k]
        env.invalidate_all()
        ms, found = timed(lambda: Checker._casework_find_duplicates(variant))
        timings.append(ms)
        hits = {item["record"].id for item in found} - {own_id}
        hit = ids[index] in hits
        found_true += hit
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += hit
        by_kind[kind][1] += 1
        proposed += len(hits)
        proposed_true += len(hits & groups[index])
    rows.append(("duplicate check, planted duplicates", len(sample),
                 percentile(timings, 0.5), percentile(timings, 0.95),
                 found_true / len(sample), proposed_true / proposed if proposed else 1.0))
    planted_proposed, planted_true = proposed, proposed_true

    # 2. duplicate check of new people
    timings, false_alarms = [], 0
    for person in newcomers:
        env.invalidate_all()
        ms, found = timed(lambda: Checker._casework_find_duplicates(person))
        timings.append(ms)
        false_alarms += len(found)
    rows.append(("duplicate check, new people", len(newcomers), percentile(timings, 0.5), percentile(timings, 0.95),
                 None, None))
    precision = planted_true / (planted_proposed + false_alarms) if planted_proposed + false_alarms else 1.0

    # 3. the baseline: plain Odoo name_search on res.partner (sudo, no rules)
    timings, found_true = [], 0
    for k in sample[:BASELINE_SAMPLES]:
        index, variant, kind = planted[k]
        env.invalidate_all()
        name = f"{variant['usage_name'].upper()} {variant['first_name']}"
        ms, found = timed(lambda: Partner.name_search(name, limit=8))
        timings.append(ms)
        found_true += partner_ids[index] in {pair[0] for pair in found}
    rows.append(("plain Odoo res.partner name_search", len(timings),
                 percentile(timings, 0.5), percentile(timings, 0.95),
                 found_true / len(timings), None))

    # 4. the dossier search "similar to" (name and first name, closest first)
    timings, found_true = [], 0
    for k in sample[:100]:
        index, variant, kind = planted[k]
        env.invalidate_all()
        text = f"{variant['usage_name']} {variant['first_name']} {variant['birth_date'].strftime('%d/%m/%Y')}"
        ms, found = timed(lambda: Checker.name_search(text, limit=8))
        timings.append(ms)
        found_true += ids[index] in {pair[0] for pair in found}
    rows.append(("dossier name_search (similar, with birth date)", len(timings), percentile(timings, 0.5),
                 percentile(timings, 0.95), found_true / len(timings), None))


    def fmt(value, pattern):
        return "" if value is None else pattern.format(value)


    print()
    print(f"Casework duplicate detection -- {SIZE} people + {len(planted)} planted duplicates "
          f"(generated in {generated:.0f} s, loaded and indexed in {loaded:.0f} s), as a secretary")
    print(f"{'operation':48} {'checks':>6} {'p50 ms':>8} {'p95 ms':>8} {'recall':>7} {'precision':>9}")
    for label, count, p50, p95, recall, prec in rows:
        print(f"{label:48} {count:>6} {p50:>8.1f} {p95:>8.1f} {fmt(recall, '{:.3f}'):>7} {fmt(prec, '{:.3f}'):>9}")
    print(f"precision over all checks (planted + new people): {precision:.3f} "
          f"({false_alarms} candidates proposed for {len(newcomers)} new people)")
    print(
        "recall per variation: " + ", ".join(f"{kind} {hit}/{total}" for kind, (hit, total) in sorted(by_kind.items()))
    )
finally:
    cleanup()
