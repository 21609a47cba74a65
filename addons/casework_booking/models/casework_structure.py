import re
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.casework_base.tools.dates import casework_today, casework_tz

from .res_users import DEFAULT_SLOT_STEP

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_SOS_DAYS = 14
DEFAULT_SOS_DURATION = 1.0


class CaseworkStructure(models.Model):
    """A structure's public booking of a digital mediator ("SOS numérique").

    When ``casework_sos_public`` is on, the page ``/sos/<slug or id>``
    offers its help topics and the free slots of its mediators (users with
    working hours, see :meth:`res.users._casework_booking_free_slots`) over
    the next ``casework_booking.sos_days`` days; ``/sos/<slug or id>/kit``
    lists its orientation kit. Configured by the Casework administrators.
    """

    _inherit = "casework.structure"

    casework_sos_public = fields.Boolean(
        string="Public booking (SOS numérique)",
        help="Inhabitants book a meeting with one of the mediators from the structure's public page.",
    )
    casework_sos_slug = fields.Char(
        string="Address of the public page", copy=False,
        help="Lower-case letters, digits and hyphens: the page is /sos/<this> (else /sos/<id>).",
    )
    casework_sos_mediator_ids = fields.Many2many(
        "res.users", "casework_structure_sos_mediator_rel", "structure_id", "user_id", string="Mediators",
        domain=[("share", "=", False)],
        help="Users whose free slots (working hours, leaves, other appointments) are offered on the public page. "
        "They read the contact requests booked with them.",
    )
    casework_sos_topic_ids = fields.Many2many(
        "casework.booking.topic", "casework_booking_topic_structure_rel", "structure_id", "topic_id",
        string="Help topics",
    )
    casework_sos_resource_ids = fields.One2many(
        "casework.orientation.resource", "structure_id", string="Orientation kit",
    )
    casework_sos_intro = fields.Text(
        string="Introduction", translate=True,
        help="A few words shown at the top of the public page (where, for whom).",
    )

    _casework_sos_slug_unique = models.Constraint(
        "UNIQUE(casework_sos_slug)", "Two structures cannot have the same public page address.",
    )

    @api.constrains("casework_sos_slug")
    def _check_casework_sos_slug(self):
        for structure in self:
            if structure.casework_sos_slug and not SLUG_RE.match(structure.casework_sos_slug):
                raise ValidationError(self.env._(
                    "The address of the public page takes lower-case letters, digits and hyphens only."
                ))

    # ------------------------------------------------------------------
    # The public page (called in superuser mode by controllers/sos.py)
    # ------------------------------------------------------------------

    @api.model
    def _casework_sos_find(self, key):
        """The structure offering public booking whose slug or id is ``key``.

        :return: ``casework.structure`` in superuser mode (configuration,
            for the anonymous page), or empty
        """
        if not key or len(key) > 64:
            return self.browse()
        # the structures' public settings: read for the anonymous page
        Structure = self.sudo()
        domain = [("casework_sos_public", "=", True)]
        if key.isdigit():
            domain.append(("id", "=", int(key)))
        else:
            domain.append(("casework_sos_slug", "=", key))
        return Structure.search(domain, limit=1)

    def _casework_sos_key(self):
        self.ensure_one()
        return self.casework_sos_slug or str(self.id)

    def _casework_sos_place(self):
        """The structure's address on one line ("3 place de la Mairie, 07000 Privas"), or ""."""
        self.ensure_one()
        # the structure's public address (configuration)
        address = self.sudo().partner_id
        if not address:
            return ""
        town = " ".join(filter(None, (address.zip, address.city)))
        return ", ".join(part for part in (address.street, address.street2, town) if part)

    def _casework_sos_topics(self):
        """The active help topics offered by ``self`` (one structure): its
        own, else those naming no structure."""
        self.ensure_one()
        Topic = self.env["casework.booking.topic"].sudo()
        return Topic.search(["|", ("structure_ids", "in", self.ids), ("structure_ids", "=", False)])

    def _casework_sos_duration(self):
        """The length of a meeting, in hours (``casework_booking.sos_duration``)."""
        value = self.env["ir.config_parameter"].sudo().get_param("casework_booking.sos_duration")
        try:
            duration = float(value) if value else DEFAULT_SOS_DURATION
        except ValueError:
            duration = DEFAULT_SOS_DURATION
        return duration if duration > 0 else DEFAULT_SOS_DURATION

    def _casework_sos_window(self):
        """Naive UTC bounds of the slots offered: from now plus the minimum
        notice (``casework_booking.min_notice_hours``) to the end of the
        ``casework_booking.sos_days``-th day (Casework time zone)."""
        params = self.env["ir.config_parameter"].sudo()
        days = int(params.get_param("casework_booking.sos_days", DEFAULT_SOS_DAYS) or DEFAULT_SOS_DAYS)
        notice = float(params.get_param("casework_booking.min_notice_hours", 2) or 0)
        tz = casework_tz(self.env)
        last = casework_today(self.env) + timedelta(days=days + 1)
        stop = tz.localize(datetime.combine(last, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        return fields.Datetime.now() + timedelta(hours=notice), stop

    def _casework_sos_free_slots(self):
        """The free slots of ``self``'s mediators (one structure): one per
        start time, with the first free mediator.

        :return: list of (start, stop, user), naive UTC
        """
        self.ensure_one()
        start, stop = self._casework_sos_window()
        mediators = self.casework_sos_mediator_ids.filtered("active")
        step = int(self.env["ir.config_parameter"].sudo().get_param("casework_booking.slot_step", DEFAULT_SLOT_STEP))
        slots = mediators._casework_booking_free_slots(start, stop, self._casework_sos_duration(), step=step)
        seen, result = set(), []
        for slot in slots:
            if slot[0] not in seen:
                seen.add(slot[0])
                result.append(slot)
        return result
