# Benchmark: the one search of a dossier -- the default field of the dossier
# search view and every dossier picker (name_search) -- at a département's
# scale, next to plain Odoo's ilike search doing the same work.
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# database with every casework module and no demo data. The dossiers are
# committed and vacuumed (as in a live database), then deleted at the end.
#
# Data: CASEWORK_BENCH_SEARCH_DOSSIERS dossiers (default 20000; the smoke run
# of `make test` 300) from bench/lib/people.py (French first names and
# surnames, accents, compound names, birth names), each with a mobile phone
# (E.164, as Casework stores it), a CAF number and a référent: the measured
# référent has 150 of them, another one the rest; 90% in the secretary's
# territory, 10% in another one. Inserted in SQL (lib/sqlgen.py: copies of a
# dossier created by the ORM), the normalised name computed in Python as the
# ORM does (name_matching.search_name), the trigram index built after the load.
# CASEWORK_BENCH_SEARCH_DOSSIERS=0 generates nothing and measures the
# dossiers already there (the demo data of `make run`): the référent is then
# the user with the largest active file, the secretary a user created for the
# run with every territory. CASEWORK_BENCH_LOAD_ONLY=1 loads and commits the
# dossiers and stops, to study the queries (never with `make bench`).
#
# Measures, for CASEWORK_BENCH_SEARCH_SAMPLES people (default 40; smoke 3)
# per kind of text, as the référent and as the secretary (record rules on):
# name_search(text, limit=8) -- what a picker and the search view's
# autocompletion ask -- p50/p95 latency, queries, whether the person is the
# first result and among the 8; then plain Odoo's search doing the same work
# (the former "name or number" filter: name, birth name or number ilike the
# text, limit 8) with the same figures; and a list page of the search view
# (web_search_read, 80 rows and the count, as the web client asks) for a
# frequent name. Each text of a person outside the user's scope is searched
# too: a dossier found outside the scope stops the benchmark (it fails).
import io
import os
import random
import statistics
import sys
import time
from datetime import date

from odoo import sql_db
from odoo.fields import Command
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

from odoo.addons.casework_identity.tools import name_matching

sys.path.insert(0, os.environ.get("CASEWORK_BENCH_LIB") or os.path.join(
    os.path.dirname(os.path.dirname(get_module_path("casework_base"))), "bench", "lib"))
import people as people_lib  # noqa: E402
from sqlgen import clone_rows  # noqa: E402

SMOKE = os.environ.get("CASEWORK_BENCH_SMOKE") == "1"
SIZE = int(os.environ.get("CASEWORK_BENCH_SEARCH_DOSSIERS", "300" if SMOKE else "20000"))
SAMPLES = int(os.environ.get("CASEWORK_BENCH_SEARCH_SAMPLES", "3" if SMOKE else "40"))
ACTIVE_FILE = 150
OTHER_TERRITORY_SHARE = 10  # one dossier in ten in another territory
PASSWORD = "Casework-2026"
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       no_reset_password=True))
cr = env.cr
Dossier = env["casework.beneficiary"]
rng = random.Random(5)


def vacuum(*tables):
    connection = sql_db.db_connect(cr.dbname).cursor()
    try:
        connection._cnx.autocommit = True
        for table in tables:
            connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        connection.close()


# ------------------------------------------------------------------ data
def generate():
    """Users and a template dossier through the ORM, then SQL copies of it."""
    territories = env["casework.territory"].create([
        {"name": "Bench search", "code": "BENCH-SEARCH"}, {"name": "Bench search other", "code": "BENCH-SEARCH-2"}])
    referent = new_test_user(env, login="bench_search_referent", password=PASSWORD,
                             groups="base.group_user,casework_base.group_casework_referent")
    other_referent = new_test_user(env, login="bench_search_referent_2", password=PASSWORD,
                                   groups="base.group_user,casework_base.group_casework_referent")
    secretary = new_test_user(env, login="bench_search_secretary", password=PASSWORD,
                              groups="base.group_user,casework_base.group_casework_secretariat")
    secretary.casework_territory_ids = territories[:1]
    caf = env.ref("casework_identity.identifier_type_caf")
    template = Dossier.create({
        "civility": "mme", "first_name": "Modèle", "usage_name": "Bench", "birth_date": date(1980, 1, 1),
        "phone": "06 00 00 00 01", "territory_id": territories[0].id,
        "assignment_ids": [Command.create({"user_id": other_referent.id, "role": "parcours",
                                           "date_start": date(2026, 1, 5)})],
        "identifier_ids": [Command.create({"type_id": caf.id, "value": "0000001"})],
    })
    env.flush_all()
    persons, _planted = people_lib.generate(SIZE, duplicate_rate=0, seed=11)
    buffer = io.StringIO()
    active_file = 0
    for index, person in enumerate(persons):
        territory = territories[1] if index % OTHER_TERRITORY_SHARE == OTHER_TERRITORY_SHARE - 1 else territories[0]
        # the référent's active file: one dossier in ten of the secretary's territory
        user = other_referent
        if territory == territories[0] and index % 10 == 0 and active_file < ACTIVE_FILE:
            user, active_file = referent, active_file + 1
        values = (
            str(index), person["civility"], person["first_name"], person["usage_name"], person["birth_name"] or "\\N",
            person["birth_date"].isoformat(),
            name_matching.search_name(person["first_name"], person["usage_name"], person["birth_name"]),
            # unique mobiles and CAF numbers (7919 and 104729 are primes: a bijection)
            f"+336{(index * 7919 + 12345678) % 100000000:08d}", f"{(index * 104729 + 1000000) % 10000000:07d}",
            str(territory.id), str(user.id),
        )
        buffer.write("\t".join(value.replace("\t", " ") for value in values) + "\n")
    buffer.seek(0)
    cr.execute("""CREATE TABLE bench_search_people (idx int PRIMARY KEY, civility varchar, first_name varchar,
                  usage_name varchar, birth_name varchar, birth_date date, search_name varchar, phone varchar,
                  caf varchar, territory_id int, user_id int, partner_id int, id int, assignment_id int,
                  identifier_id int)""")
    cr._obj.copy_expert("COPY bench_search_people (idx, civility, first_name, usage_name, birth_name, birth_date, "
                        "search_name, phone, caf, territory_id, user_id) FROM STDIN", buffer)
    cr.execute("UPDATE bench_search_people SET partner_id = nextval('res_partner_id_seq'), "
               "id = nextval('casework_beneficiary_id_seq'), "
               "assignment_id = nextval('casework_referent_assignment_id_seq'), "
               "identifier_id = nextval('casework_beneficiary_identifier_id_seq')")
    cr.execute("DROP INDEX IF EXISTS casework_beneficiary_search_name_trgm_idx")
    now = "now() at time zone 'UTC'"
    name = "upper(src.usage_name) || ' ' || src.first_name"
    stamps = {"create_date": now, "write_date": now}
    source = "SELECT * FROM bench_search_people"
    clone_rows(cr, "res_partner", template.partner_id.id, source, {
        "id": "src.partner_id", "name": name, "complete_name": name, "commercial_partner_id": "src.partner_id",
        "phone": "src.phone", **stamps})
    clone_rows(cr, "casework_beneficiary", template.id, source, {
        "id": "src.id", "partner_id": "src.partner_id", "number": "'B2026-' || lpad((src.idx + 1)::text, 6, '0')",
        "civility": "src.civility", "first_name": "src.first_name", "usage_name": "src.usage_name",
        "birth_name": "src.birth_name", "birth_date": "src.birth_date", "search_name": "src.search_name",
        "gender": "CASE src.civility WHEN 'mme' THEN 'female' ELSE 'male' END", "territory_id": "src.territory_id",
        **stamps})
    clone_rows(cr, "casework_referent_assignment", template.assignment_ids.id, source, {
        "id": "src.assignment_id", "beneficiary_id": "src.id", "territory_id": "src.territory_id",
        "user_id": "src.user_id", **stamps})
    clone_rows(cr, "casework_beneficiary_identifier", template.identifier_ids.id, source, {
        "id": "src.identifier_id", "beneficiary_id": "src.id", "territory_id": "src.territory_id",
        "value": "src.caf", "value_normalized": "src.caf", **stamps})
    Dossier._casework_init_search_sql(cr)  # the trigram index, built once on the whole table
    cr.commit()
    vacuum("res_partner", "casework_beneficiary", "casework_referent_assignment", "casework_beneficiary_identifier")
    env.invalidate_all()
    cr.execute("SELECT id FROM bench_search_people")
    return {"territories": territories, "users": referent | other_referent | secretary, "template": template,
            "referent": referent, "secretary": secretary, "ids": {row[0] for row in cr.fetchall()}}


def existing():
    """The dossiers already there (demo data): the référent with the largest
    active file, a secretary of every territory created for the run."""
    cr.execute("""SELECT user_id FROM casework_referent_assignment
                   WHERE date_start <= current_date AND (date_end IS NULL OR date_end >= current_date)
                GROUP BY user_id ORDER BY count(*) DESC LIMIT 1""")
    row = cr.fetchone()
    if not row:
        raise SystemExit("CASEWORK_BENCH_SEARCH_DOSSIERS=0: no dossier with a référent in this database")
    secretary = new_test_user(env, login="bench_search_secretary", password=PASSWORD,
                              groups="base.group_user,casework_base.group_casework_secretariat")
    secretary.casework_territory_ids = env["casework.territory"].search([])
    cr.commit()
    return {"territories": env["casework.territory"], "users": secretary, "template": Dossier,
            "referent": env["res.users"].browse(row[0]), "secretary": secretary,
            "ids": set(Dossier.with_context(active_test=False).search([]).ids)}


def remove(data):
    cr.rollback()
    if SIZE:
        # nothing else points to these rows: no foreign key checks (minutes at a million)
        cr.execute("SET LOCAL session_replication_role = replica")
        cr.execute("DELETE FROM casework_beneficiary_identifier WHERE id IN (SELECT identifier_id FROM "
                   "bench_search_people)")
        cr.execute("DELETE FROM casework_referent_assignment WHERE id IN (SELECT assignment_id FROM "
                   "bench_search_people)")
        cr.execute("DELETE FROM casework_beneficiary WHERE id IN (SELECT id FROM bench_search_people)")
        cr.execute("DELETE FROM res_partner WHERE id IN (SELECT partner_id FROM bench_search_people)")
        cr.execute("SET LOCAL session_replication_role = DEFAULT")
        cr.execute("DROP TABLE bench_search_people")
        env.invalidate_all()
        template = data["template"]
        partner = template.partner_id
        template.identifier_ids.unlink()
        template.assignment_ids.unlink()
        template.unlink()
        partner.unlink()
    partners = data["users"].partner_id
    data["users"].unlink()
    partners.unlink()
    data["territories"].unlink()
    cr.commit()
    if SIZE:
        vacuum("res_partner", "casework_beneficiary", "casework_referent_assignment",
               "casework_beneficiary_identifier")


# ------------------------------------------------------------------ texts
def national(phone):
    """+33612345678 → "06 12 34 56 78" (None for another country)."""
    if not phone or not phone.startswith("+33") or len(phone) != 12:
        return None
    digits = "0" + phone[3:]
    return " ".join(digits[index:index + 2] for index in range(0, 10, 2))


def typo(word):
    """One letter missing in the middle of a single-word name of 5 letters or more."""
    if not word or len(word) < 5 or not word.isalpha():
        return None
    middle = len(word) // 2
    return word[:middle] + word[middle + 1:]


def spaced(number):
    return f"{number[:3]} {number[3:5]} {number[5:]}" if number and len(number) > 5 else number


KINDS = [
    ("dossier number", lambda p: p["number"]),
    ("part of the number (digits)", lambda p: p["number"].rsplit("-", 1)[-1] if "-" in p["number"] else None),
    ("beginning of name and first name", lambda p: f"{p['usage_name'][:4]} {p['first_name'][:3]}"),
    ("first name, then name", lambda p: f"{p['first_name']} {p['usage_name']}"),
    ("a letter missing in the name", lambda p: typo(p["usage_name"]) and f"{typo(p['usage_name'])} {p['first_name']}"),
    ("name and birth date dd/mm/yyyy", lambda p: f"{p['usage_name']} {p['birth_date']:%d/%m/%Y}"),
    ("birth date dd/mm/yyyy", lambda p: f"{p['birth_date']:%d/%m/%Y}"),
    ("CAF number, spaced", lambda p: spaced(p["caf"])),
    ("phone 06 12 34 56 78", lambda p: national(p["phone"])),
]


def load_persons(ids):
    cr.execute("""
        SELECT b.id, b.number, b.first_name, b.usage_name, b.birth_date, p.phone,
               (SELECT i.value_normalized FROM casework_beneficiary_identifier i
                  JOIN casework_identifier_type t ON t.id = i.type_id
                 WHERE i.beneficiary_id = b.id AND t.code = 'caf' ORDER BY i.id LIMIT 1)
          FROM casework_beneficiary b JOIN res_partner p ON p.id = b.partner_id
         WHERE b.id = ANY(%s) AND p.active AND b.birth_date IS NOT NULL
    """, [sorted(ids)])
    keys = ("id", "number", "first_name", "usage_name", "birth_date", "phone", "caf")
    return [dict(zip(keys, row, strict=True)) for row in cr.fetchall()]


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def plain_search(D, text):
    """Plain Odoo's ilike search doing the same work: the former "name or number" filter."""
    return D.search_fetch(["|", "|", ("name", "ilike", text), ("birth_name", "ilike", text),
                           ("number", "ilike", text)], ["display_name"], limit=8)


def measure(user, sample, text_of, func):
    """(timings ms, queries, first hits, hits in 8) of ``func(Dossier as user, text)`` over ``sample``."""
    D = Dossier.with_user(user)
    timings, queries, first, among = [], [], 0, 0
    for person in sample:
        text = text_of(person)
        env.invalidate_all()
        before = cr.sql_log_count
        tic = time.perf_counter()
        ids = func(D, text)
        timings.append((time.perf_counter() - tic) * 1000)
        queries.append(cr.sql_log_count - before)
        first += bool(ids) and ids[0] == person["id"]
        among += person["id"] in ids
    return timings, queries, first, among


started = time.perf_counter()
data = generate() if SIZE else existing()
generated = time.perf_counter() - started
if SIZE and os.environ.get("CASEWORK_BENCH_LOAD_ONLY"):  # keep the data to study the queries (never in make bench)
    raise SystemExit
try:
    persons = load_persons(data["ids"])
    users = [("référent", data["referent"]), ("secretary", data["secretary"])]
    rows, leaks = [], []
    scope_sizes = {}
    for who, user in users:
        scope = set(Dossier.with_user(user).search([]).ids)
        scope_sizes[who] = len(scope)
        inside = [p for p in persons if p["id"] in scope]
        outside = [p for p in persons if p["id"] not in scope]
        # warm-up (caches, registry)
        Dossier.with_user(user).name_search(inside[0]["usage_name"], limit=8)
        for label, text_of in KINDS:
            candidates = [p for p in inside if text_of(p)]
            if not candidates:
                continue
            sample = rng.sample(candidates, min(SAMPLES, len(candidates)))
            timings, queries, first, among = measure(
                user, sample, text_of, lambda D, text: [pair[0] for pair in D.name_search(text, limit=8)])
            plain_timings, _plain_queries, plain_first, plain_among = measure(
                user, sample, text_of, lambda D, text: plain_search(D, text).ids)
            rows.append((label, who, len(sample), percentile(timings, 0.5), percentile(timings, 0.95),
                         statistics.median(queries), first / len(sample), among / len(sample),
                         percentile(plain_timings, 0.5), plain_first / len(sample), plain_among / len(sample)))
            # the same kind of text for people outside the user's scope: nothing of theirs is found
            others = [p for p in outside if text_of(p)]
            for person in rng.sample(others, min(SAMPLES, len(others))):
                found = Dossier.with_user(user).name_search(text_of(person), limit=100)
                leaks += [(who, label, record_id) for record_id, _name in found if record_id not in scope]
        # a list page of the search view for a frequent name (80 rows and the count)
        frequent = statistics.mode(p["usage_name"] for p in inside)
        spec = {"number": {}, "display_name": {}, "birth_date": {}, "phone": {}}
        for label, domain in ((f"list page 80 + count, '{frequent}' (one search)",
                               [("display_name", "ilike", frequent)]),
                              (f"list page 80 + count, '{frequent}' (plain ilike)",
                               ["|", "|", ("name", "ilike", frequent), ("birth_name", "ilike", frequent),
                                ("number", "ilike", frequent)])):
            timings, queries = [], []
            for _attempt in range(3 if SMOKE else 7):
                env.invalidate_all()
                before = cr.sql_log_count
                tic = time.perf_counter()
                page = Dossier.with_user(user).web_search_read(domain, spec, limit=80, count_limit=10001)
                timings.append((time.perf_counter() - tic) * 1000)
                queries.append(cr.sql_log_count - before)
            rows.append((f"{label}: {page['length']} rows", who, len(timings), statistics.median(timings),
                         max(timings), statistics.median(queries), None, None, None, None, None))

    def fmt(value, pattern):
        return "" if value is None else pattern.format(value)

    print()
    print(f"Casework dossier search -- {len(persons)} dossiers "
          f"({'generated' if SIZE else 'already in the database'} in {generated:.0f} s); scope: "
          + ", ".join(f"{who} {count}" for who, count in scope_sizes.items())
          + f"; name_search(limit=8) of {SAMPLES} people per kind, milliseconds")
    print(f"| {'text typed':58} | {'user':9} | {'n':>3} | {'p50':>7} | {'p95':>7} | {'q':>3} | {'first':>5} "
          f"| {'in 8':>5} | {'plain p50':>9} | {'plain first':>11} | {'plain in 8':>10} |")
    print(f"|{'-' * 60}|{'-' * 11}|{'-' * 4}:|{'-' * 8}:|{'-' * 8}:|{'-' * 4}:|{'-' * 6}:|{'-' * 6}:|{'-' * 10}:|"
          f"{'-' * 12}:|{'-' * 11}:|")
    for label, who, count, p50, p95, queries, first, among, plain_p50, plain_first, plain_among in rows:
        print(f"| {label:58} | {who:9} | {count:>3} | {p50:>7.1f} | {p95:>7.1f} | {queries:>3.0f} "
              f"| {fmt(first, '{:.2f}'):>5} | {fmt(among, '{:.2f}'):>5} | {fmt(plain_p50, '{:.1f}'):>9} "
              f"| {fmt(plain_first, '{:.2f}'):>11} | {fmt(plain_among, '{:.2f}'):>10} |")
    print(f"dossiers found outside the user's scope: {len(leaks)}")
    if leaks:
        raise SystemExit(f"the search found dossiers outside the user's scope: {leaks[:10]}")
finally:
    remove(data)
