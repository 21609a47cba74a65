from odoo import models
from odoo.exceptions import AccessError

from .casework_offer_session import SHEET_FIELDS


class IrBinary(models.AbstractModel):
    """Downloading a session's signed sheet (``/web/content``) checks that
    the user may read the sheet of that session: Odoo checks the field's
    groups, then reads the file as superuser."""

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        if record._name == "casework.offer.session" and field_name in SHEET_FIELDS and not record.env.su:
            for session in record:
                if not session._casework_may_handle_sheet():
                    raise AccessError(record.env._(
                        "Only the managers of offer %(offer)s may read the signed sheet of session %(session)s.",
                        offer=session.offer_id.display_name, session=session.display_name,
                    ))
        return super()._record_to_stream(record, field_name)
