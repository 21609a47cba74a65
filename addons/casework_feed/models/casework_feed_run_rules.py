from collections import Counter, defaultdict

from odoo import models

from ..tools import feed_rules
from .casework_feed_mapping import FeedLineError


class CaseworkFeedRun(models.Model):
    """The rules of the daily feed on a batch of lines
    (``tools/feed_rules.py`` for a person): unknown persons created, known
    ones updated, lines that cannot be imported rejected with their column
    and reason."""

    _inherit = "casework.feed.run"

    def _process_items(self, mapping, run, context, items, pipeline=None, orm=False):
        """Apply the feed rules to the persons of ``items``; return the counts
        and the rejects (dicts for casework.feed.reject).

        With a ``pipeline`` (``bulk_copy.CopyPipeline``, a file run), the new
        dossiers' rows are added to its batch, written when the caller sends
        it; the previous batch may still be in flight meanwhile: this waits
        for it before any query. With ``orm`` (an API push), they are created
        through the ORM. Both ways check and prepare a new person's values
        with the same functions first (``_prepare_creation``)."""
        counts = Counter(created=0, updated=0, unchanged=0, reorientation=0, duplicate=0, **{"return": 0})
        rejects = []
        persons = []
        for number, raw, line_persons, error in items:
            if error is not None:
                rejects.append(self._reject_vals(number, error.column, error.reason, raw, context, error.key))
                continue
            for person in line_persons:
                person["line"] = number
                person["raw"] = raw
            persons.extend(line_persons)
        if not persons:
            return counts, rejects
        cr = self.env.cr
        known = context.get("known")
        if known is not None and not any((p["key"], str(p["rank"])) in known for p in persons):
            # a file run knows its known persons (asked under the feed lock:
            # no other run nor push creates persons meanwhile): none here
            existing = {}
        else:
            if pipeline is not None:
                pipeline.wait()
            self.env.flush_all()
            cr.execute(
                """SELECT id, external_ref, external_rank, civility, first_name, usage_name, birth_name, birth_date,
                          identity_justified
                     FROM casework_beneficiary WHERE external_ref = ANY(%s)""",
                [list({p["key"] for p in persons})],
            )
            existing = {(row[1], row[2]): row for row in cr.fetchall()}
        # a line whose person cannot be created is rejected as a whole
        to_create, line_rejected = [], set()
        for person in persons:
            if (person["key"], person["rank"]) in existing or person["line"] in line_rejected:
                continue
            missing = [t for t in ("civility", "first_name", "usage_name", "birth_date") if not person.get(t)]
            try:
                if missing:
                    raise FeedLineError(
                        self._column_of(context, missing[0], person["rank"]),
                        self.env._("Unknown person: %(field)s is needed to create the dossier.", field=missing[0]),
                    )
                self._check_creation(person, context)
            except FeedLineError as error:
                line_rejected.add(person["line"])
                rejects.append(self._reject_vals(person["line"], error.column, error.reason, person["raw"], context,
                                                 person["key"]))
        persons = [p for p in persons if p["line"] not in line_rejected]
        to_create = [p for p in persons if (p["key"], p["rank"]) not in existing]
        to_update = [p for p in persons if (p["key"], p["rank"]) in existing]
        if to_create:
            self._create_persons(context, to_create, pipeline, orm=orm)
            counts["created"] += len(to_create)
        if to_update:
            if pipeline is not None:
                pipeline.wait()
            rejects += self._update_persons(mapping, run, context, to_update, existing, counts)
            self.env.flush_all()
        return counts, rejects

    def _reject_vals(self, number, column, reason, raw, context, key=None):
        """Values of a ``casework.feed.reject``: ``raw`` is the line as read
        (bytes of a file, decoded with the mapping's encoding, or the text
        an API push received); ``key``: the external key of the line, when
        it could be read (normalised as the mapping compares keys)."""
        if isinstance(raw, bytes):
            raw = raw.decode(context["encoding"], errors="replace")
        return {"line_number": number, "column": column or "", "reason": reason, "raw_line": raw,
                "external_ref": key or False}

    def _column_of(self, context, target, rank):
        for column, line_target, _type_id, _required in context["lines"]:
            if line_target == target:
                return context["prefix"] + column if rank == 2 else column
        return ""

    def _update_persons(self, mapping, run, context, persons, existing, counts):
        """Known persons: the rules of ``tools/feed_rules.py`` (referent and
        réorientation, exits undone, identity and characteristics when they
        changed, date actualisation), applied in batch; last seen.

        The identity follows the file, except the locked fields of a
        justified identity (i-milo: civility, first name, birth name and
        birth date), kept as they are: a warning line of the run says which
        fields differ. Every identity change is traced in the dossier's
        chatter (one message naming the run, with the old and new values).

        :return: the warning lines (dicts for ``casework.feed.reject``)
        """
        cr = self.env.cr
        file_date = run.file_date
        rows = {existing[(p["key"], p["rank"])][0]: existing[(p["key"], p["rank"])] for p in persons}
        ids = [existing[(p["key"], p["rank"])][0] for p in persons]
        cr.execute(
            """SELECT DISTINCT ON (beneficiary_id) beneficiary_id, id, user_id, date_start, date_end
                 FROM casework_referent_assignment
                WHERE beneficiary_id = ANY(%s) AND role = 'parcours'
             ORDER BY beneficiary_id, date_start DESC, id DESC""",
            [ids],
        )
        assignments = {row[0]: row for row in cr.fetchall()}
        cr.execute(
            """SELECT DISTINCT ON (beneficiary_id) beneficiary_id, id, date_entry, date_exit
                 FROM casework_enrollment
                WHERE beneficiary_id = ANY(%s) AND program_id = %s
             ORDER BY beneficiary_id, date_entry DESC, id DESC""",
            [ids, mapping.program_id.id],
        )
        enrollments = {row[0]: row for row in cr.fetchall()}
        type_ids = list(context["types"]) + [context["update_type_id"]]
        cr.execute(
            """SELECT beneficiary_id, type_id, id, option_id, value_char, value_date, value_float, value_boolean
                 FROM casework_characteristic_value
                WHERE is_current AND beneficiary_id = ANY(%s) AND type_id = ANY(%s)""",
            [ids, type_ids],
        )
        current_values = defaultdict(dict)
        for row in cr.fetchall():
            current_values[row[0]][row[1]] = {
                "id": row[2], "option_id": row[3], "value_char": row[4], "value_date": row[5],
                "value_float": row[6], "value_boolean": row[7],
            }
        Assignment = self.env["casework.referent.assignment"]
        Enrollment = self.env["casework.enrollment"]
        Beneficiary = self.env["casework.beneficiary"]
        plans = [
            (person, dossier_id, feed_rules.plan_update(
                person, rows[dossier_id], assignments.get(dossier_id), enrollments.get(dossier_id),
                current_values[dossier_id], file_date, mapping.program_id.id, context["update_type_id"],
            ))
            for person, dossier_id in zip(persons, ids, strict=True)
        ]
        batch = feed_rules.merge_plans(plans, counts)
        identity_writes, identity_warnings = batch["identity_writes"], batch["identity_warnings"]
        new_assignments, reopen_assignments = batch["new_assignments"], batch["reopen_assignments"]
        new_enrollments, reopen_enrollments = batch["new_enrollments"], batch["reopen_enrollments"]
        new_values, refresh_update_ids = batch["new_values"], batch["refresh_update_ids"]
        if identity_writes:
            self._trace_identity_changes(run, [
                (dossier_id, dict(zip(feed_rules.IDENTITY_FIELDS, rows[dossier_id][3:8], strict=False)), identity)
                for dossier_id, identity in identity_writes
            ])
        for dossier_id, identity in identity_writes:
            # traced above: no second message from the fields' tracking
            Beneficiary.browse(dossier_id).with_context(mail_notrack=True).write(identity)
        if reopen_assignments:
            Assignment.browse(reopen_assignments).write({"date_end": False})
        if new_assignments:
            Assignment.create(new_assignments)
        if reopen_enrollments:
            Enrollment.browse(reopen_enrollments).write({"date_exit": False})
        if new_enrollments:
            Enrollment.create(new_enrollments)
        if new_values:
            self.env["casework.characteristic.value"].create(new_values)
        self.env.flush_all()
        if refresh_update_ids:
            # hot path (every person, every day): the date actualisation is
            # bookkeeping, moved forward in place rather than kept as history
            cr.execute(
                """UPDATE casework_characteristic_value
                      SET value_date = %(date)s, date = %(date)s, value_display = %(display)s,
                          write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                    WHERE id = ANY(%(ids)s)""",
                {"date": file_date, "display": file_date.strftime("%d/%m/%Y"), "uid": self.env.uid,
                 "ids": refresh_update_ids},
            )
        # only rows whose feed data change: a second run of the same file writes nothing
        cr.execute(
            """UPDATE casework_beneficiary
                  SET feed_last_seen_date = %(date)s, feed_last_run_id = %(run)s, feed_missing = false,
                      feed_mapping_id = %(mapping)s
                WHERE id = ANY(%(ids)s)
                  AND (feed_last_seen_date IS DISTINCT FROM %(date)s OR feed_missing
                       OR feed_mapping_id IS DISTINCT FROM %(mapping)s)""",
            {"date": file_date, "run": run.id, "mapping": mapping.id, "ids": ids},
        )
        self.env.invalidate_all()
        return self._justified_identity_warnings(run, context, identity_warnings)
