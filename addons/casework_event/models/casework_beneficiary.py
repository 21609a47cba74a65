from odoo import api, fields, models


class CaseworkBeneficiary(models.Model):
    """The events of a dossier: its registrations (page and smart button of
    the dossier's form) and the registration of its person to an event from
    the dossier (seed: "depuis le dossier bénéficiaire via le menu
    Evènements"). Read by the users of the event app within the dossier's
    scope (the registrations' rules); FSE managers, finance and operators
    have no event access and see none of it.
    """

    _inherit = "casework.beneficiary"

    event_registration_ids = fields.One2many(
        "event.registration", "casework_beneficiary_id", string="Event registrations",
        groups="event.group_event_registration_desk",
    )
    event_registration_count = fields.Integer(
        string="Events", compute="_compute_event_registration_count",
        groups="event.group_event_registration_desk",
    )

    @api.depends("event_registration_ids")
    def _compute_event_registration_count(self):
        counts = dict(self.env["event.registration"]._read_group(
            [("casework_beneficiary_id", "in", self._origin.ids), ("state", "!=", "cancel")],
            ["casework_beneficiary_id"], ["__count"],
        )) if self._origin.ids else {}
        for dossier in self:
            dossier.event_registration_count = counts.get(dossier._origin, 0)

    def action_open_event_registrations(self):
        """The registrations of the dossier (one dossier), in a list.

        :return: an ``ir.actions.act_window`` on ``event.registration``
        :raise AccessError: for a user who may not read the dossier or the
            registrations (an FSE manager)
        """
        self.ensure_one()
        self.check_access("read")
        self.env["event.registration"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("casework_event.event_registration_action_casework")
        action.update({
            "name": self.env._("Events of %(dossier)s", dossier=self.display_name),
            "domain": [("casework_beneficiary_id", "=", self.id)],
            "context": {"default_casework_beneficiary_id": self.id, "search_default_filter_not_cancelled": 1},
        })
        return action

    def action_register_to_event(self):
        """Register the dossier's person to an event (one dossier): a
        registration form with the dossier set, where the user picks the
        event. Only for a user who may change the dossier.

        :raise AccessError: when the user may not change the dossier
        :return: an ``ir.actions.act_window`` (a dialog)
        """
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register to an event"),
            "res_model": "event.registration",
            "view_mode": "form",
            "views": [(self.env.ref("casework_event.event_registration_view_form_casework_dossier").id, "form")],
            "target": "new",
            "context": {"default_casework_beneficiary_id": self.id},
        }
