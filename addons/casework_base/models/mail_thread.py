from odoo import models

from .casework_case_mixin import users_with_access


class MailThread(models.AbstractModel):
    """Messages of a dossier or of a case record reach only users who may
    read it.

    Following a dossier is not a right: a référent who left it, a colleague
    who was added as follower, a user whose territory changed, all stay in
    ``mail.followers`` until the cleanup of
    :meth:`casework.beneficiary._casework_unsubscribe_lost_followers`; until
    then (and whatever else adds recipients), the notification of a message
    leaves out every user who may not read the record. Partners without a
    user (the person, an employer's contact added by hand) are left to the
    author who chose them.
    """

    _inherit = "mail.thread"

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        if not recipients or "casework_scope" not in self._fields:
            return recipients
        return self._casework_filter_recipients(recipients)

    def _casework_filter_recipients(self, recipients):
        """Drop from ``recipients`` (dicts of ``_notify_get_recipients``) the
        users who may not read every record of ``self``."""
        user_ids = {data["uid"] for data in recipients if data.get("uid")}
        if not user_ids:
            return recipients
        users = self.env["res.users"].sudo().browse(user_ids)
        readers = users_with_access(self, users, "read")
        allowed = set.intersection(*(set(readers[record.id].ids) for record in self)) if self else set()
        return [data for data in recipients if not data.get("uid") or data["uid"] in allowed]
