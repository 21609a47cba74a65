# Benchmark: the standard reports of casework_reports, as a secretary, at a
# département's scale (1M dossiers, 300k contracts).
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# database with every casework module and no demo data.
#
# For each standard report: the screen (``web_search_read`` of the first page
# of 80 rows with the report's list view fields and count_limit 10001, as the
# web client asks it) and its XLSX (every row), as a secretary of one
# territory (a tenth of the dossiers), next to plain Odoo doing the same
# search and read as the superuser (no record rule) in the same run. Period
# reports are run on the last 30 days; "contracts to renew" on 30 days.
#
# Volume: CASEWORK_BENCH_DOSSIERS dossiers (default 1000000) in 10
# territories, each with its partner (postcode in the territory's
# département, 1% elsewhere), RSA enrolment (5% exited), référent de
# parcours, and three characteristics (état du droit: 5% closed; SDD / NSDD:
# 10% NSDD; date actualisation: 2% older than 5 days); CASEWORK_BENCH_CONTRACTS
# contracts (default 300000, a third of the dossiers, all states); a formal
# notice requested for 1% of the dossiers. Rows are SQL copies of records the
# ORM created (lib/sqlgen.py). CASEWORK_BENCH_SMOKE=1: 2000 dossiers.
# CASEWORK_BENCH_KEEP=1 keeps the data (table bench_reports_data) for the next
# run on the same database, which then only measures.
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta

from odoo import sql_db
from odoo.fields import Command
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

from odoo.addons.casework_base.tools.dates import casework_today

sys.path.insert(0, os.environ.get("CASEWORK_BENCH_LIB") or os.path.join(
    os.path.dirname(os.path.dirname(get_module_path("casework_base"))), "bench", "lib"))
from sqlgen import clone_rows, reserve_ids  # noqa: E402

SMOKE = bool(os.environ.get("CASEWORK_BENCH_SMOKE"))
SIZE = int(os.environ.get("CASEWORK_BENCH_DOSSIERS", "2000" if SMOKE else "1000000"))
CONTRACTS = int(os.environ.get("CASEWORK_BENCH_CONTRACTS", str(SIZE * 3 // 10)))
REPEAT = int(os.environ.get("CASEWORK_BENCH_REPEAT", "1" if SMOKE else "3"))
KEEP = bool(os.environ.get("CASEWORK_BENCH_KEEP"))
TERRITORIES = 10
REFERENTS = 40
PASSWORD = "Casework-2026"
META = "bench_reports_data"
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       no_reset_password=True))
cr = env.cr
TODAY = casework_today(env)
TABLES = ("res_partner", "casework_beneficiary", "casework_enrollment", "casework_referent_assignment",
          "casework_characteristic_value", "casework_contract", "casework_formal_notice")


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
    cr.execute(f"SELECT size, contracts, data FROM {META}")  # noqa: S608 -- constant name
    row = cr.fetchone()
    if row and (row[0], row[1]) == (SIZE, CONTRACTS):
        return row[2]
    raise SystemExit(f"{META}: this database keeps {row[0]} dossiers and {row[1]} contracts, not {SIZE} and "
                     f"{CONTRACTS}: use another database or drop the kept data first")


# ------------------------------------------------------------------ data
def notice_count(count):
    """Formal notices requested: one dossier in a hundred, in every territory."""
    return max(1, sum(1 for g in range(1, count + 1) if (g // 10) % 100 == 1))


def generate():
    """Users, structures and a template of each record through the ORM, then SQL clones."""
    ardeche = env.ref("l10n_fr_department.res_country_department_ardeche")
    drome = env.ref("l10n_fr_department.res_country_department_drome")
    france = env.ref("base.fr")
    territories = env["casework.territory"].create([
        {"name": f"Bench reports {index}", "code": f"BENCH-REP-{index}", "department_id": ardeche.id}
        for index in range(TERRITORIES)])
    structures = env["casework.structure"].create([
        {"name": f"Bench structure {index}", "territory_id": territories[index % TERRITORIES].id}
        for index in range(8)])
    referents = env["res.users"]
    for index in range(REFERENTS):
        referents |= new_test_user(env, login=f"bench_reports_ref_{index}", password=PASSWORD,
                                   groups="base.group_user,casework_base.group_casework_referent")
        referents[-1].casework_structure_id = structures[index % len(structures)]
    secretary = new_test_user(env, login="bench_reports_secretary", password=PASSWORD,
                              groups="base.group_user,casework_base.group_casework_secretariat")
    secretary.casework_territory_ids = territories[:1]
    start = date(2025, 1, 6)
    template = env["casework.beneficiary"].create({
        "civility": "mme", "first_name": "Modèle", "usage_name": "Bench", "birth_date": date(1980, 1, 1),
        "territory_id": territories[0].id, "zip": "07000", "city": "Privas", "country_id": france.id,
        "enrollment_ids": [Command.create({"program_id": env.ref("casework_base.program_rsa").id,
                                           "date_entry": start})],
        "assignment_ids": [Command.create({"user_id": referents[0].id, "role": "parcours", "date_start": start})],
    })
    template.set_characteristic("etat_droit", "ouvert_versable", start)
    template.set_characteristic("sdd_nsdd", "sdd", start)
    template.set_characteristic("date_actualisation", str(TODAY), TODAY)
    contract = env["casework.contract"].create({
        "beneficiary_id": template.id, "date_signature": start, "date_start": start,
        "date_end": start + timedelta(days=180)})
    contract.state = "validated"
    notice = env["casework.formal.notice"].create({
        "beneficiary_id": template.id, "request_date": TODAY, "request_motive": "Absence au rendez-vous"})
    env.flush_all()
    values = {v.type_id.code: v for v in template.characteristic_value_ids}
    options = {code: env.ref(f"casework_base.characteristic_option_{code}").id for code in (
        "etat_droit_clos", "etat_droit_ouvert_versable", "sdd_nsdd_sdd", "sdd_nsdd_nsdd")}

    count = SIZE - 1
    first = {sequence: reserve_ids(cr, sequence, count) for sequence in (
        "res_partner_id_seq", "casework_beneficiary_id_seq", "casework_enrollment_id_seq",
        "casework_referent_assignment_id_seq")}
    first["values"] = reserve_ids(cr, "casework_characteristic_value_id_seq", 3 * count)
    cr.execute("""
        CREATE TABLE bench_reports_map AS
        SELECT g, %(partner)s + g - 1 AS partner_id, %(dossier)s + g - 1 AS dossier_id,
               %(enrollment)s + g - 1 AS enrollment_id, %(assignment)s + g - 1 AS assignment_id,
               %(values)s + 3 * (g - 1) AS value_id,
               (%(territories)s::int[])[1 + g %% %(nterr)s] AS territory_id,
               (%(referents)s::int[])[1 + (g / %(nterr)s) %% %(nref)s] AS user_id,
               %(today)s::date - (g * 31) %% 900 AS date_start,
               CASE WHEN (g / 10) %% 100 = 7 THEN '26000' ELSE '07000' END AS zip,
               CASE WHEN (g / 10) %% 100 = 7 THEN %(drome)s ELSE %(ardeche)s END AS department_id
          FROM generate_series(1, %(count)s) AS g
    """, {"partner": first["res_partner_id_seq"], "dossier": first["casework_beneficiary_id_seq"],
          "enrollment": first["casework_enrollment_id_seq"], "assignment": first["casework_referent_assignment_id_seq"],
          "values": first["values"], "territories": territories.ids, "nterr": TERRITORIES,
          "referents": referents.ids, "nref": REFERENTS, "today": TODAY, "drome": drome.id, "ardeche": ardeche.id,
          "count": count})
    now = "now() at time zone 'UTC'"
    stamps = {"create_date": now, "write_date": now}
    source = "SELECT * FROM bench_reports_map"
    name = "'BENCH ' || src.g"
    cr.execute("DROP INDEX IF EXISTS casework_beneficiary_search_name_trgm_idx")
    clone_rows(cr, "res_partner", template.partner_id.id, source, {
        "id": "src.partner_id", "name": name, "complete_name": name, "commercial_partner_id": "src.partner_id",
        "zip": "src.zip", "country_department_id": "src.department_id", **stamps})
    clone_rows(cr, "casework_beneficiary", template.id, source, {
        "id": "src.dossier_id", "partner_id": "src.partner_id", "number": "'BRP-' || src.g",
        "usage_name": "'Bench' || src.g", "territory_id": "src.territory_id",
        "search_name": "'modele bench' || src.g",
        "state": "CASE WHEN (src.g / 10) %% 20 = 3 THEN 'sortie' ELSE 'entree' END", **stamps})
    clone_rows(cr, "casework_enrollment", template.enrollment_ids.id, source, {
        "id": "src.enrollment_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
        "date_entry": "src.date_start", "state": "CASE WHEN (src.g / 10) %% 20 = 3 THEN 'sortie' ELSE 'entree' END",
        "date_exit": f"CASE WHEN (src.g / 10) %% 20 = 3 THEN '{TODAY}'::date ELSE NULL END",
        "exit_motive_id": f"CASE WHEN (src.g / 10) %% 20 = 3 "
                          f"THEN {env.ref('casework_base.exit_motive_employment').id} "
                          "ELSE NULL END", **stamps})
    clone_rows(cr, "casework_referent_assignment", template.assignment_ids.id, source, {
        "id": "src.assignment_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
        "user_id": "src.user_id", "date_start": "src.date_start", **stamps})
    clone_rows(cr, "casework_characteristic_value", values["etat_droit"].id, source, {
        "id": "src.value_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
        "option_id": f"CASE WHEN (src.g / 10) %% 20 = 5 THEN {options['etat_droit_clos']} "
                     f"ELSE {options['etat_droit_ouvert_versable']} END", **stamps})
    clone_rows(cr, "casework_characteristic_value", values["sdd_nsdd"].id, source, {
        "id": "src.value_id + 1", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
        "option_id": f"CASE WHEN (src.g / 10) %% 10 = 1 THEN {options['sdd_nsdd_nsdd']} "
                     f"ELSE {options['sdd_nsdd_sdd']} END",
        **stamps})
    clone_rows(cr, "casework_characteristic_value", values["date_actualisation"].id, source, {
        "id": "src.value_id + 2", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
        "value_date": f"'{TODAY}'::date - CASE WHEN (src.g / 10) %% 50 = 9 THEN 10 ELSE 1 END", **stamps})
    first["contracts"] = reserve_ids(cr, "casework_contract_id_seq", CONTRACTS)
    states = ["validated", "validated", "validated", "proposition", "submitted", "refused"]
    clone_rows(cr, "casework_contract", contract.id,
               "SELECT m.*, %s + m.g - 1 AS contract_id FROM bench_reports_map m WHERE m.g <= %s", {
                   "id": "src.contract_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
                   "state": f"(ARRAY{states!r})[1 + (src.g / 10) %% 6]",
                   "date_signature": "src.date_start", "date_start": "src.date_start",
                   "date_end": f"'{TODAY}'::date + ((src.g / 10) %% 360) - 60",
                   "date_validation": "CASE WHEN (src.g / 10) %% 6 < 3 THEN src.date_start ELSE NULL END",
                   "date_refusal": "CASE WHEN (src.g / 10) %% 6 = 5 THEN src.date_start ELSE NULL END", **stamps},
               [first["contracts"], CONTRACTS])
    first["notices"] = reserve_ids(cr, "casework_formal_notice_id_seq", notice_count(count))
    clone_rows(cr, "casework_formal_notice", notice.id,
               "SELECT m.*, %s + row_number() OVER (ORDER BY m.g) - 1 AS notice_id FROM bench_reports_map m "
               "WHERE (m.g / 10) %% 100 = 1", {
                   "id": "src.notice_id", "beneficiary_id": "src.dossier_id", "territory_id": "src.territory_id",
                   "request_date": "src.date_start", **stamps}, [first["notices"]])
    env["casework.beneficiary"]._casework_init_search_sql(cr)
    data = {"territories": territories.ids, "structures": structures.ids, "referents": referents.ids,
            "secretary": secretary.id, "template": template.id, "first": first, "count": count}
    cr.execute(f"CREATE TABLE {META} (size int, contracts int, data jsonb)")
    cr.execute(f"INSERT INTO {META} VALUES (%s, %s, %s::jsonb)", [SIZE, CONTRACTS, json.dumps(data)])
    cr.commit()
    vacuum(*TABLES)
    env.invalidate_all()
    return data


def remove(data):
    """Delete what generate() made."""
    cr.rollback()
    first, count = data["first"], data["count"]
    cr.execute("SET LOCAL session_replication_role = replica")
    for table, start, number in (
        ("casework_formal_notice", first["notices"], notice_count(count)),
        ("casework_contract", first["contracts"], CONTRACTS),
        ("casework_characteristic_value", first["values"], 3 * count),
        ("casework_referent_assignment", first["casework_referent_assignment_id_seq"], count),
        ("casework_enrollment", first["casework_enrollment_id_seq"], count),
        ("casework_beneficiary", first["casework_beneficiary_id_seq"], count),
        ("res_partner", first["res_partner_id_seq"], count),
    ):
        cr.execute(f"DELETE FROM {table} WHERE id BETWEEN %s AND %s", [start, start + number - 1])  # noqa: S608
    cr.execute("SET LOCAL session_replication_role = DEFAULT")
    cr.execute(f"DROP TABLE bench_reports_map, {META}")
    env.invalidate_all()
    template = env["casework.beneficiary"].browse(data["template"])
    env["casework.contract"].search([("beneficiary_id", "=", template.id)]).unlink()
    env["casework.formal.notice"].search([("beneficiary_id", "=", template.id)]).unlink()
    template.characteristic_value_ids.unlink()
    template.enrollment_ids.unlink()
    template.assignment_ids.unlink()
    template.unlink()
    users = env["res.users"].browse([data["secretary"], *data["referents"]])
    partners = users.partner_id
    users.unlink()
    partners.unlink()
    env["casework.structure"].browse(data["structures"]).unlink()
    env["casework.territory"].browse(data["territories"]).unlink()
    cr.commit()
    vacuum(*TABLES)


def list_spec(run):
    """The web client's field specification of the report's list."""
    Model = env[run.report_id.model_name]
    return {name: {"fields": {"display_name": {}}} if Model._fields[name].type == "many2one" else {}
            for name, _label in run._report_columns()}


def measure(func):
    """Median time (ms) and queries of ``func()`` over REPEAT runs after a warm-up."""
    env.invalidate_all()
    result = func()
    timings, queries = [], []
    for _attempt in range(REPEAT):
        env.invalidate_all()
        before = cr.sql_log_count
        tic = time.perf_counter()
        result = func()
        timings.append((time.perf_counter() - tic) * 1000)
        queries.append(cr.sql_log_count - before)
    return result, statistics.median(timings), max(queries)


started = time.perf_counter()
data = load_meta()
reused = data is not None
if not reused:
    data = generate()
generated = time.perf_counter() - started

try:
    secretary = env["res.users"].browse(data["secretary"])
    Report = env["ir.actions.report"]
    results = []
    for report in env["casework.report"].search([]):
        params = {"report_id": report.id}
        if report.period_field:
            params["date_from"] = TODAY - timedelta(days=30)
        run = env["casework.report.run"].with_user(secretary).create(params)
        spec = list_spec(run)
        domain = report._report_domain(run)
        Model = env[report.model_name]
        order = report.order or None

        def page(model, domain=domain, spec=spec, order=order):
            return model.web_search_read(domain, spec, limit=80, count_limit=10001, order=order)

        screen, screen_ms, screen_q = measure(lambda page=page, Model=Model: page(Model.with_user(secretary)))
        # plain Odoo: the same search and read without record rules, the same
        # run's domain (computed as the secretary)
        _plain, plain_ms, plain_q = measure(lambda page=page, Model=Model: page(Model))
        xlsx, xlsx_ms, xlsx_q = measure(lambda run=run: Report.with_user(secretary)._render_xlsx(
            "casework_reports.report_run_xlsx", run.ids, None))
        results.append((report.name, screen["length"], screen_ms, screen_q, plain_ms, plain_q, xlsx_ms, xlsx_q,
                        len(xlsx[0])))
    print()
    print(f"Standard reports -- {SIZE} dossiers, {CONTRACTS} contracts, {TERRITORIES} territories, secretary of "
          f"one territory ({'data kept from a previous run' if reused else 'data generated'} in {generated:.0f} s), "
          f"median of {REPEAT} runs")
    print(f"| {'report':52} | {'rows':>6} | {'screen ms':>9} | {'q':>3} | {'plain Odoo ms':>13} | {'q':>3} "
          f"| {'xlsx ms':>9} | {'q':>4} | {'xlsx kB':>7} |")
    print(f"|{'-' * 54}|{'-' * 7}:|{'-' * 10}:|{'-' * 4}:|{'-' * 14}:|{'-' * 4}:|{'-' * 10}:|{'-' * 5}:|{'-' * 8}:|")
    for name, rows, screen_ms, screen_q, plain_ms, plain_q, xlsx_ms, xlsx_q, size in results:
        print(f"| {name:52} | {rows:>6} | {screen_ms:>9.1f} | {screen_q:>3} | {plain_ms:>13.1f} | {plain_q:>3} "
              f"| {xlsx_ms:>9.1f} | {xlsx_q:>4} | {size / 1024:>7.0f} |")
finally:
    if KEEP:
        cr.rollback()
        print(f"CASEWORK_BENCH_KEEP: the data stays in {cr.dbname} (table {META})")
    else:
        remove(data)
