from odoo import api, fields, models


class CaseworkBeneficiary(models.Model):
    """The invitations to book of a dossier, and its figures; a dossier
    created from a contact request (SOS numérique) is linked to it."""

    _inherit = "casework.beneficiary"

    booking_invitation_ids = fields.One2many(
        "casework.booking.invitation", "beneficiary_id", string="Invitations to book"
    )
    booking_invitation_count = fields.Integer(
        string="Invitations to book (count)", compute="_compute_booking_invitation_count"
    )

    @api.model_create_multi
    def create(self, vals_list):
        """A dossier created from the form a contact request opened
        (:meth:`casework.contact.request.action_turn_into_dossier`, context
        key ``casework_contact_request_id``) is linked to that request. The
        key opens nothing: the link needs the right to change the request
        (checked by :meth:`casework.contact.request._casework_link_dossier`)."""
        dossiers = super().create(vals_list)
        request_id = self.env.context.get("casework_contact_request_id")
        if isinstance(request_id, int) and len(dossiers) == 1 and not self.env.su:
            request = self.env["casework.contact.request"].browse(request_id).exists()
            if request:
                request._casework_link_dossier(dossiers)
        return dossiers

    @api.depends_context("uid")
    def _compute_booking_invitation_count(self):
        counts = {}
        if self._origin.ids:
            groups = self.env["casework.booking.invitation"]._read_group(
                [("beneficiary_id", "in", self._origin.ids)], ["beneficiary_id"], ["__count"]
            )
            counts = {dossier.id: count for dossier, count in groups}
        for dossier in self:
            dossier.booking_invitation_count = counts.get(dossier._origin.id, 0)

    def action_casework_invite_to_book(self):
        """Open the wizard sending an invitation to book to the persons of ``self``."""
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite to book an appointment"),
            "res_model": "casework.booking.invitation.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_casework_open_booking_invitations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_booking.casework_booking_invitation_action")
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {"default_beneficiary_id": self.id}
        return action
