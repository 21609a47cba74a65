# Benchmark: the export builder's 100k-row XLSX next to Odoo's list export of the same rows.
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# fresh database with every casework module and no demo data.
#
# Generates CASEWORK_BENCH_EXPORT_ROWS appointments (default 100 000) on
# CASEWORK_BENCH_EXPORT_DOSSIERS dossiers of one territory, with 1 000 themes,
# 24 months, 5 outcomes and 5 appointment types so that every appointment is
# alone in its (theme, month, outcome) group: the saved export "appointments by
# theme × month × outcome (rows) × appointment type (columns)" has one row per
# appointment, 100 000 rows. Odoo's own export of the same appointments with
# the same five columns (theme, start, outcome, appointment type, collaborator)
# to XLSX (``export_data`` then ``web``'s ``ExcelExport.from_data``) is
# measured in the same run, as the same head of service (record rules on both).
# Time: median of CASEWORK_BENCH_REPEAT runs; peak memory: tracemalloc, in a
# separate run of each (tracing slows the code down).
import os
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime
from types import SimpleNamespace

from odoo.fields import Command
from odoo.http import _request_stack
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

from odoo.addons.web.controllers.export import ExcelExport

sys.path.insert(0, os.environ.get("CASEWORK_BENCH_LIB") or os.path.join(
    os.path.dirname(os.path.dirname(get_module_path("casework_base"))), "bench", "lib"))
from sqlgen import clone_rows  # noqa: E402

SMOKE = os.environ.get("CASEWORK_BENCH_SMOKE") == "1"
ROWS = int(os.environ.get("CASEWORK_BENCH_EXPORT_ROWS", "300" if SMOKE else "100000"))
DOSSIERS = int(os.environ.get("CASEWORK_BENCH_EXPORT_DOSSIERS", "5" if SMOKE else "200"))
REPEAT = int(os.environ.get("CASEWORK_BENCH_REPEAT", "1" if SMOKE else "3"))
THEMES = 1000 if ROWS > 5000 else 10
MONTHS, OUTCOMES = 24, ["planned", "held", "excused", "unexcused", "cancelled"]
PASSWORD = "Casework-2026"
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       no_reset_password=True))

# ------------------------------------------------------------------ data
started = time.perf_counter()
territory = env["casework.territory"].create({"name": "Bench export", "code": "BENCH-EXPORT"})
manager = new_test_user(env, login="bench_export_manager", password=PASSWORD,
                        groups="base.group_user,base.group_allow_export,casework_base.group_casework_manager")
manager.casework_territory_ids = [Command.set(territory.ids)]
referent = new_test_user(env, login="bench_export_referent", password=PASSWORD,
                         groups="base.group_user,casework_base.group_casework_referent")
rsa = env.ref("casework_base.program_rsa")
dossiers = env["casework.beneficiary"].create([{
    "civility": "mme", "first_name": "Marie", "usage_name": f"Export{index}", "birth_date": date(1980, 1, 1),
    "territory_id": territory.id,
    "enrollment_ids": [Command.create({"program_id": rsa.id, "date_entry": date(2024, 1, 1)})],
    "assignment_ids": [Command.create({"user_id": referent.id, "role": "parcours", "date_start": date(2024, 1, 1)})],
} for index in range(DOSSIERS)])
themes = env["casework.appointment.theme"].create([{"name": f"Thème {index:04d}"} for index in range(THEMES)])
types = env["casework.appointment.type"].search([], limit=5)
template = env["calendar.event"].create({
    "casework_beneficiary_id": dossiers[0].id, "casework_appointment_type_id": types[0].id,
    "casework_theme_id": themes[0].id, "start": datetime(2024, 1, 8, 9), "stop": datetime(2024, 1, 8, 10),
    "user_id": referent.id, "casework_outcome": "planned",
})
env.flush_all()
# row g (0-based): theme g mod T, month (g div T) mod 24, outcome (g div 24 T) mod 5, type g mod 5
source = """SELECT g, nextval('calendar_event_id_seq') AS id,
                   (%s::int[])[1 + mod(g, %s)] AS dossier, (%s::int[])[1 + mod(g, %s)] AS theme,
                   (%s::int[])[1 + mod(g, %s)] AS type, (%s::text[])[1 + mod(g / %s, 5)] AS outcome,
                   timestamp '2024-01-08 09:00' + make_interval(months => mod(g / %s, 24)::int) AS start
              FROM generate_series(1, %s) g"""
clone_rows(env.cr, "calendar_event", template.id, source, {
    "id": "src.id", "casework_beneficiary_id": "src.dossier", "res_id": "src.dossier",
    "casework_theme_id": "src.theme", "casework_appointment_type_id": "src.type",
    "casework_outcome": "src.outcome", "start": "src.start", "stop": "src.start + interval '1 hour'",
}, [dossiers.ids, DOSSIERS, themes.ids, THEMES, types.ids, len(types), OUTCOMES, THEMES * MONTHS, THEMES,
    ROWS - 1])
env.cr.execute("ANALYZE calendar_event")
env.invalidate_all()
Component = env["casework.export.component"]


def component(kind, key):
    return Component.search([("countable", "=", "appointment"), ("kind", "=", kind), ("key", "=", key)]).id


export = env["casework.export"].with_user(manager).create({
    "name": "Rendez-vous par thème, mois, réalisation et type", "countable": "appointment",
    "aggregator_ids": [Command.create({"component_id": component("aggregator", key), "sequence": index})
                       for index, key in enumerate(["theme", "month", "outcome", "appointment_type"])],
})
generated = time.perf_counter() - started

# ------------------------------------------------------------------ measures
Event = env["calendar.event"].with_user(manager).with_context(active_test=False)
odoo_fields = ["casework_theme_id", "start", "casework_outcome", "casework_appointment_type_id", "user_id"]
odoo_domain = [("casework_beneficiary_id", "!=", False)]


def casework_export():
    content = export.with_user(manager)._casework_render("xlsx")[2]
    return len(export._casework_table().row_labels) if SMOKE else ROWS, len(content)


def odoo_export():
    records = Event.search(odoo_domain)
    rows = records.export_data([f"{name}/name" if Event._fields[name].relational else name
                                for name in odoo_fields])["datas"]
    fields_info = [{"name": name, "label": Event._fields[name].string, "type": Event._fields[name].type}
                   for name in odoo_fields]
    # web's writer reads the request's environment: the same user's
    _request_stack.push(SimpleNamespace(env=Event.env))
    try:
        content = ExcelExport().from_data(fields_info, [f["label"] for f in fields_info], rows)
    finally:
        _request_stack.pop()
    return len(rows), len(content)


def measure(label, func):
    func()  # warm the caches
    timings = []
    for _attempt in range(REPEAT):
        env.invalidate_all()
        tic = time.perf_counter()
        rows, size = func()
        timings.append(time.perf_counter() - tic)
    env.invalidate_all()
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return label, rows, size, statistics.median(timings), peak


results = [measure("export builder (XLSX cross-tab)", casework_export),
           measure("Odoo list export (XLSX)", odoo_export)]
table = export.with_user(manager)._casework_table()
ours, odoo = results
print()
print(f"Casework export builder -- {ROWS} appointments of {DOSSIERS} dossiers, export of "
      f"{len(table.row_labels)} rows x {len(table.column_labels)} columns (theme x month x outcome x type); "
      f"Odoo's list export of the same {ROWS} appointments x 5 columns (data generated in {generated:.0f} s), "
      f"median of {REPEAT} runs, peak memory by tracemalloc")
print(f"{'operation':34} {'rows':>7} {'file KB':>8} {'s':>7} {'peak MB':>8}")
for label, rows, size, seconds, peak in results:
    print(f"{label:34} {rows:>7} {size / 1024:>8.0f} {seconds:>7.2f} {peak / 1024 / 1024:>8.1f}")
print(f"time ratio {ours[3] / odoo[3]:.2f} (target < 1), peak memory ratio {ours[4] / odoo[4]:.2f} (target <= 0.5)")
if not SMOKE and len(table.row_labels) != ROWS:
    print(f"WARNING: the export has {len(table.row_labels)} rows, not {ROWS}")
env.cr.rollback()
