from odoo import models


class IrAttachment(models.Model):
    """The file of a document signed by SMS code is as sealed as its
    document: its attachment is not changed nor deleted directly either
    (``casework.document._casework_check_sealed``)."""

    _inherit = "ir.attachment"

    def _casework_check_sealed_documents(self):
        if self.env.su or self.env.user.has_group("base.group_system"):
            return
        # sudo: which documents the attachments hold, to refuse the sealed ones
        ids = {
            att.res_id for att in self.sudo()
            if att.res_model == "casework.document" and att.res_field == "file" and att.res_id
        }
        if ids:
            self.env["casework.document"].browse(ids).exists()._casework_check_sealed()

    def write(self, vals):
        self._casework_check_sealed_documents()
        return super().write(vals)

    def unlink(self):
        self._casework_check_sealed_documents()
        return super().unlink()
