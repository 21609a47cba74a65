# Benchmark: the daily feed of the administrative system (issue 5).
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# fresh database with every casework module and no demo data.
#
# Generates Genesis files (the default mapping "genesis": CSV, Windows-1252,
# one line per family dossier, 15% couples in CONJ_ columns, referents existing
# as users) of CASEWORK_BENCH_FEED_SIZES lines (default "10000,100000"), and
# for each size:
#   - base_import: Odoo's own importer (base_import.import execute_import)
#     loading the same lines (name, phone, email, street, zip, city) into
#     res.partner, first (before the feed's writes of this size);
#   - day 1: imports the file into an empty base (every person created);
#   - day 2: imports the next day's file (3% of the lines changed: referent,
#     état du droit, SDD/NSDD; the rest identical);
#   - day 2 again: the same file a second time (idempotent: all unchanged);
#   - then, on fresh keys, the first load again by the other paths of the
#     code: PostgreSQL's per-row foreign-key triggers kept (what a database
#     role without superuser gets: ``casework_feed.batch_reference_checks``
#     off), and the lines decoded without the reader thread.
# Each measure starts on a maintained database (VACUUM ANALYZE of the
# tables written, CHECKPOINT). It prints lines/s, the ratio to base_import's lines/s, peak
# memory (the process's max RSS) and SQL queries per line (every cursor of
# the process: the feed writes on its own cursor and a second connection).
import os
import random
import resource
import time
from contextlib import closing
from datetime import date, timedelta
from unittest.mock import patch

import psycopg2

from odoo import api, sql_db

PATHS = os.environ.get("CASEWORK_BENCH_FEED_PATHS", "1") != "0"  # measure the other paths too
SIZES = [int(size) for size in os.environ.get("CASEWORK_BENCH_FEED_SIZES", "10000,100000").split(",") if size]
BASE_IMPORT_LINES = int(os.environ.get("CASEWORK_BENCH_BASE_IMPORT_LINES", "10000"))
rng = random.Random(7)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))  # noqa: F821

LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martínez",
        "Chevalier", "Faure", "Rousseau", "Blanc", "Guérin", "Müller", "Henry", "Roussel", "Nicolas", "Perrin"]
FIRST_F = ["Marie", "Nathalie", "Isabelle", "Sylvie", "Céline", "Amélie", "Inès", "Léa", "Chloé", "Zoé",
           "Nadia", "Fatima", "Hélène", "Anaïs", "Maëlle", "Océane", "Sophie", "Julie", "Aurélie", "Émilie"]
FIRST_M = ["Jean", "Pierre", "Michel", "André", "Philippe", "Kévin", "Jérôme", "Hugo", "Théo", "Noël",
           "Karim", "Mehdi", "Loïc", "Gaël", "Benoît", "François", "Raphaël", "Joël", "Thomas", "Julien"]
CITIES = [("07000", "Privas"), ("07100", "Annonay"), ("07200", "Aubenas"), ("07300", "Tournon-sur-Rhône"),
          ("07400", "Le Teil"), ("07500", "Guilherand-Granges"), ("07130", "Saint-Péray"), ("07160", "Le Cheylard")]
STREETS = ["rue de la République", "avenue de Chomérac", "place de l'Hôtel de Ville", "chemin des Mûriers",
           "rue du Général de Gaulle", "boulevard Gambetta", "impasse des Écoles", "route de Lyon"]
RIGHTS = ["Droit ouvert et versable"] * 8 + ["Droit ouvert et suspendu", "Droit ouvert mais versement suspendu"]
SDD = ["Soumis à droits et devoirs"] * 9 + ["Non soumis à droit et devoir"]
ORIENT = ["Professionnelle", "Sociale", "Socio-professionnelle"]
HEADER = ["NUM_DOSSIER", "CIVILITE", "PRENOM", "NOM_USAGE", "NOM_NAISSANCE", "DATE_NAISSANCE", "TELEPHONE", "EMAIL",
          "ADRESSE", "CODE_POSTAL", "COMMUNE", "TERRITOIRE", "REFERENT", "DATE_DESIGNATION", "ETAT_DROIT", "SDD_NSDD",
          "ORIENTATION", "NUM_CAF", "CONJ_CIVILITE", "CONJ_PRENOM", "CONJ_NOM_USAGE", "CONJ_DATE_NAISSANCE"]


def ascii_fold(text):
    return text.lower().replace(" ", "").translate(str.maketrans("éèëêàâïîôöùûüçíñ", "eeeeaaiioouuucin"))


def generate_rows(size, referent_logins, prefix):
    rows = []
    for index in range(size):
        female = rng.random() < 0.55
        first = rng.choice(FIRST_F if female else FIRST_M)
        last = rng.choice(LAST)
        zip_code, city = rng.choice(CITIES)
        birth = date(1960, 1, 1) + timedelta(days=rng.randint(0, 16000))
        designation = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
        couple = rng.random() < 0.15
        row = [
            f"{prefix}{index:07d}", "MME" if female else "M", first, last.upper(), "",
            birth.strftime("%d/%m/%Y"), f"06{rng.randint(10000000, 38999999)}",
            f"{ascii_fold(first)}.{ascii_fold(last)}{index}@exemple.fr",
            f"{rng.randint(1, 120)} {rng.choice(STREETS)}", zip_code, city, "FEED-N",
            rng.choice(referent_logins), designation.strftime("%d/%m/%Y"), rng.choice(RIGHTS), rng.choice(SDD),
            rng.choice(ORIENT), f"{rng.randint(1000000, 9999999)}",
            "", "", "", "",
        ]
        if couple:
            row[18:22] = ["M" if female else "MME", rng.choice(FIRST_M if female else FIRST_F), last.upper(),
                          (birth + timedelta(days=rng.randint(-2000, 2000))).strftime("%d/%m/%Y")]
        rows.append(row)
    return rows


def to_file(rows):
    return ("\r\n".join(";".join(row) for row in [HEADER, *rows]) + "\r\n").encode("cp1252")


def next_day(rows, referent_logins):
    changed = [list(row) for row in rows]
    for row in rng.sample(changed, max(1, len(changed) * 3 // 100)):
        what = rng.random()
        if what < 0.4:
            row[12] = rng.choice([login for login in referent_logins if login != row[12]])
        elif what < 0.7:
            row[14] = rng.choice([r for r in set(RIGHTS) | {"Droit clos"} if r != row[14]])
        else:
            row[15] = [s for s in set(SDD) if s != row[15]][0]
    return changed


def settle():
    """Start each measure on a quiet, maintained database: the tables that
    the previous measures wrote vacuumed and analysed (as autovacuum would
    do a moment later, meanwhile slowing the next measure down) and their
    dirty pages written out (CHECKPOINT, a superuser's right: skipped
    otherwise)."""
    env.cr.commit()
    with closing(sql_db.db_connect(env.cr.dbname).cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE res_partner, casework_beneficiary, casework_enrollment, "
                   "casework_referent_assignment, casework_characteristic_value")
        try:
            cr.execute("CHECKPOINT")
        except psycopg2.Error:
            pass


def measure(label, lines, func, baseline=None):
    """Run ``func``; print time, lines/s, peak memory, SQL queries per line
    and the ratio to ``baseline`` (base_import's lines/s). Peak memory: the
    process's max RSS (tracemalloc would slow the run down several times).
    Queries: every query of the process meanwhile (``sql_db.sql_counter``:
    the feed's own cursor and connection included; not the COPY statements).

    :return: (what ``func`` returned, lines/s)
    """
    settle()
    env.invalidate_all()
    before = sql_db.sql_counter
    tic = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - tic
    env.cr.commit()  # see what the feed's own cursor committed
    queries = sql_db.sql_counter - before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = lines / elapsed
    ratio = f"{rate / baseline:.1f}×" if baseline else "1×"
    print(f"| {label} | {lines} | {elapsed:.1f} s | {rate:.0f} | {ratio} | {rss:.0f} MB | {queries / lines:.2f} |",
          flush=True)
    return result, rate


def base_import(rows):
    """Odoo's own importer loading ``rows`` (name, phone, email, street,
    zip, city) into res.partner, as a user would from the list view."""
    csv_text = "name;phone;email;street;zip;city\n" + "".join(
        f"{r[3]} {r[2]};{r[6]};{r[7]};{r[8]};{r[9]};{r[10]}\n" for r in rows
    )
    wizard = env["base_import.import"].create({
        "res_model": "res.partner", "file": csv_text.encode(), "file_name": "partners.csv", "file_type": "text/csv",
    })
    options = {"has_headers": True, "separator": ";", "quoting": '"', "encoding": "utf-8", "date_format": "",
               "datetime_format": "", "float_thousand_separator": ",", "float_decimal_separator": ".",
               "fields": [], "import_skip_records": [], "import_set_empty_fields": [], "name_create_enabled_fields": {},
               "skip": 0}
    result = wizard.execute_import(
        ["name", "phone", "email", "street", "zip", "city"], ["name", "phone", "email", "street", "zip", "city"],
        options,
    )
    assert len(result["ids"]) == len(rows), result["messages"][:3]
    partner_ids.extend(result["ids"])
    return result


# ------------------------------------------------------------------ setup
territory = env["casework.territory"].search([("code", "=", "FEED-N")]) or env["casework.territory"].create(
    {"name": "Bench flux Nord", "code": "FEED-N"}
)
logins = [f"bench_feed_ref_{index}" for index in range(60)]
existing = set(env["res.users"].with_context(active_test=False).search([("login", "in", logins)]).mapped("login"))
referent_group = env.ref("casework_base.group_casework_referent")
env["res.users"].with_context(no_reset_password=True).create([
    {"login": login, "name": f"Référent {index}", "group_ids": [(6, 0, [referent_group.id])]}
    for index, login in enumerate(logins) if login not in existing
])
base_import_module = env["ir.module.module"].search([("name", "=", "base_import")])
if base_import_module.state != "installed":
    base_import_module.button_immediate_install()
    env.cr.commit()
    env = api.Environment(env.cr, env.uid, env.context)  # the registry with base_import
mapping = env.ref("casework_feed.feed_mapping_genesis")
env.cr.commit()

partner_ids = []
STAMP = f"BENCH{int(time.time()) % 100000}-"  # external keys of this run's dossiers
print("| run | lines | time | lines/s | × base_import | peak memory (max RSS) | queries/line |")
print("|---|---|---|---|---|---|---|")
def measure_size(size):
    """base_import, then the feed's day 1, day 2 and day 2 again, of ``size`` lines."""
    rows = generate_rows(size, logins, prefix=f"{STAMP}{size}-")
    day1 = to_file(rows)
    day2_rows = next_day(rows, logins)
    day2 = to_file(day2_rows)
    # Odoo's own importer first, on the same lines (capped: it is slow),
    # before the feed's writes of this size
    partner_rows = rows[:BASE_IMPORT_LINES]
    _result, baseline = measure("base_import res.partner (same lines, 6 columns)", len(partner_rows),
                                lambda: base_import(partner_rows))
    run, _rate = measure(f"feed {size} day 1 (creation)", size,
                         lambda: mapping.import_file(day1, f"{STAMP}genesis_{size}_day1.csv", date(2026, 11, 15)),
                         baseline)
    assert run.state == "done", run.error
    run, _rate = measure(f"feed {size} day 2 (3% changes)", size,
                         lambda: mapping.import_file(day2, f"{STAMP}genesis_{size}_day2.csv", date(2026, 11, 16)),
                         baseline)
    assert run.state == "done", run.error
    print(f"|   | day 2: {run.created_count} created, {run.updated_count} updated, {run.unchanged_count} unchanged, "
          f"{run.reorientation_count} réorientations, {run.rejected_count} rejected | | | | | |", flush=True)
    run, _rate = measure(f"feed {size} day 2 again (idempotent)", size,
                         lambda: mapping.import_file(day2, f"{STAMP}genesis_{size}_day2.csv", date(2026, 11, 16)),
                         baseline)
    assert run.state == "done" and run.updated_count == 0 and run.created_count == 0, run.read()


for size in SIZES:
    measure_size(size)



def read_inline(self, mapping, batches, header, context, duplicates):
    """``casework.feed.run._read_batches`` without its reader thread."""
    for batch in batches:
        yield self._decode_batch(mapping, batch, header, context, duplicates)


def first_load(label, size, day):
    rows = generate_rows(size, logins, prefix=f"{STAMP}{label}{size}-")
    data = to_file(rows)
    run, rate = measure(f"feed {size} day 1, {label}", size,
                        lambda: mapping.import_file(data, f"{STAMP}genesis_{size}_{label}.csv", day))
    assert run.state == "done" and run.created_count > size, run.error
    return rate


if PATHS:
    # the other paths, first load of the largest size (fresh keys each)
    size = SIZES[-1]
    Parameter = env["ir.config_parameter"]
    print("|   | other paths of the first load | | | | | |", flush=True)
    rates = {"per batch": first_load("per-batch checks", size, date(2026, 11, 17))}
    Parameter.set_param("casework_feed.batch_reference_checks", "False")
    env.cr.commit()
    try:
        rates["per row"] = first_load("per-row triggers (no superuser)", size, date(2026, 11, 18))
    finally:
        Parameter.set_param("casework_feed.batch_reference_checks", "True")
        env.cr.commit()
    with patch.object(type(env["casework.feed.run"]), "_read_batches", read_inline):
        rates["inline"] = first_load("no reader thread", size, date(2026, 11, 19))
    print(f"|   | per-batch checks {rates['per batch'] / rates['per row']:.2f}× per-row triggers; reader thread "
          f"{rates['per batch'] / rates['inline']:.2f}× inline | | | | | |", flush=True)

# ------------------------------------------------------------------ cleanup
# `make bench` runs every benchmark in the same database: leave it as found
# (SQL: unlinking 100k dossiers through the ORM would take longer than the
# benchmark). CASEWORK_BENCH_KEEP=1 keeps the data.
if not os.environ.get("CASEWORK_BENCH_KEEP"):
    env.flush_all()
    env.cr.execute("DELETE FROM casework_beneficiary WHERE external_ref LIKE %s RETURNING partner_id", [STAMP + "%"])
    partner_ids.extend(row[0] for row in env.cr.fetchall())
    env.cr.execute("DELETE FROM casework_feed_run WHERE file_name LIKE %s", [f"{STAMP}%"])
    env.cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [partner_ids])
    env.invalidate_all()
    env.cr.commit()
