from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_base.report.casework_timeline_entry import TIMELINE_ID_FACTOR


class CaseworkTimelineEntry(models.Model):
    """The follow-up in the timeline: formal notices, notes (their confidentiality
    columns feed the timeline's rule), documents and tasks."""

    _inherit = "casework.timeline.entry"

    entry_type = fields.Selection(selection_add=[
        ("notice_request", "Formal notice requested"),
        ("notice_sent", "Formal notice sent"),
        ("note", "Note"),
        ("document", "Document"),
        ("task", "Task"),
        ("task_done", "Task done"),
    ], ondelete={
        "notice_request": "cascade", "notice_sent": "cascade", "note": "cascade", "document": "cascade",
        "task": "cascade", "task_done": "cascade",
    })

    @api.model
    def _timeline_queries(self):
        factor = TIMELINE_ID_FACTOR
        return super()._timeline_queries() + [
            SQL("""
                SELECT n.id * %(f)s + 7, n.beneficiary_id, n.request_date, 'notice_request',
                       LEFT(n.request_motive, 200),
                       n.requested_by_id, NULL::int, 'casework.formal.notice', n.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_formal_notice n
            """, f=factor),
            SQL("""
                SELECT n.id * %(f)s + 8, n.beneficiary_id, n.notice_date, 'notice_sent', n.notice_motive,
                       n.write_uid, NULL::int, 'casework.formal.notice', n.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_formal_notice n
                 WHERE n.notice_date IS NOT NULL
            """, f=factor),
            SQL("""
                SELECT n.id * %(f)s + 9, n.beneficiary_id, n.date, 'note', n.name,
                       n.author_id, NULL::int, 'casework.note', n.id,
                       n.author_id, n.visibility, n.assigned_user_id, n.circle_id
                  FROM casework_note n
            """, f=factor),
            SQL("""
                SELECT d.id * %(f)s + 10, d.beneficiary_id, d.date, 'document', d.name,
                       d.user_id, d.program_id, 'casework.document', d.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_document d
            """, f=factor),
            SQL("""
                SELECT t.id * %(f)s + CASE WHEN t.active THEN 12 ELSE 13 END, t.casework_beneficiary_id,
                       CASE WHEN t.active THEN t.date_deadline ELSE t.date_done END,
                       CASE WHEN t.active THEN 'task' ELSE 'task_done' END, t.summary,
                       t.user_id, NULL::int, 'mail.activity', t.id, NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM mail_activity t
                 WHERE t.casework_beneficiary_id IS NOT NULL AND t.calendar_event_id IS NULL
            """, f=factor),
        ]
