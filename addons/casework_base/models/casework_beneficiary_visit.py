from odoo import api, fields, models
from odoo.tools import SQL


class CaseworkBeneficiaryVisit(models.Model):
    """Who consulted which dossier: one row per user and dossier, with the
    user's last consultation and how many times they opened it.

    A row is written (one ``INSERT ... ON CONFLICT`` statement) when the user
    opens the dossier's form, i.e. reads that one dossier with ``web_read``;
    lists and kanbans never write it, and no context key skips it. It gives
    each user *their* "last consulted" dossiers and keeps who opened what
    (the audit log keeps each opening).

    Who may read it: its own user, and only while the dossier is in their
    scope (a dossier out of scope, or anonymised, hides its rows); nobody
    else but the system. Nobody writes it by hand. Merging two dossiers
    keeps, for each user, the latest consultation and the sum of the counts
    (:meth:`_casework_merge_dossiers`); the anonymisation keeps the rows
    (they hold no identity, and only the administrators reach an anonymised
    dossier).
    """

    _name = "casework.beneficiary.visit"
    _description = "Dossier consultation"
    _order = "last_date desc, id desc"
    _rec_name = "beneficiary_id"

    # not a case record (casework.case.mixin): a line is its user's, not the
    # dossier's; its read rule still requires the dossier's scope
    beneficiary_id = fields.Many2one(
        "casework.beneficiary", string="Dossier", required=True, readonly=True, ondelete="cascade", index=True
    )
    # indexed by the unique constraint (user first) and by _user_last_date_idx
    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="cascade")
    last_date = fields.Datetime(string="Last consulted", required=True, readonly=True)
    count = fields.Integer(string="Consultations", required=True, readonly=True, default=1)

    _user_beneficiary_uniq = models.Constraint(
        "UNIQUE(user_id, beneficiary_id)", "A user has one consultation line per dossier."
    )
    # "my last consulted dossiers": one index range scan
    _user_last_date_idx = models.Index("(user_id, last_date DESC)")

    def action_open_dossier(self):
        """Open the consulted dossier's form (one line).

        :return: an ``ir.actions.act_window`` dict on ``casework.beneficiary``
        :raise AccessError: when the dossier left the user's scope (the line's
            read rule already hides it then)
        """
        self.ensure_one()
        self.beneficiary_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "casework.beneficiary",
            "res_id": self.beneficiary_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model
    def _casework_record(self, dossier):
        """Record that the current user opens ``dossier`` (one record, that
        the caller checked the user may read)."""
        dossier.ensure_one()
        now = fields.Datetime.now()
        self.env.cr.execute(SQL(
            """
            INSERT INTO casework_beneficiary_visit AS visit
                   (user_id, beneficiary_id, last_date, count,
                    create_uid, create_date, write_uid, write_date)
            VALUES (%(uid)s, %(dossier)s, %(now)s, 1, %(uid)s, %(now)s, %(uid)s, %(now)s)
                ON CONFLICT (user_id, beneficiary_id) DO UPDATE
               SET last_date = EXCLUDED.last_date, count = visit.count + 1,
                   write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
            """,
            uid=self.env.uid, now=now, dossier=dossier.id,
        ))
        self.invalidate_model(["last_date", "count", "write_uid", "write_date"])
        dossier.invalidate_recordset(["last_visit_date"])

    @api.model
    def _casework_merge_dossiers(self, removed_id, survivor_id):
        """Move the consultations of dossier ``removed_id`` to ``survivor_id``
        (merge): for a user who consulted both, the latest date and the sum
        of the counts."""
        self.flush_model()
        self.env.cr.execute(SQL(
            """
            WITH removed AS (
                DELETE FROM casework_beneficiary_visit WHERE beneficiary_id = %(removed)s
                RETURNING user_id, last_date, count, create_uid, create_date, write_uid, write_date
            )
            INSERT INTO casework_beneficiary_visit AS visit
                   (user_id, beneficiary_id, last_date, count,
                    create_uid, create_date, write_uid, write_date)
            SELECT removed.user_id, %(survivor)s, removed.last_date, removed.count,
                   removed.create_uid, removed.create_date, removed.write_uid, removed.write_date
              FROM removed
                ON CONFLICT (user_id, beneficiary_id) DO UPDATE
               SET last_date = GREATEST(visit.last_date, EXCLUDED.last_date), count = visit.count + EXCLUDED.count
            """,
            removed=removed_id, survivor=survivor_id,
        ))
        self.invalidate_model()
