from datetime import date

from odoo.fields import Command

from odoo.addons.casework_appointment.tests.test_sms_reminder import SmsReminderCommon

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
