from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class CaseworkNote(models.Model):
    """A note (mémo) on a dossier.

    Who reads it (record rules in ``security/casework_note_security.xml``):
    the dossier's scope (current référents, secretariat and managers of its
    territory, FSE managers, administrators), narrowed by its visibility:

    * publique: everyone in the dossier's scope, or only the members of its
      confidentiality circle when it is not "Tous";
    * privée: its author only;
    * attribuée: its author and the user it is assigned to (who must have
      access to the dossier and gets an activity to read it).

    Only the author edits or deletes a note; the author or the assignee
    closes it: a closed note leaves the lists (archived) without being
    deleted and stays in the timeline.
    """

    _name = "casework.note"
    _description = "Note"
    _inherit = ["casework.case.mixin", "casework.circle.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _casework_circle_author_field = "author_id"

    # erased by the anonymisation of the dossier (see casework.beneficiary._casework_anonymise)
    _casework_anonymise_fields = ("name", "body")

    name = fields.Char(string="Subject", required=True, tracking=True)
    author_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, default=lambda self: self.env.user
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    body = fields.Html(string="Note")
    visibility = fields.Selection(
        [("public", "Publique"), ("private", "Privée"), ("assigned", "Attribuée")],
        required=True,
        default="public",
        tracking=True,
        help="Publique: everyone who may read the dossier (within the circle). Privée: the author only. "
        "Attribuée: the author and the user it is assigned to.",
    )
    assigned_user_id = fields.Many2one(
        "res.users", string="Assigned to", index="btree_not_null", tracking=True, domain=[("share", "=", False)]
    )
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], compute="_compute_state", store=True, string="Status"
    )

    _assigned_check = models.Constraint(
        "CHECK(visibility != 'assigned' OR assigned_user_id IS NOT NULL)",
        "An attributed note needs the user it is assigned to.",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("active")
    def _compute_state(self):
        for note in self:
            note.state = "open" if note.active else "closed"

    @api.constrains("assigned_user_id", "beneficiary_id", "visibility")
    def _check_assigned_user(self):
        for note in self.filtered(lambda n: n.visibility == "assigned" and n.assigned_user_id):
            if not note.beneficiary_id.with_user(note.assigned_user_id).has_access("read"):
                raise ValidationError(
                    self.env._(
                        "%(user)s has no access to the dossier %(dossier)s: a note can only be assigned to a user "
                        "who may read the dossier.",
                        user=note.assigned_user_id.name, dossier=note.beneficiary_id.number,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # the author is the user who writes the note (a system field: see casework.case.mixin)
        for vals in vals_list:
            if vals.get("visibility", "public") != "assigned":
                vals["assigned_user_id"] = False
        notes = super().create(vals_list)
        notes._schedule_assignee_activity()
        return notes

    def write(self, vals):
        content = {"name", "beneficiary_id", "date", "body", "visibility", "assigned_user_id", "circle_id"}
        if not self.env.su:
            self.check_access("write")
            if "author_id" in vals:
                raise AccessError(self.env._("The author of a note cannot be changed."))
            if content & set(vals) and any(note.author_id != self.env.user for note in self):
                raise AccessError(self.env._("Only the author of a note may change it."))
            if "active" in vals and any(self.env.user not in note.author_id | note.assigned_user_id for note in self):
                raise AccessError(
                    self.env._("Only the author of a note or the user it is assigned to may close or reopen it.")
                )
        if vals.get("visibility") and vals["visibility"] != "assigned":
            vals = dict(vals, assigned_user_id=False)
        assignees = {note: note.assigned_user_id for note in self}
        result = super().write(vals)
        if "assigned_user_id" in vals or "visibility" in vals:
            changed = self.filtered(lambda note: note.assigned_user_id != assignees[note])
            # the assignee's activity follows the notes write() checked above
            changed.sudo().activity_unlink(["casework_followup.mail_activity_type_note_assigned"])
            changed._schedule_assignee_activity()
        if "active" in vals:
            if vals["active"]:
                self.filtered(lambda note: not note.activity_ids)._schedule_assignee_activity()
            else:
                # the assignee's activity follows the notes write() checked above
                self.sudo().activity_unlink(["casework_followup.mail_activity_type_note_assigned"])
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_author(self):
        if not self.env.su and any(note.author_id != self.env.user for note in self):
            raise AccessError(self.env._("Only the author of a note may delete it."))

    # ------------------------------------------------------------------
    # Actions and business methods
    # ------------------------------------------------------------------

    def action_close(self):
        self.write({"active": False})

    def action_reopen(self):
        self.write({"active": True})

    def _schedule_assignee_activity(self):
        """An attributed note gives its assignee an activity to read it."""
        for note in self.filtered(lambda n: n.active and n.visibility == "assigned" and n.assigned_user_id):
            note.activity_schedule(
                "casework_followup.mail_activity_type_note_assigned",
                user_id=note.assigned_user_id.id,
                summary=note.name,
            )
