from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseworkDocument(models.Model):
    """A letter signed by SMS code is filed as a document of the dossier,
    sealed: only the system administrators (and the system itself: merging,
    anonymising) may change or delete it, or its file."""

    _inherit = "casework.document"

    signature_id = fields.Many2one(
        "casework.contract.signature", string="Signature by SMS", readonly=True, index="btree_not_null",
        ondelete="restrict", copy=False,
    )

    def _casework_check_sealed(self):
        """:raise UserError: when ``self`` holds a signed document and the
        user is not a system administrator"""
        if self.env.su or self.env.user.has_group("base.group_system"):
            return
        # sudo: whether the documents are sealed, nothing else read
        if self.sudo().filtered("signature_id"):
            raise UserError(self.env._(
                "A document signed by SMS code cannot be changed nor deleted: it is the proof of the person's "
                "agreement."
            ))

    def write(self, vals):
        self._casework_check_sealed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sealed(self):
        self._casework_check_sealed()
