from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class CaseworkFormalNotice(models.Model):
    """A formal notice (mise en demeure, MIDEM).

    A référent requests it (date and motive); the secretariat processes it
    (date and motive of the notice, letter filed). A request counts as handled
    once the notice is dated on or after the request (seed rule: a notice
    after the request; one sent the day it was asked for is no exception). The last notice
    shows on the dossier.
    """

    _name = "casework.formal.notice"
    _description = "Formal notice"
    _inherit = ["casework.case.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "request_date desc, id desc"
    _rec_name = "beneficiary_id"

    beneficiary_id = fields.Many2one(tracking=True)
    requested_by_id = fields.Many2one(
        "res.users", string="Requested by", default=lambda self: self.env.user, readonly=True, tracking=True
    )
    request_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    request_motive = fields.Text(required=True, tracking=True)
    notice_date = fields.Date(tracking=True, help="Date of the formal notice sent by the secretariat.")
    notice_motive = fields.Char(tracking=True, help="e.g. Mise en demeure (absence au RDV référent)")
    letter = fields.Binary(attachment=True, help="The letter sent, as filed by the secretariat.")
    letter_filename = fields.Char()
    state = fields.Selection(
        [("requested", "Requested"), ("done", "Notice sent")],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )

    @api.depends("request_date", "notice_date")
    def _compute_state(self):
        for notice in self:
            handled = notice.notice_date and notice.notice_date >= notice.request_date
            notice.state = "done" if handled else "requested"

    @api.constrains("notice_date", "notice_motive")
    def _check_notice(self):
        for notice in self:
            if notice.notice_date and not notice.notice_motive:
                raise ValidationError(self.env._("A formal notice needs its motive."))

    def write(self, vals):
        secretariat_fields = {"notice_date", "notice_motive", "letter", "letter_filename"}
        if secretariat_fields & set(vals) and not (
            self.env.su or self.env.user.has_group("casework_base.group_casework_secretariat")
        ):
            raise AccessError(self.env._("Only the secretariat processes a formal notice."))
        return super().write(vals)

    def action_process(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Process the formal notice"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
