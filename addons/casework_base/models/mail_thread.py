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

    Nor does a user learn of a person through the thread: they subscribe
    as followers only partners they may read (the follower list names
    them), and a message they post answers only a message they may read
    (the reply shows the message it answers).
    """

    _inherit = "mail.thread"

    def _creation_message(self):
        """The creation note of a Casework record, in the creator's language:
        one phrase whose French does not depend on the document's gender
        ("Création : Mise en demeure", not Odoo's "Mise en demeure créé")."""
        if not self._name.startswith("casework."):
            return super()._creation_message()
        self.ensure_one()
        env = self.env if self.env.lang else self.with_context(lang=self.env.user.lang).env
        return env._("Created: %(document)s", document=env["ir.model"]._get(self._name).name)

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
        # sudo: the recipients' users, to filter out those who may not read the record
        users = self.env["res.users"].sudo().browse(user_ids)
        readers = users_with_access(self, users, "read")
        allowed = set.intersection(*(set(readers[record.id].ids) for record in self)) if self else set()
        return [data for data in recipients if not data.get("uid") or data["uid"] in allowed]

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if partner_ids and not self.env.su:
            # the follower list names its partners: only partners the user may read
            self.env["mail.followers"]._casework_check_links([{"partner_id": pid} for pid in partner_ids])
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _message_compute_parent_id(self, parent_id):
        """The message a new message answers, as Odoo chooses it (the one
        given, if on this thread, else the last one), provided the user may
        read it: also when posting in superuser mode on their behalf (the
        mail client's post), since the answer is served to them."""
        found = super()._message_compute_parent_id(parent_id)
        if found and not self.env(su=False)["mail.message"].browse(found)._filtered_access("read"):
            return False
        return found
