from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseworkBeneficiary(models.Model):
    """The follow-up of a dossier: notes, tasks, documents, formal notices,
    letters and the timeline."""

    _inherit = "casework.beneficiary"

    formal_notice_ids = fields.One2many("casework.formal.notice", "beneficiary_id", string="Formal notices")
    last_notice_date = fields.Date(
        string="Last formal notice",
        compute="_compute_last_notice",
        store=True,
        help="Date of the last formal notice sent.",
    )
    last_notice_motive = fields.Char(
        string="Motive of the last formal notice", compute="_compute_last_notice", store=True
    )

    # ------------------------------------------------------------------
    # Notes, tasks, documents, mail merge, timeline (issue 4, part 4b)
    # ------------------------------------------------------------------
    # The notes the current user may read (circles, private and attributed
    # notes): computed per user, so that a list read in superuser mode in the
    # same transaction is never served to a user.
    note_ids = fields.Many2many("casework.note", string="Follow-up notes", compute="_compute_note_ids")
    note_count = fields.Integer(compute="_compute_note_count", string="Notes count")
    document_ids = fields.One2many("casework.document", "beneficiary_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count", string="Documents count")
    cv_document_id = fields.Many2one("casework.document", compute="_compute_cv_document_id", string="CV")
    task_count = fields.Integer(compute="_compute_task_count", string="Open tasks")

    @api.depends("formal_notice_ids.notice_date", "formal_notice_ids.notice_motive")
    def _compute_last_notice(self):
        for beneficiary in self:
            sent = beneficiary.formal_notice_ids.filtered("notice_date").sorted("notice_date", reverse=True)[:1]
            beneficiary.last_notice_date = sent.notice_date
            beneficiary.last_notice_motive = sent.notice_motive

    # Quick creation and completeness (issue 3, part c)

    # ------------------------------------------------------------------
    # Notes, tasks, documents, mail merge, timeline (issue 4, part 4b)
    # ------------------------------------------------------------------

    def _compute_note_count(self):
        counts = dict(self.env["casework.note"]._read_group(
            [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
        ))
        for beneficiary in self:
            beneficiary.note_count = counts.get(beneficiary, 0)

    @api.depends_context("uid")
    def _compute_note_ids(self):
        Note = self.env["casework.note"]
        notes = Note.search([("beneficiary_id", "in", self._origin.ids)]) if self._origin.ids else Note
        for beneficiary in self:
            beneficiary.note_ids = notes.filtered(lambda note: note.beneficiary_id == beneficiary._origin)

    def _compute_document_count(self):
        counts = dict(self.env["casework.document"]._read_group(
            [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
        ))
        for beneficiary in self:
            beneficiary.document_count = counts.get(beneficiary, 0)

    def _compute_cv_document_id(self):
        for beneficiary in self:
            beneficiary.cv_document_id = self.env["casework.document"].search(
                [("beneficiary_id", "=", beneficiary.id), ("is_cv", "=", True)], order="date desc, id desc", limit=1
            ) if beneficiary.id else False

    def _compute_task_count(self):
        counts = dict(self.env["mail.activity"]._read_group(
            [("casework_beneficiary_id", "in", self.ids)], ["casework_beneficiary_id"], ["__count"]
        ))
        for beneficiary in self:
            beneficiary.task_count = counts.get(beneficiary, 0)

    def _action_open_related(self, xmlid, extra_context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {"default_beneficiary_id": self.id, **(extra_context or {})}
        return action

    def action_open_notes(self):
        return self._action_open_related("casework_followup.casework_note_action")

    def action_open_documents(self):
        return self._action_open_related("casework_followup.casework_document_action")

    def action_open_timeline(self):
        action = self._action_open_related("casework_base.casework_timeline_entry_action")
        action["name"] = self.env._("Timeline of %(dossier)s", dossier=self.display_name)
        return action

    def action_open_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_followup.mail_activity_action_casework_task")
        action["domain"] = [("casework_beneficiary_id", "=", self.id)]
        action["context"] = {
            "default_casework_beneficiary_id": self.id,
            "default_user_id": self.env.uid,
            "active_test": False,
            "search_default_filter_open": 1,
        }
        return action

    def action_open_cv(self):
        """Open (download) the latest CV of the dossier in one click."""
        self.ensure_one()
        if not self.cv_document_id:
            raise UserError(self.env._("No CV is filed in this dossier: file a document of a CV type first."))
        return self.cv_document_id.action_download()

    def action_open_merge_wizard(self):
        """Open the letter generation (mail merge) of this dossier.

        :return: an ``ir.actions.act_window`` dict (a dialog)
        :raise AccessError: for a user who may not generate letters (an FSE
            manager) or not read the dossier
        """
        self.ensure_one()
        self.check_access("read")
        self.env["casework.merge.wizard"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generate a letter"),
            "res_model": "casework.merge.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_beneficiary_id": self.id},
        }

    def _casework_erase_personal_records(self):
        """The filed documents are deleted with the identity (their files
        were erased with the dossier's attachments)."""
        self.env["casework.document"].with_context(active_test=False).search(
            [("beneficiary_id", "=", self.id)]
        ).unlink()
        return super()._casework_erase_personal_records()
