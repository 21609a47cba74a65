from datetime import date
from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.casework_appointment.tests.test_sms_reminder import SmsReminderCommon
from odoo.addons.casework_base.tests.common import PASSWORD

# the week the invitations of the tests offer by default
MONDAY, FRIDAY = date(2026, 11, 23), date(2026, 11, 27)


class BookingCommon(SmsReminderCommon):
    """The appointments' fixtures (dossiers, users per role, a location, a fake
    Twilio at the HTTP boundary), working hours in Paris (Monday to Friday,
    9:00-12:00 and 14:00-17:00) for the company, and an invitation factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hours = cls._working_hours("Horaires du conseil départemental")
        cls.env.company.resource_calendar_id = cls.hours
        cls.Invitation = cls.env["casework.booking.invitation"]
        cls.env["ir.config_parameter"].sudo().set_param("casework_booking.min_notice_hours", 2)

    @classmethod
    def _load_french(cls):
        """French active, with this addon's translations (the public pages' language)."""
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["casework_booking"], ["fr_FR"], overwrite=True)

    @classmethod
    def _working_hours(cls, name, periods=((9, 12), (14, 17)), days="01234"):
        return cls.env["resource.calendar"].create({
            "name": name,
            "tz": "Europe/Paris",
            "attendance_ids": [
                Command.create({
                    "name": f"{day} {start}", "dayofweek": day, "hour_from": start, "hour_to": stop,
                    "day_period": "morning" if start < 12 else "afternoon",
                })
                for day in days for start, stop in periods
            ],
        })

    def _invite(self, dossier=None, user=None, date_from=MONDAY, date_to=FRIDAY, send=True, **vals):
        """An invitation of ``dossier`` (default the north one) sent by ``user``
        (default its référent); returns (invitation, token)."""
        user = user or self.referent
        invitation = self.Invitation.with_user(user).create({
            "beneficiary_id": (dossier or self.dossier_north).id,
            "appointment_type_id": self.individual.id,
            "theme_id": self.theme_cer.id,
            "duration": 1.0,
            "counsellor_ids": [Command.set(user.ids)],
            "location_id": self.location.id,
            "date_from": date_from,
            "date_to": date_to,
            **vals,
        })
        token = invitation.sudo()._casework_new_token() if send else None
        return invitation, token


class SosCommon(BookingCommon):
    """A structure of the North territory offering public booking
    (``espace-numerique``), two mediators (the référent and a colleague),
    two help topics and an orientation kit resource."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mediator = cls.referent
        cls.mediator_two = new_test_user(
            cls.env, login="cw_mediator_two", groups="base.group_user,casework_base.group_casework_referent",
            password=PASSWORD, name="Karim Médiateur",
        )
        cls.online = cls.env["casework.booking.topic"].create({"name": "Démarches en ligne", "sequence": 1})
        cls.caf = cls.env["casework.booking.topic"].create({"name": "CAF", "sequence": 2})
        address = cls.env["res.partner"].create({
            "name": "Espace numérique de Privas", "is_company": True, "street": "3 place de la Mairie",
            "zip": "07000", "city": "Privas", "phone": "04 75 00 00 00",
        })
        cls.structure = cls.env["casework.structure"].create({
            "name": "Espace numérique de Privas", "territory_id": cls.north.id, "partner_id": address.id,
            "casework_sos_public": True, "casework_sos_slug": "espace-numerique",
            "casework_sos_mediator_ids": [Command.set((cls.mediator | cls.mediator_two).ids)],
        })
        cls.kit = cls.env["casework.orientation.resource"].create({
            "name": "Point numérique CAF", "structure_id": cls.structure.id, "topic_id": cls.caf.id,
            "address": "1 rue de la Gare, Privas", "opening_hours": "Lundi-vendredi 9h-12h",
            "phone": "04 75 11 22 33", "website": "www.caf.fr",
        })
        cls.Request = cls.env["casework.contact.request"]
        cls.env["casework.booking.attempt"].sudo().search([]).unlink()

    def _slot(self, index=0):
        return self.structure._casework_sos_free_slots()[index]

    def _ask(self, slot=None, first_name="Zoé", phone="06 11 22 33 44", email="", topic=None, code="123456"):
        """A pending request for ``slot`` (default the first free) and its code (known: ``code``)."""
        slot = slot or self._slot()
        vals = self.Request._casework_sos_prepare(
            self.structure, (topic or self.online).id, (slot[0], slot[2].id), first_name, phone, email,
        )
        with patch.object(type(self.Request), "_casework_new_code", return_value=code):
            request, token = self.Request._casework_sos_create(vals, "fr_FR")
        return request, token

    def _book(self, **kwargs):
        request, _token = self._ask(**kwargs)
        self.assertIsNone(request._casework_check_code("123456"))
        request._casework_confirm()
        return request
