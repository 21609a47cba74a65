# Benchmark: the cost of Casework's access scope on everyday reads, up to a
# country's scale (1M dossiers).
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# database with every casework module and no demo data.
#
# Casework hides a beneficiary's partner from users outside the dossier's
# scope with global record rules on res.partner, calendar.event,
# calendar.attendee and mail.followers (they run for every user of the
# database, with or without a Casework role); dossiers themselves are
# filtered per role (active file of a referent, territories of a secretary).
# This measures what that costs, next to plain Odoo doing the same work in
# the same run: the same user with Casework's rules on Odoo's models switched
# off (a database without them), and for dossiers the superuser (no rules).
#
# Volume: CASEWORK_BENCH_DOSSIERS dossiers (default 1000000) in 10
# territories, each with its partner, enrolment and referent assignment; the
# measured referent has 150 of them, 40 other referents share the rest; the
# secretary has one territory (a tenth); CASEWORK_BENCH_CONTACTS company
# contacts (default a tenth of the dossiers). The rows are cloned in SQL
# from a dossier created by the ORM (lib/sqlgen.py): about 8 minutes for a
# million dossiers on 2 busy cores, instead of hours.
#
# CASEWORK_BENCH_KEEP=1 keeps the generated data (committed) for the next run
# on the same database (`make bench BENCH=scope_rules BENCH_DB=<name>`), which
# then only measures. A measure whose query runs over CASEWORK_BENCH_TIMEOUT
# seconds (30) is cut and shown as "> 30 s". CASEWORK_BENCH_EXPLAIN=1 prints
# the EXPLAIN ANALYZE of the slowest query of every measure over
# CASEWORK_BENCH_EXPLAIN_MS (1000), its EXPLAIN when it was cut.
import json
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta

import psycopg2.errors

from odoo import sql_db
from odoo.fields import Command
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user
from odoo.tools import mute_logger

sys.path.insert(0, os.environ.get("CASEWORK_BENCH_LIB") or os.path.join(
    os.path.dirname(os.path.dirname(get_module_path("casework_base"))), "bench", "lib"))
from sqlgen import clone_rows, reserve_ids  # noqa: E402

SIZE = int(os.environ.get("CASEWORK_BENCH_DOSSIERS", "1000000"))
CONTACTS = int(os.environ.get("CASEWORK_BENCH_CONTACTS", str(max(10, SIZE // 10))))
REPEAT = int(os.environ.get("CASEWORK_BENCH_REPEAT", "7"))
KEEP = bool(os.environ.get("CASEWORK_BENCH_KEEP"))
EXPLAIN = bool(os.environ.get("CASEWORK_BENCH_EXPLAIN"))
EXPLAIN_MS = float(os.environ.get("CASEWORK_BENCH_EXPLAIN_MS", "1000"))
TIMEOUT = float(os.environ.get("CASEWORK_BENCH_TIMEOUT", "30"))
ACTIVE_FILE = 150
OTHER_REFERENTS = max(1, min(40, SIZE // 150))
TERRITORIES = 10
PASSWORD = "Casework-2026"
LAST = ["Martin", "Bernard", "Dubois", "Moreau", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller"]
FIRST = ["Marie", "Karim", "Julie", "Thomas", "Nadia", "Kévin", "Sophie", "Mehdi", "Léa", "Hugo"]
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       no_reset_password=True))
cr = env.cr
META = "bench_scope_rules_data"


def vacuum(*tables):
    connection = sql_db.db_connect(cr.dbname).cursor()
    try:
        connection._cnx.autocommit = True
        for table in tables:
            connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        connection.close()


def load_meta():
    cr.execute("SELECT to_regclass(%s)", [META])
    if not cr.fetchone()[0]:
        return None
    cr.execute(f"SELECT size, contacts, data FROM {META}")  # noqa: S608 -- constant name
    row = cr.fetchone()
    if row and (row[0], row[1]) == (SIZE, CONTACTS):
        return row[2]
    raise SystemExit(f"{META}: this database keeps data of {row[0]} dossiers and {row[1]} contacts, not "
                     f"{SIZE} and {CONTACTS}: use another database or drop the kept data first")


# ------------------------------------------------------------------ data
def generate():
    """Users through the ORM, a template dossier, then SQL clones of it."""
    territories = env["casework.territory"].create(
        [{"name": f"Bench scope {index}", "code": f"BENCH-SCOPE-{index}"} for index in range(TERRITORIES)]
    )
    referent = new_test_user(env, login="bench_scope_referent", password=PASSWORD,
                             groups="base.group_user,casework_base.group_casework_referent")
    others = env["res.users"]
    for index in range(OTHER_REFERENTS):
        others |= new_test_user(env, login=f"bench_scope_ref_{index}", password=PASSWORD,
                                groups="base.group_user,casework_base.group_casework_referent")
    secretary = new_test_user(env, login="bench_scope_secretary", password=PASSWORD,
                              groups="base.group_user,casework_base.group_casework_secretariat")
    secretary.casework_territory_ids = territories[:1]
    plain_user = new_test_user(env, login="bench_scope_plain", password=PASSWORD, groups="base.group_user")
    start = date(2026, 1, 5)
    template = env["casework.beneficiary"].create({
        "civility": "mme", "first_name": "Modèle", "usage_name": "Bench", "birth_date": date(1980, 1, 1),
        "territory_id": territories[0].id,
        "enrollment_ids": [Command.create({"program_id": env.ref("casework_base.program_rsa").id,
                                           "date_entry": start})],
        "assignment_ids": [Command.create({"user_id": referent.id, "role": "parcours", "date_start": start})],
    })
    company = env["res.partner"].create({"name": "Modèle SARL", "is_company": True})
    env.flush_all()

    count = SIZE - 1  # the template is the first dossier
    first = {sequence: reserve_ids(cr, sequence, count) for sequence in (
        "res_partner_id_seq", "casework_beneficiary_id_seq", "casework_enrollment_id_seq",
        "casework_referent_assignment_id_seq")}
    cr.execute("""
        CREATE TABLE bench_scope_map AS
        SELECT g, %(partner)s + g - 1 AS partner_id, %(dossier)s + g - 1 AS dossier_id,
               %(enrollment)s + g - 1 AS enrollment_id, %(assignment)s + g - 1 AS assignment_id,
               (%(territories)s::int[])[1 + g %% %(nterr)s] AS territory_id,
               CASE WHEN g < %(active)s THEN %(referent)s ELSE (%(others)s::int[])[1 + g %% %(nothers)s] END AS user_id,
               (%(last)s::text[])[1 + g %% 10] || g AS usage_name,
               (%(first)s::text[])[1 + (g / 10) %% 10] AS first_name,
               date '1960-01-01' + ((g::bigint * 7919) %% 16000)::int AS birth_date,
               date '2026-01-05' - (g * 31) %% 900 AS date_start
          FROM generate_series(1, %(count)s) AS g
    """, {"partner": first["res_partner_id_seq"], "dossier": first["casework_beneficiary_id_seq"],
          "enrollment": first["casework_enrollment_id_seq"], "assignment": first["casework_referent_assignment_id_seq"],
          "territories": territories.ids, "nterr": TERRITORIES, "active": ACTIVE_FILE, "referent": referent.id,
          "others": others.ids, "nothers": len(others), "last": LAST, "first": FIRST, "count": count})
    now = "now() at time zone 'UTC'"
    name = "upper(src.usage_name) || ' ' || src.first_name"
    stamps = {"create_date": now, "write_date": now}
    source = "SELECT * FROM bench_scope_map"
    # the trigram index of the duplicate check: built once after the load
    cr.execute("DROP INDEX IF EXISTS casework_beneficiary_search_name_trgm_idx")
    clone_rows(cr, "res_partner", template.partner_id.id, source, {
        "id": "src.partner_id", "name": name, "complete_name": name, "commercial_partner_id": "src.partner_id",
        **stamps})
    clone_rows(cr, "casework_beneficiary", template.id, source, {
        "id": "src.dossier_id", "partner_id": "src.partner_id", "number": "'BSC-' || src.g",
        "first_name": "src.first_name", "usage_name": "src.usage_name", "birth_date": "src.birth_date",
        "territory_id": "src.territory_id", "search_name": "lower(src.first_name || ' ' || src.usage_name)",
        **stamps})
    clone_rows(cr, "casework_enrollment", template.enrollment_ids.id, source, {
        "id": "src.enrollment_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
        "date_entry": "src.date_start", **stamps})
    clone_rows(cr, "casework_referent_assignment", template.assignment_ids.id, source, {
        "id": "src.assignment_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
        "user_id": "src.user_id", "date_start": "src.date_start", **stamps})
    first_contact = reserve_ids(cr, "res_partner_id_seq", CONTACTS)
    contact_name = "(%s::text[])[1 + src.g %% 10] || ' SARL ' || src.g"
    clone_rows(cr, "res_partner", company.id,
               "SELECT g, %s + g - 1 AS id FROM generate_series(1, %s) AS g", {
                   "id": "src.id", "name": contact_name, "complete_name": contact_name,
                   "commercial_partner_id": "src.id", **stamps},
               [LAST, LAST, first_contact, CONTACTS])
    env["casework.beneficiary"]._casework_init_search_sql(cr)
    data = {
        "territories": territories.ids, "referent": referent.id, "others": others.ids, "secretary": secretary.id,
        "plain": plain_user.id, "template": template.id, "company": company.id,
        "first": first, "count": count, "first_contact": first_contact,
    }
    cr.execute(f"CREATE TABLE {META} (size int, contacts int, data jsonb)")
    cr.execute(f"INSERT INTO {META} VALUES (%s, %s, %s::jsonb)", [SIZE, CONTACTS, json.dumps(data)])
    cr.commit()
    vacuum("res_partner", "casework_beneficiary", "casework_enrollment", "casework_referent_assignment")
    env.invalidate_all()
    return data


def remove(data):
    """Delete what generate() made (the clones in SQL: nothing else points to them)."""
    cr.rollback()
    first, count = data["first"], data["count"]
    cr.execute("SET LOCAL session_replication_role = replica")
    for table, sequence in (("casework_referent_assignment", "casework_referent_assignment_id_seq"),
                            ("casework_enrollment", "casework_enrollment_id_seq"),
                            ("casework_beneficiary", "casework_beneficiary_id_seq"),
                            ("res_partner", "res_partner_id_seq")):
        cr.execute(f"DELETE FROM {table} WHERE id BETWEEN %s AND %s", [first[sequence], first[sequence] + count - 1])
    cr.execute("DELETE FROM res_partner WHERE id BETWEEN %s AND %s",
               [data["first_contact"], data["first_contact"] + CONTACTS - 1])
    cr.execute("SET LOCAL session_replication_role = DEFAULT")
    cr.execute(f"DROP TABLE bench_scope_map, {META}")
    env.invalidate_all()
    template = env["casework.beneficiary"].browse(data["template"])
    template.enrollment_ids.unlink()
    template.assignment_ids.unlink()
    template.unlink()
    env["res.partner"].browse(data["company"]).unlink()
    env["calendar.event"].search([("user_id", "=", data["plain"])]).unlink()
    users = env["res.users"].browse([data["referent"], data["secretary"], data["plain"], *data["others"]])
    partners = users.partner_id
    users.unlink()
    partners.unlink()
    env["casework.territory"].browse(data["territories"]).unlink()
    cr.commit()
    vacuum("res_partner", "casework_beneficiary", "casework_enrollment", "casework_referent_assignment")


started = time.perf_counter()
data = load_meta()
reused = data is not None
if not reused:
    data = generate()
generated = time.perf_counter() - started

try:
    # ------------------------------------------------------------------ measures
    Users = env["res.users"]
    referent, secretary, plain_user = Users.browse(data["referent"]), Users.browse(data["secretary"]), \
        Users.browse(data["plain"])
    # a calendar week and followers for the global rules on calendar and followers
    contacts = env["res.partner"].browse(range(data["first_contact"], data["first_contact"] + 3))
    monday = datetime(2026, 11, 30, 9)
    env["calendar.event"].with_user(plain_user).create([{
        "name": f"Rendez-vous {index}", "start": monday + timedelta(days=index % 5, hours=index % 7),
        "stop": monday + timedelta(days=index % 5, hours=index % 7 + 1), "user_id": plain_user.id,
        "partner_ids": [Command.set([plain_user.partner_id.id, contacts[index % 3].id])],
    } for index in range(20)])
    contacts[0].message_subscribe(partner_ids=[plain_user.partner_id.id, referent.partner_id.id])
    env.flush_all()

    # plain Odoo: Casework's rules on Odoo's own models switched off (this transaction only)
    xmlids = env["ir.model.data"].search([("model", "=", "ir.rule"), ("module", "=like", "casework%")])
    casework_rules = env["ir.rule"].browse(xmlids.mapped("res_id")).exists().filtered(
        lambda rule: not rule.model_id.model.startswith("casework."))

    class TimedOut(Exception):
        pass

    def guarded(func):
        """``func()`` in a savepoint, cut after TIMEOUT seconds (statement_timeout)."""
        try:
            with cr.savepoint(), mute_logger("odoo.sql_db"):
                cr.execute("SET LOCAL statement_timeout = %s", [int(TIMEOUT * 1000)])
                result = func()
                cr.execute("SET LOCAL statement_timeout TO DEFAULT")  # SET LOCAL outlives a savepoint
                return result
        except psycopg2.errors.QueryCanceled as error:
            env.invalidate_all()
            raise TimedOut from error

    def timed_queries(func):
        """Run ``func`` once, recording each query and its time."""
        recorded = []
        execute = cr.execute

        def recording(query, params=None, log_exceptions=True):
            tic = time.perf_counter()
            try:
                return execute(query, params, log_exceptions)
            finally:
                recorded.append(((time.perf_counter() - tic) * 1000, query, params))

        cr.execute = recording
        timed_out = False
        try:
            env.invalidate_all()
            guarded(func)
        except TimedOut:
            timed_out = True
        finally:
            del cr.execute
        return recorded, timed_out

    def explain(label, who, recorded, timed_out):
        reads = []
        for ms, query, params in recorded:
            if hasattr(query, "code"):  # odoo.tools.SQL
                query, params = query.code, query.params
            elif isinstance(query, bytes):
                query = query.decode()
            if query.lstrip().upper().startswith(("SELECT", "WITH")):
                reads.append((ms, query, params))
        if not reads:
            return
        ms, query, params = max(reads, key=lambda item: item[0])
        options = "COSTS ON" if timed_out else "ANALYZE, BUFFERS, COSTS OFF"
        try:
            with cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                cr.execute(f"SET LOCAL statement_timeout = {int(TIMEOUT * 1000)}")
                cr.execute(f"EXPLAIN ({options}) " + query, params)
                plan = "\n".join(row[0] for row in cr.fetchall())
                cr.execute("SET LOCAL statement_timeout TO DEFAULT")
        except psycopg2.errors.QueryCanceled:
            plan = "(EXPLAIN cut: timeout)"
        print(f"\n--- {label} as {who}: slowest query {ms:.0f} ms{' (cut: timeout)' if timed_out else ''}\n"
              f"{cr._obj.mogrify(query, params).decode()}\n{plan}\n", flush=True)

    def measure(label, who, func):
        tic = time.perf_counter()
        recorded, timed_out = timed_queries(func)  # warms the caches
        if timed_out:
            if EXPLAIN:
                explain(label, who, recorded, timed_out)
            return (label, who, None, None, None, 0)
        repeat = REPEAT if time.perf_counter() - tic < 2 else min(REPEAT, 3)
        timings, queries, rows = [], [], 0
        for _attempt in range(repeat):
            env.invalidate_all()
            before = cr.sql_log_count
            tic = time.perf_counter()
            result = func()
            timings.append((time.perf_counter() - tic) * 1000)
            queries.append(cr.sql_log_count - before)
            if isinstance(result, dict):
                result = result.get("records", result)
            rows = result if isinstance(result, int) else len(result)
        median = statistics.median(timings)
        if EXPLAIN and median > EXPLAIN_MS:
            explain(label, who, recorded, timed_out)
        return (label, who, rows, median, max(queries), repeat)

    Partner, Dossier, Event, Followers = (env[name] for name in (
        "res.partner", "casework.beneficiary", "calendar.event", "mail.followers"))
    partner_spec = {"complete_name": {}, "email": {}, "phone": {}, "city": {},
                    "country_id": {"fields": {"display_name": {}}}, "user_id": {"fields": {"display_name": {}}}}
    dossier_spec = {"number": {}, "display_name": {}, "birth_date": {}, "state": {},
                    "territory_id": {"fields": {"display_name": {}}}}
    week = [("start", "<", "2026-12-07 00:00:00"), ("stop", ">", "2026-11-30 00:00:00")]
    needle = f"SARL {CONTACTS // 2 + 1}"
    partner_ops = [
        ("res.partner name_search 'Martin'", lambda P: P.name_search("Martin", limit=8)),
        (f"res.partner name_search '{needle}'", lambda P: P.name_search(needle, limit=8)),
        ("res.partner list page 80 (web_search_read)",
         lambda P: P.web_search_read([], partner_spec, limit=80, count_limit=10001)),
    ]
    odoo_ops = [
        ("calendar.event week (search_read)",
         lambda user: Event.with_user(user).search_read(week, ["name", "start", "partner_ids"])),
        ("mail.followers of a contact", lambda user: Followers.with_user(user).search_read(
            [("res_model", "=", "res.partner"), ("res_id", "=", contacts[0].id)], ["partner_id", "name"])),
    ]
    users = [("internal user, no Casework role", plain_user), ("referent (150 dossiers)", referent),
             ("secretary (1 territory)", secretary)]
    results = []
    casework_rules.active = False
    try:
        for label, func in partner_ops:
            results.append(measure(label, "plain Odoo (internal user)",
                                   lambda func=func: func(Partner.with_user(plain_user))))
        for label, func in odoo_ops:
            results.append(measure(label, "plain Odoo (internal user)", lambda func=func: func(plain_user)))
    finally:
        casework_rules.active = True
    env.flush_all()
    for label, func in partner_ops:
        for who, user in users:
            results.append(measure(label, who, lambda func=func, user=user: func(Partner.with_user(user))))
    for label, func in odoo_ops:
        results.append(measure(label, users[0][0], lambda func=func: func(plain_user)))
    for label, func in (
        ("dossiers list page 80 (web_search_read)",
         lambda D: D.web_search_read([], dossier_spec, limit=80, count_limit=10001)),
        ("dossiers search_count", lambda D: D.search_count([])),
    ):
        results.append(measure(label, "plain Odoo (superuser, no rules)", lambda func=func: func(Dossier)))
        for who, user in users[1:]:
            results.append(measure(label, who, lambda func=func, user=user: func(Dossier.with_user(user))))

    print()
    print(f"Casework access scope -- {SIZE} dossiers, {CONTACTS} company contacts, {1 + OTHER_REFERENTS} referents, "
          f"{TERRITORIES} territories ({'data kept from a previous run' if reused else 'data generated'} in "
          f"{generated:.0f} s), median of {REPEAT} runs (3 when one takes over 2 s)")
    print(f"| {'operation':44} | {'user':34} | {'rows':>6} | {'ms':>9} | {'queries':>7} |")
    print(f"|{'-' * 46}|{'-' * 36}|{'-' * 8}:|{'-' * 10}:|{'-' * 8}:|")
    for label, who, rows, ms, queries, _repeat in results:
        if ms is None:
            print(f"| {label:44} | {who:34} | {'':>6} | {f'> {TIMEOUT:g} s':>9} | {'':>7} |")
        else:
            print(f"| {label:44} | {who:34} | {rows:>6} | {ms:>9.1f} | {queries:>7} |")
finally:
    if KEEP:
        cr.rollback()
        print(f"CASEWORK_BENCH_KEEP: the data stays in {cr.dbname} (table {META})")
    else:
        remove(data)
