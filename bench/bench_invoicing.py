# Benchmark: invoicing a month of a convention to its funders.
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# fresh database with every casework module and no demo data.
#
# A convention by the hour (38 €) funds an offer with CASEWORK_BENCH_INVOICING_PARTICIPANTS
# participants (default 2000), each signed off at CASEWORK_BENCH_INVOICING_SESSIONS
# sessions of November (default 10: 20 000 attendance lines). The dossiers, steps and
# attendance lines are SQL copies of records the ORM created (lib/sqlgen.py).
# Measured, as a finance user, in the same run (each measure rolled back to the same data):
#
# * the invoicing of the month for a single funder (one invoice of one line per step);
# * the same with three co-funders (33.34 / 33.33 / 33.33 %: three invoices);
# * running the month again (creates nothing);
# * plain Odoo: the same invoice (same partner, product, labels, quantities, prices) in one
#   create() of the invoice with its lines, the floor of what Odoo's accounting costs;
# * plain Odoo line by line: the invoice created empty, then one write() per line (what a
#   script adding lines would do), on the first CASEWORK_BENCH_INVOICING_LINE_BY_LINE lines
#   (default 300: it grows with the square of the lines), with its cost per line.
#
# Each figure: wall time, SQL queries, and the growth of the process's peak resident memory.
# CASEWORK_BENCH_SMOKE=1 (the smoke run of `make test`) takes 40 participants.
import os
import resource
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
PARTICIPANTS = int(os.environ.get("CASEWORK_BENCH_INVOICING_PARTICIPANTS", "40" if SMOKE else "2000"))
SESSIONS = int(os.environ.get("CASEWORK_BENCH_INVOICING_SESSIONS", "10"))
LINE_BY_LINE = min(PARTICIPANTS, int(os.environ.get("CASEWORK_BENCH_INVOICING_LINE_BY_LINE", "20" if SMOKE else "300")))
PASSWORD = "Casework-2026"
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       no_reset_password=True))
cr = env.cr
MONTH = (date(2026, 11, 1), date(2026, 11, 30))

# ------------------------------------------------------------------ data
started = time.perf_counter()
territory = env["casework.territory"].create({"name": "Bench invoicing", "code": "BENCH-INV"})
finance = new_test_user(env, login="bench_invoicing_finance", password=PASSWORD,
                        groups="base.group_user,casework_base.group_casework_finance")


def organisation(name, role):
    return env["res.partner"].create({
        "name": name, "is_company": True, "casework_profile_ids": [Command.create({"role": role})],
    })


operator = organisation("Bench Formation", "operator")
funder = organisation("Bench Département", "funder")
cofunder_1 = organisation("Bench OPCO", "funder")
cofunder_2 = organisation("Bench FSE", "funder")
offer = env["casework.offer"].create({
    "name": "Bench atelier", "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31),
    "operator_id": operator.id,
})
convention = env["casework.convention"].create({
    "name": "Bench convention", "reference": "BENCH-2026-1", "funder_id": funder.id, "funding_type": "public",
    "date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31), "pricing_mode": "hourly", "hourly_rate": 38.0,
    "amount_planned": 10_000_000.0, "offer_ids": [Command.set(offer.ids)],
    "chorus_service_code": "BENCH", "chorus_commitment_number": "EJ-BENCH",
})
sessions = env["casework.offer.session"].create([{
    "name": f"Séance {index + 1}", "offer_id": offer.id,
    "date_start": datetime(2026, 11, 2 + 2 * index, 8), "date_end": datetime(2026, 11, 2 + 2 * index, 10, 30),
} for index in range(SESSIONS)])
template = env["casework.beneficiary"].create({
    "civility": "mme", "first_name": "Modèle", "usage_name": "Invoicing", "birth_date": date(1985, 6, 1),
    "territory_id": territory.id,
})
template_step = env["casework.step"].create({
    "beneficiary_id": template.id, "offer_id": offer.id, "state": "step", "date_start": date(2026, 10, 1),
    "date_planned_start": date(2026, 10, 1), "date_planned_end": date(2026, 12, 31), "convention_id": convention.id,
})
template_attendance = env["casework.attendance"].create({
    "step_id": template_step.id, "session_id": sessions[0].id, "state": "present",
})
env.flush_all()
count = PARTICIPANTS - 1
first_partner = reserve_ids(cr, "res_partner_id_seq", count)
first_dossier = reserve_ids(cr, "casework_beneficiary_id_seq", count)
first_step = reserve_ids(cr, "casework_step_id_seq", count)
source = ("SELECT g, %s + g - 1 AS partner_id, %s + g - 1 AS dossier_id, %s + g - 1 AS step_id "
          "FROM generate_series(1, %s) AS g")
params = [first_partner, first_dossier, first_step, count]
name = "'INV' || src.g || ' Marie'"
now = "now() at time zone 'UTC'"
stamps = {"create_date": now, "write_date": now}
if count:
    clone_rows(cr, "res_partner", template.partner_id.id, source, {
        "id": "src.partner_id", "name": name, "complete_name": name, "commercial_partner_id": "src.partner_id",
        **stamps,
    }, params)
    dossier_columns = {
        "id": "src.dossier_id", "partner_id": "src.partner_id", "number": "'INV-' || src.g",
        "usage_name": "'Inv' || src.g", "search_name": "'marie inv' || src.g", **stamps,
    }
    existing = set(table_columns(cr, "casework_beneficiary"))
    clone_rows(cr, "casework_beneficiary", template.id, source,
               {column: value for column, value in dossier_columns.items() if column in existing}, params)
    clone_rows(cr, "casework_step", template_step.id, source, {
        "id": "src.step_id", "beneficiary_id": "src.dossier_id", **stamps,
    }, params)
# every step at every session (the template's first attendance exists already)
attendance_source = (
    "SELECT s.id AS step_id, s.beneficiary_id, se.id AS session_id, "
    "EXTRACT(EPOCH FROM se.date_end - se.date_start) / 3600.0 AS hours "
    "FROM casework_step s, casework_offer_session se "
    "WHERE s.convention_id = %s AND se.offer_id = %s AND NOT (s.id = %s AND se.id = %s)"
)
cr.execute("SELECT COUNT(*) FROM casework_step WHERE convention_id = %s", [convention.id])
steps_count = cr.fetchone()[0]
first_attendance = reserve_ids(cr, "casework_attendance_id_seq", steps_count * SESSIONS - 1)
clone_rows(cr, "casework_attendance", template_attendance.id,
           f"SELECT row_number() OVER () + {first_attendance} - 1 AS id, q.* FROM ({attendance_source}) AS q",
           {"id": "src.id", "step_id": "src.step_id", "beneficiary_id": "src.beneficiary_id",
            "session_id": "src.session_id", "hours": "src.hours", **stamps},
           [convention.id, offer.id, template_step.id, sessions[0].id])
cr.execute("ANALYZE res_partner, casework_beneficiary, casework_step, casework_attendance")
env.invalidate_all()
cr.execute("SELECT COUNT(*), SUM(hours) FROM casework_attendance WHERE offer_id = %s", [offer.id])
attendance_count, hours_total = cr.fetchone()
assert attendance_count == PARTICIPANTS * SESSIONS, attendance_count
generated = time.perf_counter() - started
cr.execute("SAVEPOINT bench_invoicing_data")


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label, func):
    env.invalidate_all()
    rss = rss_mb()
    before = cr.sql_log_count
    tic = time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - tic
    return result, (label, elapsed * 1000, cr.sql_log_count - before, rss_mb() - rss)


def restore():
    cr.execute("ROLLBACK TO SAVEPOINT bench_invoicing_data")
    env.invalidate_all()
    env.registry.clear_cache()


def casework_invoicing():
    return convention.with_user(finance)._casework_invoice(*MONTH)


results = []
expected = round(hours_total * 38.0, 2)
moves, row = measure("Casework invoicing, one funder", casework_invoicing)
assert len(moves) == 1 and len(moves.invoice_line_ids) == PARTICIPANTS, (moves, len(moves.invoice_line_ids))
assert abs(moves.amount_total - expected) < 0.005, (moves.amount_total, expected)
results.append((*row, len(moves), len(moves.invoice_line_ids)))
line_vals = [{"product_id": line.product_id.id, "name": line.name, "quantity": line.quantity,
              "price_unit": line.price_unit} for line in moves.invoice_line_ids]
move_vals = {"move_type": "out_invoice", "partner_id": funder.id, "journal_id": moves.journal_id.id,
             "ref": moves.ref, "invoice_origin": moves.invoice_origin}
rerun, row = measure("Casework invoicing, run again", casework_invoicing)
assert not rerun
results.append((*row, 0, 0))
restore()

convention.cofunder_ids = [
    Command.create({"partner_id": funder.id, "share_percent": 33.34}),
    Command.create({"partner_id": cofunder_1.id, "share_percent": 33.33}),
    Command.create({"partner_id": cofunder_2.id, "share_percent": 33.33}),
]
env.flush_all()
moves, row = measure("Casework invoicing, three co-funders", casework_invoicing)
assert len(moves) == 3 and abs(sum(moves.mapped("amount_total")) - expected) < 0.005, moves.mapped("amount_total")
results.append((*row, len(moves), len(moves.invoice_line_ids)))
restore()

AccountMove = env["account.move"].with_user(finance)
moves, row = measure("plain Odoo: one create() of the invoice", lambda: AccountMove.create({
    **move_vals, "invoice_line_ids": [Command.create(vals) for vals in line_vals],
}))
results.append((*row, 1, len(line_vals)))
restore()


def line_by_line():
    move = AccountMove.create(move_vals)
    for vals in line_vals[:LINE_BY_LINE]:
        move.write({"invoice_line_ids": [Command.create(vals)]})
    return move


moves, row = measure("plain Odoo: one write() per line", line_by_line)
results.append((*row, 1, LINE_BY_LINE))
restore()

print()
print(f"Casework invoicing -- a month of a convention by the hour: {PARTICIPANTS} participants, "
      f"{attendance_count} attendance lines (data generated in {generated:.1f} s)")
print(f"{'operation':42} {'invoices':>8} {'lines':>6} {'ms':>9} {'ms/line':>8} {'queries':>8} {'RSS +MB':>8}")
for label, ms, queries, memory, invoices, lines in results:
    per_line = f"{ms / lines:8.2f}" if lines else f"{'-':>8}"
    print(f"{label:42} {invoices:>8} {lines:>6} {ms:>9.0f} {per_line} {queries:>8} {memory:>8.1f}")
cr.rollback()
