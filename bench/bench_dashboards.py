# Benchmark: the dashboards of casework_reports at a country's scale: the
# counsellor's "Mine" (one call, eleven counts) and the read_group of each
# reporting view of the territory (SQL views under record rules).
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# database with every casework module and no demo data.
#
# Volume: CASEWORK_BENCH_DOSSIERS dossiers (default 1000000) in 10
# territories, each with its partner, enrolment (a fifth of them ended, with
# a motive) and référent assignment; CASEWORK_BENCH_APPOINTMENTS appointments
# (default 3 per dossier, with outcomes) and CASEWORK_BENCH_CONTRACTS CER
# (default 0.3 per dossier, in every state). The measured référent has 150
# dossiers (and their appointments and contracts), 40 other référents share
# the rest; the secretary has one territory (a tenth). Rows are SQL clones of
# records the ORM created (lib/sqlgen.py). CASEWORK_BENCH_SMOKE=1: 300 dossiers.
#
# Measures, median of CASEWORK_BENCH_REPEAT runs (5) after a warm-up: "Mine"
# for the référent; each reporting view's read_group as the secretary (as
# its graph or pivot asks it); next to plain Odoo doing comparable work in
# the same run (res.partner search_count and read_group by month, superuser).
import os
import statistics
import sys
import time
from datetime import date, datetime

from odoo import sql_db
from odoo.fields import Command
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

sys.path.insert(0, os.environ.get("CASEWORK_BENCH_LIB") or os.path.join(
    os.path.dirname(os.path.dirname(get_module_path("casework_base"))), "bench", "lib"))
from sqlgen import clone_rows, reserve_ids  # noqa: E402

SMOKE = bool(os.environ.get("CASEWORK_BENCH_SMOKE"))
SIZE = int(os.environ.get("CASEWORK_BENCH_DOSSIERS", "300" if SMOKE else "1000000"))
APPOINTMENTS = int(os.environ.get("CASEWORK_BENCH_APPOINTMENTS", str(SIZE * 3)))
CONTRACTS = int(os.environ.get("CASEWORK_BENCH_CONTRACTS", str(SIZE * 3 // 10)))
REPEAT = int(os.environ.get("CASEWORK_BENCH_REPEAT", "1" if SMOKE else "5"))
ACTIVE_FILE = 150
OTHER_REFERENTS = max(1, min(40, SIZE // 150))
TERRITORIES = 10
PASSWORD = "Casework-2026"
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       no_reset_password=True))
cr = env.cr
TABLES = ("res_partner", "casework_beneficiary", "casework_enrollment", "casework_referent_assignment",
          "calendar_event", "casework_contract")


def vacuum():
    connection = sql_db.db_connect(cr.dbname).cursor()
    try:
        connection._cnx.autocommit = True
        for table in TABLES:
            connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        connection.close()


# ------------------------------------------------------------------ data
started = time.perf_counter()
territories = env["casework.territory"].create(
    [{"name": f"Bench dashboards {index}", "code": f"BENCH-DASH-{index}"} for index in range(TERRITORIES)]
)
referent = new_test_user(env, login="bench_dash_referent", password=PASSWORD,
                         groups="base.group_user,casework_base.group_casework_referent")
others = env["res.users"]
for index in range(OTHER_REFERENTS):
    others |= new_test_user(env, login=f"bench_dash_ref_{index}", password=PASSWORD,
                            groups="base.group_user,casework_base.group_casework_referent")
secretary = new_test_user(env, login="bench_dash_secretary", password=PASSWORD,
                          groups="base.group_user,casework_base.group_casework_secretariat")
secretary.casework_territory_ids = territories[:1]
start = date(2026, 1, 5)
template = env["casework.beneficiary"].create({
    "civility": "mme", "first_name": "Modèle", "usage_name": "Bench", "birth_date": date(1980, 1, 1),
    "territory_id": territories[0].id,
    "enrollment_ids": [Command.create({"program_id": env.ref("casework_base.program_rsa").id, "date_entry": start})],
    "assignment_ids": [Command.create({"user_id": referent.id, "role": "parcours", "date_start": start})],
})
appointment = env["calendar.event"].create({
    "casework_beneficiary_id": template.id,
    "casework_appointment_type_id": env.ref("casework_appointment.appointment_type_individual").id,
    "start": datetime(2026, 6, 1, 9), "stop": datetime(2026, 6, 1, 10), "user_id": referent.id,
})
contract = env["casework.contract"].create({
    "beneficiary_id": template.id, "date_signature": date(2026, 1, 10), "date_start": date(2026, 2, 1),
    "date_end": date(2026, 12, 31), "situation": "Modèle",
})
env.flush_all()
motives = env["casework.exit.motive"].search([]).ids

count = SIZE - 1  # the template is the first dossier
first = {sequence: reserve_ids(cr, sequence, count) for sequence in (
    "res_partner_id_seq", "casework_beneficiary_id_seq", "casework_enrollment_id_seq",
    "casework_referent_assignment_id_seq")}
cr.execute("""
    CREATE TABLE bench_dash_map AS
    SELECT g, %(partner)s + g - 1 AS partner_id, %(dossier)s + g - 1 AS dossier_id,
           %(enrollment)s + g - 1 AS enrollment_id, %(assignment)s + g - 1 AS assignment_id,
           (%(territories)s::int[])[1 + g %% %(nterr)s] AS territory_id,
           CASE WHEN g < %(active)s THEN %(referent)s ELSE (%(others)s::int[])[1 + g %% %(nothers)s] END AS user_id,
           'Bench' || g AS usage_name,
           date '2026-01-05' - (g * 31) %% 900 AS date_start,
           CASE WHEN g %% 5 = 0 THEN date '2026-11-01' - (g * 17) %% 300 END AS date_exit,
           (%(motives)s::int[])[1 + g %% %(nmotives)s] AS motive_id
      FROM generate_series(1, %(count)s) AS g
""", {"partner": first["res_partner_id_seq"], "dossier": first["casework_beneficiary_id_seq"],
      "enrollment": first["casework_enrollment_id_seq"], "assignment": first["casework_referent_assignment_id_seq"],
      "territories": territories.ids, "nterr": TERRITORIES, "active": ACTIVE_FILE, "referent": referent.id,
      "others": others.ids, "nothers": len(others), "motives": motives, "nmotives": len(motives), "count": count})
now = "now() at time zone 'UTC'"
stamps = {"create_date": now, "write_date": now}
source = "SELECT * FROM bench_dash_map"
cr.execute("DROP INDEX IF EXISTS casework_beneficiary_search_name_trgm_idx")
clone_rows(cr, "res_partner", template.partner_id.id, source, {
    "id": "src.partner_id", "name": "upper(src.usage_name) || ' Marie'",
    "complete_name": "upper(src.usage_name) || ' Marie'", "commercial_partner_id": "src.partner_id", **stamps})
clone_rows(cr, "casework_beneficiary", template.id, source, {
    "id": "src.dossier_id", "partner_id": "src.partner_id", "number": "'BDASH-' || src.g",
    "usage_name": "src.usage_name", "territory_id": "src.territory_id",
    "search_name": "lower('marie ' || src.usage_name)",
    "state": "CASE WHEN src.date_exit IS NULL THEN 'entree' ELSE 'sortie' END", **stamps})
clone_rows(cr, "casework_enrollment", template.enrollment_ids.id, source, {
    "id": "src.enrollment_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
    "date_entry": "src.date_start", "date_exit": "src.date_exit",
    "exit_motive_id": "CASE WHEN src.date_exit IS NULL THEN NULL ELSE src.motive_id END",
    "state": "CASE WHEN src.date_exit IS NULL THEN 'entree' ELSE 'sortie' END", **stamps})
clone_rows(cr, "casework_referent_assignment", template.assignment_ids.id, source, {
    "id": "src.assignment_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
    "user_id": "src.user_id", "date_start": "src.date_start", **stamps})
# appointments: spread over the dossiers (the référent's own among them), in 2026, every outcome
first_event = reserve_ids(cr, "calendar_event_id_seq", APPOINTMENTS)
clone_rows(cr, "calendar_event", appointment.id, """
    SELECT s.n, %s + s.n - 1 AS id, m.dossier_id, m.user_id,
           timestamp '2026-01-05 09:00' + ((s.n * 7) %% 330) * interval '1 day' AS start,
           (ARRAY['held', 'held', 'held', 'unexcused', 'excused', 'planned', 'cancelled'])[1 + s.n %% 7] AS outcome
      FROM generate_series(1, %s) AS s(n)
      JOIN bench_dash_map m ON m.g = 1 + (s.n - 1) %% %s
""", {"id": "src.id", "casework_beneficiary_id": "src.dossier_id", "res_id": "src.dossier_id",
      "user_id": "src.user_id", "start": "src.start", "stop": "src.start + interval '1 hour'",
      "start_date": "src.start::date", "stop_date": "src.start::date", "casework_outcome": "src.outcome",
      "active": "src.outcome NOT IN ('excused', 'unexcused', 'cancelled')", **stamps},
      [first_event, APPOINTMENTS, max(count, 1)])
first_contract = reserve_ids(cr, "casework_contract_id_seq", CONTRACTS)
clone_rows(cr, "casework_contract", contract.id, """
    SELECT s.n, %s + s.n - 1 AS id, m.dossier_id, m.territory_id,
           (ARRAY['proposition', 'submitted', 'commission', 'waiting', 'refused',
                  'validated', 'validated'])[1 + s.n %% 7] AS state,
           date '2026-01-10' + (s.n %% 300) AS signature
      FROM generate_series(1, %s) AS s(n)
      JOIN bench_dash_map m ON m.g = 1 + ((s.n - 1) * 3) %% %s
""", {"id": "src.id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id", "state": "src.state",
      "date_signature": "src.signature", "date_start": "src.signature + 20", "date_end": "src.signature + 200",
      "date_validation": "CASE WHEN src.state = 'validated' THEN src.signature + 25 END",
      "date_refusal": "CASE WHEN src.state = 'refused' THEN src.signature + 30 END", **stamps},
      [first_contract, CONTRACTS, max(count, 1)])
env["casework.beneficiary"]._casework_init_search_sql(cr)
cr.commit()
vacuum()
env.invalidate_all()
generated = time.perf_counter() - started


def remove():
    cr.rollback()
    cr.execute("SET LOCAL session_replication_role = replica")
    cr.execute("DELETE FROM calendar_event WHERE id BETWEEN %s AND %s", [first_event, first_event + APPOINTMENTS - 1])
    cr.execute("DELETE FROM casework_contract WHERE id BETWEEN %s AND %s",
               [first_contract, first_contract + CONTRACTS - 1])
    for table, sequence in (("casework_referent_assignment", "casework_referent_assignment_id_seq"),
                            ("casework_enrollment", "casework_enrollment_id_seq"),
                            ("casework_beneficiary", "casework_beneficiary_id_seq"),
                            ("res_partner", "res_partner_id_seq")):
        cr.execute(f"DELETE FROM {table} WHERE id BETWEEN %s AND %s", [first[sequence], first[sequence] + count - 1])
    cr.execute("SET LOCAL session_replication_role = DEFAULT")
    cr.execute("DROP TABLE bench_dash_map")
    env.invalidate_all()
    contract.unlink()
    appointment.unlink()
    template.enrollment_ids.unlink()
    template.assignment_ids.unlink()
    template.unlink()
    users = referent | secretary | others
    partners = users.partner_id
    users.unlink()
    partners.unlink()
    territories.unlink()
    cr.commit()
    vacuum()


def measure(label, who, func):
    func()  # warm-up: registry, rules, plans
    timings, queries, rows = [], [], 0
    for _attempt in range(REPEAT):
        env.invalidate_all()
        before = cr.sql_log_count
        tic = time.perf_counter()
        result = func()
        timings.append((time.perf_counter() - tic) * 1000)
        queries.append(cr.sql_log_count - before)
        rows = result if isinstance(result, int) else len(result)
    return (label, who, rows, statistics.median(timings), max(queries))


try:
    results = []
    Partner = env["res.partner"]
    results.append(measure("res.partner search_count (individuals)", "plain Odoo (superuser)",
                           lambda: Partner.search_count([("is_company", "=", False)])))
    results.append(measure("res.partner read_group by month", "plain Odoo (superuser)",
                           lambda: Partner._read_group([], ["create_date:month"], ["__count"])))
    Dashboard = env["casework.dashboard"].with_user(referent)
    results.append(measure('"Mine": get_my_figures (11 counts)', "referent (150 dossiers)",
                           Dashboard.get_my_figures))
    for key, _label, model_name, domain, _xmlid in Dashboard._casework_my_figure_specs():
        Model = env[model_name].with_user(referent)
        results.append(measure(f'"Mine": {key} (search_count)', "referent (150 dossiers)",
                               lambda Model=Model, domain=domain: Model.search_count(domain)))
    views = [
        ("casework.stat.movement", ["date:month", "kind"], ["__count"]),
        ("casework.stat.accompaniment", ["exit_motive_id"],
         ["__count", "duration_days:avg", "duration_median_days:median", "positive_rate:avg"]),
        ("casework.stat.contract", ["state"], ["__count", "days_to_decision:avg"]),
        ("casework.stat.appointment", ["outcome"], ["__count", "no_show_rate:avg"]),
        ("casework.stat.occupancy", ["offer_id"], ["positioning_count:sum", "step_count:sum", "seat_share:sum"]),
        ("casework.stat.fse", ["offer_id"], ["participant_count:sum", "entry_missing:sum", "exit_missing:sum"]),
    ]
    for model, groupby, aggregates in views:
        Stat = env[model]
        results.append(measure(f"{model} read_group by {', '.join(groupby)}", "plain Odoo (superuser, no rules)",
                               lambda Stat=Stat, g=groupby, a=aggregates: Stat._read_group([], g, a)))
        results.append(measure(f"{model} read_group by {', '.join(groupby)}", "secretary (1 territory)",
                               lambda Stat=Stat, g=groupby, a=aggregates: Stat.with_user(secretary)._read_group(
                                   [], g, a)))
    print()
    print(f"Casework dashboards -- {SIZE} dossiers, {APPOINTMENTS} appointments, {CONTRACTS} contracts, "
          f"{TERRITORIES} territories (generated in {generated:.0f} s), median of {REPEAT} runs")
    print(f"| {'operation':62} | {'user':34} | {'groups':>6} | {'ms':>9} | {'queries':>7} |")
    print(f"|{'-' * 64}|{'-' * 36}|{'-' * 8}:|{'-' * 10}:|{'-' * 8}:|")
    for label, who, rows, ms, queries in results:
        print(f"| {label:62} | {who:34} | {rows:>6} | {ms:>9.1f} | {queries:>7} |")
finally:
    remove()
