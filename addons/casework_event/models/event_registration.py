from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.casework_base.models.casework_case_mixin import SCOPE_MODES

# the attendee's identity Odoo copies on a registration
ATTENDEE_FIELDS = ("name", "email", "phone", "company_name")
# the Odoo state each Casework role of a registration stands for
PRESENCE_STATES = {"registered": "open", "present": "done", "absent": "open"}


class EventRegistration(models.Model):
    """A registration to an event, of a beneficiary or of anyone else.

    A registration of a beneficiary (``casework_beneficiary_id``) is the
    dossier's: its attendee is the dossier's person (``partner_id``), and
    Odoo's copies of the attendee's name, e-mail, phone and company follow
    the person's partner (they change with it and cannot be typed over).
    Registering a partner who is the person of a dossier links the
    registration to that dossier whoever registers them. A registration of
    someone else (an employer's contact, a professional) has no dossier and
    stays Odoo's.

    Access (global rules, ``security/casework_event_rules.xml``): a
    registration of a dossier follows the dossier's scope, read and write
    (``casework_scope``, the kernel's scope of the dossier); a registration
    whose partner is a person out of the user's scope, or under such a
    person, is hidden too (``casework_partner_visible``). Its messages,
    followers and activities follow it (it is a Casework document for the
    kernel), and so do its answers and scheduled mails. The event's seat
    counts count every registration.

    The Casework role of the attendee (``casework_presence``): registered
    (inscrit), present or absent (seed: "Inscrit / présent / absent"). It is
    Odoo's state where Odoo has one (registered = ``open``, present =
    ``done``, "Attended"); an absent attendee keeps their registration
    (``open``: the seat was taken). Odoo's buttons and the barcode desk
    change both.
    """

    _name = "event.registration"
    _inherit = ["event.registration", "casework.partner.visible.mixin"]
    # the anonymisation hunts and erases these copies (they then follow the anonymised partner)
    _casework_anonymise_fields = ATTENDEE_FIELDS

    casework_beneficiary_id = fields.Many2one(
        "casework.beneficiary",
        string="Dossier",
        index="btree_not_null",
        ondelete="cascade",
        tracking=True,
        domain="[('casework_scope', '=', 'write')]",
        help="The dossier of the beneficiary registered; empty for anyone else.",
    )
    # the kernel's name for a record's dossier (followers' cleanup, records attached to a dossier)
    beneficiary_id = fields.Many2one(related="casework_beneficiary_id", string="Beneficiary dossier")
    casework_territory_id = fields.Many2one(
        related="casework_beneficiary_id.territory_id", store=True, index="btree_not_null",
        string="Dossier territory",
    )
    casework_scope = fields.Selection(
        SCOPE_MODES,
        string="My access",
        compute="_compute_casework_scope",
        search="_search_casework_scope",
        help="The current user's access to the dossier of this registration (empty without a dossier).",
    )
    casework_presence = fields.Selection(
        [("registered", "Registered"), ("present", "Present"), ("absent", "Absent")],
        string="Role",
        default="registered",
        required=True,
        copy=False,
        tracking=True,
        help="Registered: expected at the event. Present: attended it. Absent: registered but did not come.",
    )
    # for statistics (grouped by type and month of the event)
    casework_event_type_id = fields.Many2one(
        related="event_id.event_type_id", store=True, string="Event type",
    )
    casework_event_date = fields.Datetime(related="event_id.date_begin", store=True, string="Event date")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends_context("uid")
    @api.depends("casework_beneficiary_id")
    def _compute_casework_scope(self):
        # sudo: the registrations' dossier ids only; the access computed is the current user's (sudo keeps the uid)
        dossier_of = {registration: registration.sudo().casework_beneficiary_id.id for registration in self}
        scopes = self.env["casework.beneficiary"]._casework_scopes_of([d for d in dossier_of.values() if d])
        for registration in self:
            registration.casework_scope = scopes.get(dossier_of[registration], False)

    def _search_casework_scope(self, operator, value):
        if operator != "in":
            return NotImplemented
        Dossier = self.env["casework.beneficiary"]
        return Dossier._casework_scope_domain(
            Dossier._casework_scope_mode(value), dossier="casework_beneficiary_id", territory="casework_territory_id",
        )

    @api.depends("partner_id", "casework_beneficiary_id", "partner_id.name")
    def _compute_name(self):
        followed = self._casework_followed()
        for registration in followed:
            registration.name = registration.partner_id.name or False
        return super(EventRegistration, self - followed)._compute_name()

    @api.depends("partner_id", "casework_beneficiary_id", "partner_id.email")
    def _compute_email(self):
        followed = self._casework_followed()
        for registration in followed:
            registration.email = registration.partner_id.email or False
        return super(EventRegistration, self - followed)._compute_email()

    @api.depends("partner_id", "casework_beneficiary_id", "partner_id.phone")
    def _compute_phone(self):
        followed = self._casework_followed()
        for registration in followed:
            registration.phone = registration.partner_id.phone or False
        return super(EventRegistration, self - followed)._compute_phone()

    @api.depends("partner_id", "casework_beneficiary_id", "partner_id.company_name")
    def _compute_company_name(self):
        followed = self._casework_followed()
        for registration in followed:
            registration.company_name = registration.partner_id.company_name or False
        return super(EventRegistration, self - followed)._compute_company_name()

    def _casework_followed(self):
        """The registrations of ``self`` whose attendee copies follow a dossier's person."""
        return self.filtered(lambda registration: registration.casework_beneficiary_id)

    # ------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------

    @api.constrains("partner_id", "casework_beneficiary_id", "event_id", "state")
    def _check_casework_attendee(self):
        # sudo: the dossier's person and its other registrations, compared only; nothing is shown
        for registration in self.sudo():
            dossier = registration.casework_beneficiary_id
            if not dossier:
                continue
            if registration.partner_id != dossier.partner_id:
                raise ValidationError(self.env._(
                    "The attendee of a registration of a dossier is the dossier's person: register the dossier "
                    "itself, or leave the dossier empty to register someone else."
                ))
            twins = self.sudo().search_count([
                ("id", "!=", registration.id),
                ("event_id", "=", registration.event_id.id),
                ("casework_beneficiary_id", "=", dossier.id),
                ("state", "!=", "cancel"),
            ])
            if twins and registration.state != "cancel":
                raise ValidationError(self.env._(
                    "This dossier is already registered to the event %(event)s.", event=registration.event_id.name,
                ))

    @api.constrains("casework_presence", "state", "event_id", "event_slot_id")
    def _check_casework_presence(self):
        now = fields.Datetime.now()
        for registration in self:
            if registration.casework_presence == "present" and registration.state != "done" or (
                registration.state == "done" and registration.casework_presence != "present"
            ):
                raise ValidationError(self.env._(
                    "An attendee is present exactly when the registration is marked as attended."
                ))
            begin = registration.event_begin_date
            if registration.casework_presence in ("present", "absent") and begin and begin > now:
                raise ValidationError(self.env._(
                    "The event %(event)s has not started yet: the attendee cannot be marked present or absent "
                    "before it begins.",
                    event=registration.event_id.name,
                ))

    @api.onchange("casework_beneficiary_id")
    def _onchange_casework_beneficiary_id(self):
        if self.casework_beneficiary_id:
            self.partner_id = self.casework_beneficiary_id.partner_id

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            self._casework_prepare_presence(vals)
            self._casework_prepare_dossier(vals)
            dossier_id = vals.get("casework_beneficiary_id") if "casework_beneficiary_id" in vals \
                else self.env.context.get("default_casework_beneficiary_id")
            if dossier_id and isinstance(dossier_id, int):
                vals.setdefault("partner_id", self._casework_person_of(dossier_id).id)
                if not self.env.su:
                    # the dossier's person decides the copies
                    for fname in ATTENDEE_FIELDS:
                        vals.pop(fname, None)
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._casework_prepare_presence(vals)
        self._casework_prepare_dossier(vals)
        if "casework_beneficiary_id" in vals and not self.env.su:
            # sudo: the registrations' current dossiers, compared with the value (write access is checked by the ORM)
            moved = self.sudo().filtered(
                lambda r: r.casework_beneficiary_id and r.casework_beneficiary_id.id != vals["casework_beneficiary_id"]
            )
            if moved:
                raise AccessError(self.env._(
                    "A registration of a dossier cannot be moved to another dossier nor detached from it: cancel "
                    "it and register the right person."
                ))
        if vals.get("casework_beneficiary_id"):
            vals.setdefault("partner_id", self._casework_person_of(vals["casework_beneficiary_id"]).id)
        if self.env.su or not set(vals) & set(ATTENDEE_FIELDS):
            return super().write(vals)
        # the copies of a dossier's registrations follow the dossier's person: the values given are for the others
        if vals.get("casework_beneficiary_id"):
            followed = self
        else:
            # sudo: which registrations belong to a dossier (write access is checked by the ORM)
            followed = self.browse(self.sudo()._casework_followed().ids)
        others = self - followed
        kept = {fname: value for fname, value in vals.items() if fname not in ATTENDEE_FIELDS}
        if others:
            super(EventRegistration, others).write(vals)
        if followed:
            if kept:
                super(EventRegistration, followed).write(kept)
            else:
                followed.check_access("write")
        return True

    @api.model
    def _casework_prepare_presence(self, vals):
        """Keep the Casework role and Odoo's state together in ``vals`` (changed in place)."""
        if vals.get("casework_presence") and "state" not in vals:
            vals["state"] = PRESENCE_STATES.get(vals["casework_presence"], "open")
        elif "state" in vals and "casework_presence" not in vals:
            if vals["state"] == "done":
                vals["casework_presence"] = "present"
            elif vals["state"] in ("open", "draft"):
                vals["casework_presence"] = "registered"

    @api.model
    def _casework_prepare_dossier(self, vals):
        """In ``vals`` (changed in place): the kernel's name of the dossier is
        this model's ``casework_beneficiary_id``; a partner who is the person of
        a dossier brings their dossier."""
        if "beneficiary_id" in vals:
            vals.setdefault("casework_beneficiary_id", vals.pop("beneficiary_id"))
        if vals.get("partner_id") and isinstance(vals["partner_id"], int) and not vals.get("casework_beneficiary_id"):
            dossier = self._casework_dossier_of(vals["partner_id"])
            if dossier:
                vals["casework_beneficiary_id"] = dossier.id

    @api.model
    def _casework_dossier_of(self, partner_id):
        """The dossier whose person is the partner ``partner_id`` (empty for anyone else).

        Read in superuser mode to protect the registration with the dossier's
        scope; the user's access to the partner is checked by the ORM."""
        # sudo: the id of the partner's dossier only, to link (and so protect) the registration
        Dossier = self.env["casework.beneficiary"].sudo().with_context(active_test=False)
        return Dossier.search([("partner_id", "=", partner_id)], limit=1)

    @api.model
    def _casework_person_of(self, dossier_id):
        """The person (partner) of the dossier ``dossier_id``; the user's
        access to the dossier is checked by the ORM when the value is saved."""
        # sudo: the dossier's partner id only, checked with the dossier by the ORM
        return self.env["casework.beneficiary"].sudo().with_context(active_test=False).browse(dossier_id).partner_id

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_casework_set_present(self):
        """Mark the attendees present (the registrations become "Attended").

        :raise ValidationError: for an event that has not started yet
        """
        self.write({"casework_presence": "present"})
        return True

    def action_casework_set_absent(self):
        """Mark the attendees absent: they stay registered (the seat was taken).

        :raise ValidationError: for an event that has not started yet
        """
        self.write({"casework_presence": "absent"})
        return True

    def action_casework_set_registered(self):
        """Back to registered (expected at the event), e.g. after a mistaken presence."""
        self.write({"casework_presence": "registered"})
        return True
