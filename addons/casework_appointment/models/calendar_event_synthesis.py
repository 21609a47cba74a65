from odoo import api, fields, models
from odoo.exceptions import AccessError


class CalendarEvent(models.Model):
    """The synthesis of a held appointment, and the confidentiality circle it
    may be narrowed to.

    The synthesis is kept in ``casework_synthesis_body`` (no user reads or
    searches it directly, system administrators included: only this code, as
    superuser) and shown through ``casework_synthesis`` to those
    :meth:`_casework_synthesis_allows` lets read it: everyone who reads the
    dossier when there is no circle (or the circle "Tous"), otherwise the
    circle's members and the collaborator only.

    Who may read it is decided on the **stored** appointment, whatever values
    a client sends (a form's onchange holds the circle or the collaborator it
    was given, not the stored ones); changing the circle or the collaborator
    of an appointment whose synthesis is restricted is refused to those who
    may not read it (:meth:`_casework_check_synthesis_change`, called by
    ``write``).
    """

    _inherit = "calendar.event"

    casework_synthesis = fields.Html(
        string="Synthesis",
        compute="_compute_casework_synthesis",
        inverse="_inverse_casework_synthesis",
        help="Synthesis of a held appointment (hidden outside its circle).",
    )
    casework_synthesis_body = fields.Html(string="Synthesis (stored)", copy=False, groups=fields.NO_ACCESS)
    casework_synthesis_circle_id = fields.Many2one(
        "casework.circle",
        string="Synthesis circle",
        ondelete="restrict",
        copy=False,
        help="Only the members of this circle and the collaborator read the synthesis. "
        "Empty or “Tous”: everyone who may read the dossier.",
    )
    casework_synthesis_allowed = fields.Boolean(
        string="May read the synthesis", compute="_compute_casework_synthesis"
    )

    @api.depends("casework_synthesis_body", "casework_synthesis_circle_id", "user_id")
    @api.depends_context("uid")
    def _compute_casework_synthesis(self):
        for event in self:
            allowed = event._casework_synthesis_allows()
            event.casework_synthesis_allowed = allowed
            event.casework_synthesis = event.sudo().casework_synthesis_body if allowed else False

    def _inverse_casework_synthesis(self):
        for event in self:
            if not event._casework_synthesis_allows():
                raise AccessError(self.env._(
                    "The synthesis of this appointment is restricted to the circle %(circle)s: only its members "
                    "and the collaborator may write it.",
                    # the circle's name only, not the synthesis
                    circle=event._origin.sudo().casework_synthesis_circle_id.name,
                ))
            event.sudo().casework_synthesis_body = event.casework_synthesis

    def _casework_synthesis_allows(self, user=None):
        """Whether ``user`` (default: the current user) may read the synthesis
        of ``self`` (one appointment): no circle or the circle "Tous", a
        member of the circle, or the collaborator (the dossier's scope applies
        on top, by record rules). Always true in superuser mode.

        Decided on the stored appointment (``_origin``): in an onchange,
        ``self`` is a draft holding the circle and the collaborator the client
        sent, which decide nothing. A draft of an appointment not stored yet
        has no synthesis to protect.

        :return: bool
        """
        self.ensure_one()
        if self.env.su:
            return True
        # the stored circle and collaborator decide: the check itself
        stored = self._origin.sudo()
        if not stored:
            return True
        user = user or self.env.user
        circle = stored.casework_synthesis_circle_id
        return not circle or circle.is_all or user in circle.user_ids or stored.user_id == user

    def _casework_check_synthesis_change(self, vals):
        """Before ``vals`` are written on ``self``: whoever changes the circle
        or the collaborator of an appointment whose synthesis is restricted
        must be allowed to read it (a member of the circle, or the
        collaborator); otherwise emptying the circle, choosing another one or
        becoming the collaborator would open it to them. Unchanged values
        pass. Nothing is checked in superuser mode.

        :param vals: the values of ``write``
        :raise AccessError: naming the circle
        """
        if self.env.su or not {"casework_synthesis_circle_id", "user_id"} & set(vals):
            return
        for event in self:
            # the stored circle and collaborator decide: the check itself
            stored = event.sudo()
            circle = stored.casework_synthesis_circle_id
            if not circle or circle.is_all:
                continue
            changed = (
                "casework_synthesis_circle_id" in vals and (vals["casework_synthesis_circle_id"] or False) != circle.id
            ) or ("user_id" in vals and (vals["user_id"] or False) != stored.user_id.id)
            if changed and not event._casework_synthesis_allows():
                raise AccessError(self.env._(
                    "The synthesis of this appointment is restricted to the circle %(circle)s: only its members "
                    "and the collaborator may change its circle or its collaborator.",
                    circle=circle.name,
                ))
