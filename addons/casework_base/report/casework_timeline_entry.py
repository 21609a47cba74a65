from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

# Each part of the view numbers its rows ``source id * TIMELINE_ID_FACTOR +
# its own code`` so that ids are stable and unique. Codes 1-19 are taken by
# casework_base (see _timeline_queries); other modules take 20 and up.
TIMELINE_ID_FACTOR = 64


class CaseworkTimelineEntry(models.Model):
    """The timeline (frise) of a dossier: one chronological list of what
    happened in it, read from the case tables by a SQL view.

    Each module adds its own entries by extending :meth:`_timeline_queries`
    (``super()`` plus its SELECTs giving the columns listed in
    :meth:`_timeline_columns`) and ``entry_type`` (``selection_add``).

    Access: the dossier's scope (record rules on ``beneficiary_id`` like the
    other case models) and, for notes, the note's own confidentiality (a
    global rule with the same domain as the notes'): a row never shows a note
    its reader may not read.
    """

    _name = "casework.timeline.entry"
    _description = "Timeline entry"
    _inherit = ["casework.case.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "description"

    beneficiary_id = fields.Many2one(readonly=True)
    territory_id = fields.Many2one(store=False)
    date = fields.Date(readonly=True)
    entry_type = fields.Selection(
        [
            ("enrollment_entry", "Enrolment"),
            ("enrollment_exit", "Exit"),
            ("veille_start", "Veille"),
            ("veille_end", "End of veille"),
            ("referent_start", "Referent assigned"),
            ("referent_end", "End of referent"),
            ("appointment", "Appointment"),
        ],
        string="Type",
        readonly=True,
    )
    summary = fields.Char(readonly=True)
    description = fields.Char(compute="_compute_description")
    user_id = fields.Many2one("res.users", readonly=True)
    program_id = fields.Many2one("casework.program", string="Programme", readonly=True)
    res_model = fields.Char(string="Source model", readonly=True)
    res_id = fields.Many2oneReference(string="Source", model_field="res_model", readonly=True)
    # confidentiality of notes (empty for the other entries)
    author_id = fields.Many2one("res.users", readonly=True)
    visibility = fields.Selection(
        [("public", "Publique"), ("private", "Privée"), ("assigned", "Attribuée")], readonly=True
    )
    assigned_user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    circle_id = fields.Many2one("casework.circle", readonly=True)

    @api.depends("summary", "res_model", "res_id", "entry_type")
    def _compute_description(self):
        labels = dict(self._fields["entry_type"]._description_selection(self.env))
        for entry in self:
            text = entry.summary
            if not text and entry.res_model in ("casework.enrollment", "casework.veille") and entry.res_id:
                # programme, exit motive or veille motive: nothing confidential
                source = self.env[entry.res_model].sudo().browse(entry.res_id).exists()
                if entry.entry_type == "enrollment_exit" and source:
                    text = source.exit_motive_id.name or source.program_id.name
                else:
                    text = source.display_name if source else False
            entry.description = text or labels.get(entry.entry_type)

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        # the frise (OCA web_timeline) still asks it of the model: the same
        # answer as Odoo 19's check_access / has_access, without the
        # deprecation warning at each opening
        if raise_exception:
            return self.browse().check_access(operation)
        return self.browse().has_access(operation)

    def action_open_source(self):
        """Open the record the entry tells of (the appointment, the note,
        the enrolment...), as the current user: its own form.

        :return: an ``ir.actions.act_window`` dict
        :raise AccessError: when the user may not read that record
        :raise UserError: when the record no longer exists
        """
        self.ensure_one()
        self.check_access("read")
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            raise UserError(self.env._("This entry of the timeline has no record to open."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record of this entry of the timeline no longer exists."))
        record.check_access("read")
        return record.get_formview_action()

    @api.model
    def _timeline_columns(self):
        """Columns every part of the view gives, in this order."""
        return (
            "id", "beneficiary_id", "date", "entry_type", "summary", "user_id", "program_id",
            "res_model", "res_id", "author_id", "visibility", "assigned_user_id", "circle_id",
        )

    @api.model
    def _timeline_queries(self):
        """The SELECTs of the view, as a list of ``SQL``. Extend it to add
        entries: each SELECT gives the columns of :meth:`_timeline_columns`
        (NULL where they do not apply) and numbers its rows ``source id *
        TIMELINE_ID_FACTOR + a code of its own`` (casework_base uses 1-6 and 11, casework_followup 7-10 and
        12-13, casework_offers 20-22, casework_event 30; other modules take 40 and up)."""
        factor = TIMELINE_ID_FACTOR
        return [
            SQL("""
                SELECT e.id * %(f)s + 1, e.beneficiary_id, e.date_entry, 'enrollment_entry', NULL::varchar,
                       e.create_uid, e.program_id, 'casework.enrollment', e.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_enrollment e
            """, f=factor),
            SQL("""
                SELECT e.id * %(f)s + 2, e.beneficiary_id, e.date_exit, 'enrollment_exit', NULL::varchar,
                       e.write_uid, e.program_id, 'casework.enrollment', e.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_enrollment e
                 WHERE e.date_exit IS NOT NULL
            """, f=factor),
            SQL("""
                SELECT v.id * %(f)s + 3, v.beneficiary_id, v.date_start, 'veille_start', NULL::varchar,
                       v.create_uid, v.program_id, 'casework.veille', v.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_veille v
            """, f=factor),
            SQL("""
                SELECT v.id * %(f)s + 4, v.beneficiary_id, v.date_end, 'veille_end', NULL::varchar,
                       v.write_uid, v.program_id, 'casework.veille', v.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_veille v
                 WHERE v.state = 'ended' AND v.date_end IS NOT NULL
            """, f=factor),
            SQL("""
                SELECT a.id * %(f)s + 5, a.beneficiary_id, a.date_start, 'referent_start', p.name,
                       a.user_id, NULL::int, 'casework.referent.assignment', a.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_referent_assignment a
                  JOIN res_users u ON u.id = a.user_id
                  JOIN res_partner p ON p.id = u.partner_id
            """, f=factor),
            SQL("""
                SELECT a.id * %(f)s + 6, a.beneficiary_id, a.date_end, 'referent_end', p.name,
                       a.user_id, NULL::int, 'casework.referent.assignment', a.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM casework_referent_assignment a
                  JOIN res_users u ON u.id = a.user_id
                  JOIN res_partner p ON p.id = u.partner_id
                 WHERE a.date_end IS NOT NULL
            """, f=factor),
            # every appointment of the dossier, archived ones included: an absence or a cancellation takes an
            # appointment out of the calendars (archives it), not out of the dossier's history
            SQL("""
                SELECT c.id * %(f)s + 11, c.res_id, c.start::date,
                       'appointment', CASE WHEN c.privacy IN ('private', 'confidential') THEN NULL ELSE c.name END,
                       c.user_id, NULL::int, 'calendar.event', c.id,
                       NULL::int, NULL::varchar, NULL::int, NULL::int
                  FROM calendar_event c
                 WHERE c.res_model = 'casework.beneficiary' AND c.res_id IS NOT NULL
            """, f=factor),
        ]

    def init(self):
        # appointments are found by their generic reference to the dossier;
        # Odoo does not index calendar_event.res_id (dropped by the uninstall hook)
        tools.create_index(
            self.env.cr, "calendar_event_casework_res_id_idx", "calendar_event", ["res_id"],
            where="res_model = 'casework.beneficiary'",
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        columns = SQL(", ").join(SQL.identifier(column) for column in self._timeline_columns())
        union = SQL(" UNION ALL ").join(SQL("(%s)", query) for query in self._timeline_queries())
        self.env.cr.execute(SQL(
            "CREATE OR REPLACE VIEW %s (%s) AS (%s)", SQL.identifier(self._table), columns, union,
        ))
