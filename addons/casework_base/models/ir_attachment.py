from odoo import api, models
from odoo.exceptions import AccessError

# the columns that tie an attachment to a record and to one of its fields
FIELD_LINK_KEYS = frozenset({"res_model", "res_id", "res_field"})


class IrAttachment(models.Model):
    """The file of a record's binary field (an attachment whose ``res_field``
    is set) changes only through the record itself, whose ``create`` and
    ``write`` hold the checks (the dossier's scope, the format and size of a
    document, the seal of a signed one). Odoo's binary fields create and move
    these attachments in superuser mode; users never do: they neither create
    an attachment of a field (``default_res_field`` in the context included:
    a client sends any context) nor move an attachment onto a field or away
    from one."""

    _inherit = "ir.attachment"

    def _casework_refuse_field_link(self):
        raise AccessError(self.env._(
            "The file of a record's field is changed through that record (its form), not through an attachment."
        ))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and (
            self.env.context.get("default_res_field") or any(vals.get("res_field") for vals in vals_list)
        ):
            self._casework_refuse_field_link()
        return super().create(vals_list)

    def write(self, vals):
        # sudo: whether the attachments hold a field's file, nothing else read
        if not self.env.su and FIELD_LINK_KEYS & vals.keys() and (
            vals.get("res_field") or self.sudo().filtered("res_field")
        ):
            self._casework_refuse_field_link()
        return super().write(vals)
