from odoo import api, fields, models
from odoo.fields import Domain


class CaseworkBeneficiary(models.Model):
    """What the daily feed keeps on a dossier: the external key of the person
    in the administrative system, the last run and file that named them."""

    _inherit = "casework.beneficiary"


    # searched through the unique index of (external_ref, external_rank) below
    external_ref = fields.Char(
        string="External key", copy=False, readonly=True,
        help="Dossier identifier in the administrative system (family dossier for couples).",
    )
    external_rank = fields.Integer(
        string="Person rank", copy=False, readonly=True, help="1 or 2: the person within the family dossier."
    )
    feed_mapping_id = fields.Many2one(
        "casework.feed.mapping", string="Fed by", readonly=True, copy=False, index="btree_not_null"
    )
    feed_last_run_id = fields.Many2one("casework.feed.run", string="Last feed run", readonly=True, copy=False)
    feed_last_seen_date = fields.Date(
        string="Last fed", readonly=True, copy=False,
        help="Date of the last feed file that contained this person.",
    )
    feed_missing = fields.Boolean(
        string="Absent from the last feed", readonly=True, copy=False,
        help="The person was not in the last complete feed file: the référent de parcours has to enter the exit.",
    )
    feed_exit_to_enter = fields.Boolean(
        string="Exit to enter", compute="_compute_feed_exit_to_enter", search="_search_feed_exit_to_enter",
        help="Absent from the last feed file but still in the active file of a référent de parcours.",
    )

    # flags true for few dossiers: a partial index (nothing to write for the others)
    _feed_missing_idx = models.Index("(feed_mapping_id) WHERE feed_missing")

    def init(self):
        res = super().init()
        # the daily feed updates every fed dossier (date last seen): pages
        # half full keep those updates HOT (no new entry in the dozen indexes)
        self.env.cr.execute("ALTER TABLE casework_beneficiary SET (fillfactor = 50)")
        return res

    _external_key_uniq = models.Constraint(
        "UNIQUE(external_ref, external_rank)", "A person of an external dossier can only have one dossier."
    )

    @api.depends_context("tz")
    @api.depends("feed_missing", "assignment_ids.date_end")
    def _compute_feed_exit_to_enter(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            # whether any référent de parcours is current: a flag, no assignment shown
            beneficiary.feed_exit_to_enter = beneficiary.feed_missing and any(
                a.role == "parcours" and a._is_current_on(today) for a in beneficiary.sudo().assignment_ids
            )

    def _search_feed_exit_to_enter(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("feed_missing", "=", True) & Domain(
            "assignment_ids", "any", [("role", "=", "parcours"), ("is_current", "=", True)]
        )
        return domain if (operator == "in") == (True in value) else ~domain

    def _casework_erase_personal_records(self):
        """The rejected and warning lines about the person go with their
        identity (read before the identifiers and the personal
        characteristics they are matched on are deleted)."""
        self.env["casework.feed.reject"]._casework_erase_person(self)
        return super()._casework_erase_personal_records()
