# Benchmark: reading the timeline (frise) of a dossier with thousands of entries.
#
# Run by `make bench` inside `odoo-bin shell` (``env`` is the superuser's) on a
# fresh database with every casework module and no demo data.
#
# The timeline is a SQL view (casework.timeline.entry) over the case tables
# (enrolments, referents, veilles, formal notices, notes, documents,
# appointments, tasks) with record rules for the dossier's scope and the
# notes' confidentiality. This measures reading the timeline of one dossier
# holding CASEWORK_BENCH_TIMELINE entries (default 5000), among other dossiers
# with their own history, next to plain Odoo reading the chatter
# (mail.message) of a contact holding as many messages.
import base64
import os
import statistics
import time
from datetime import date, datetime, timedelta

from odoo.fields import Command
from odoo.tests import new_test_user

SIZE = int(os.environ.get("CASEWORK_BENCH_TIMELINE", "5000"))
OTHERS = int(os.environ.get("CASEWORK_BENCH_TIMELINE_DOSSIERS", "300"))
REPEAT = int(os.environ.get("CASEWORK_BENCH_REPEAT", "7"))
PASSWORD = "Casework-2026"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,  # noqa: F821
                       mail_activity_quick_update=True, no_reset_password=True))

# ------------------------------------------------------------------ data
started = time.perf_counter()
territory = env["casework.territory"].create({"name": "Bench frise", "code": "BENCH-FRISE"})
referent = new_test_user(env, login="bench_tl_referent", password=PASSWORD,
                         groups="base.group_user,casework_base.group_casework_referent")
plain_user = new_test_user(env, login="bench_tl_plain", password=PASSWORD, groups="base.group_user")
rsa = env.ref("casework_base.program_rsa")


def dossier_vals(index):
    return {
        "civility": "mme", "first_name": "Marie", "usage_name": f"Frise{index}", "birth_date": date(1980, 1, 1),
        "territory_id": territory.id,
        "enrollment_ids": [Command.create({"program_id": rsa.id, "date_entry": date(2020, 1, 1)})],
        "assignment_ids": [
            Command.create({"user_id": referent.id, "role": "parcours", "date_start": date(2020, 1, 1)}),
        ],
    }


dossiers = env["casework.beneficiary"].create([dossier_vals(index) for index in range(OTHERS + 1)])
dossier, others = dossiers[0], dossiers[1:]
day = date(2020, 1, 2)
# the big dossier: half notes, a fifth tasks, a fifth appointments, a tenth documents
notes = SIZE // 2
tasks = SIZE // 5
appointments = SIZE // 5
documents = SIZE - notes - tasks - appointments
env["casework.note"].create([{
    "name": f"Note {index}", "beneficiary_id": dossier.id, "date": day + timedelta(days=index % 2000),
    "visibility": ("public", "private")[index % 2], "author_id": referent.id, "body": "<p>Point de suivi.</p>",
} for index in range(notes)])
env["mail.activity"].create([{
    "res_model_id": env["ir.model"]._get_id("casework.beneficiary"), "res_id": dossier.id,
    "activity_type_id": env.ref("casework_followup.mail_activity_type_task").id, "summary": f"Tâche {index}",
    "date_deadline": day + timedelta(days=index % 2000), "user_id": referent.id,
} for index in range(tasks)])
env["calendar.event"].create([{
    "name": f"Entretien {index}", "start": datetime(2020, 1, 2, 9) + timedelta(days=index % 2000),
    "stop": datetime(2020, 1, 2, 10) + timedelta(days=index % 2000), "user_id": referent.id,
    "res_model_id": env["ir.model"]._get_id("casework.beneficiary"), "res_id": dossier.id,
} for index in range(appointments)])
env["casework.document"].create([{
    "name": f"Piece_{index}", "beneficiary_id": dossier.id, "date": day + timedelta(days=index % 2000),
    "file": base64.b64encode(PDF + str(index).encode()),
} for index in range(documents)])
# the other dossiers: 20 notes each
env["casework.note"].create([{
    "name": f"Note {index}", "beneficiary_id": other.id, "author_id": referent.id,
} for other in others for index in range(20)])
# plain Odoo: a contact with as many messages in its chatter
partner = env["res.partner"].create({"name": "Bench chatter"})
env["mail.message"].create([{
    "model": "res.partner", "res_id": partner.id, "message_type": "comment", "body": f"<p>Message {index}</p>",
    "subtype_id": env.ref("mail.mt_note").id, "author_id": partner.id,
} for index in range(SIZE)])
env.flush_all()
env.cr.execute("ANALYZE")
generated = time.perf_counter() - started
total = env["casework.timeline.entry"].search_count([("beneficiary_id", "=", dossier.id)])


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


Timeline = env["casework.timeline.entry"]
Message = env["mail.message"]
timeline_fields = ["date", "entry_type", "description", "user_id", "program_id"]
message_fields = ["date", "body", "author_id", "message_type"]
on_dossier = [("beneficiary_id", "=", dossier.id)]
on_partner = [("model", "=", "res.partner"), ("res_id", "=", partner.id)]
cases = [
    ("timeline first page 80", "superuser", lambda: Timeline.search_read(on_dossier, timeline_fields, limit=80)),
    ("timeline first page 80", "referent",
     lambda: Timeline.with_user(referent).search_read(on_dossier, timeline_fields, limit=80)),
    ("timeline count", "referent", lambda: Timeline.with_user(referent).search_count(on_dossier)),
    ("timeline all entries", "referent", lambda: Timeline.with_user(referent).search_read(on_dossier, timeline_fields)),
    ("chatter first page 80", "plain Odoo (superuser)",
     lambda: Message.search_read(on_partner, message_fields, limit=80)),
    ("chatter first page 80", "plain Odoo (internal user)",
     lambda: Message.with_user(plain_user).search_read(on_partner, message_fields, limit=80)),
    ("chatter count", "plain Odoo (internal user)", lambda: Message.with_user(plain_user).search_count(on_partner)),
    ("chatter all messages", "plain Odoo (internal user)",
     lambda: Message.with_user(plain_user).search_read(on_partner, message_fields)),
]
results = [measure(*case) for case in cases]

print()
print(f"Casework timeline -- one dossier with {total} entries ({notes} notes, half private; {tasks} tasks; "
      f"{appointments} appointments; {documents} documents), {OTHERS} other dossiers; a contact with {SIZE} "
      f"messages (data generated in {generated:.0f} s), median of {REPEAT} runs")
print(f"{'operation':26} {'user':28} {'rows':>6} {'ms':>9} {'queries':>8}")
for label, who, rows, ms, queries in results:
    print(f"{label:26} {who:28} {rows:>6} {ms:>9.1f} {queries:>8}")
env.cr.rollback()
