import pytz

from odoo import models

from odoo.addons.casework_base.tools import letters
from odoo.addons.casework_base.tools.dates import casework_tz


class CalendarEvent(models.Model):
    """The convocation letter of an appointment with a dossier (courrier de
    convocation): "with the organisation's logo" or without (for a provider
    printing on its own paper), both with the letterhead, the place and
    date of writing and "Page x / y" (the kernel's letter layout)."""

    _inherit = "calendar.event"

    def _casework_convocation_values(self):
        """What the convocation of this appointment prints, in French, the
        words agreed with the person's civility ("convoquée" for Madame,
        "convoqué" for Monsieur, "convoqué·e" when unknown), the slot in
        the Casework time zone.

        :return: dict with the keys ``dossier`` (casework.beneficiary),
            ``salutation`` ("Madame"), ``convoked`` ("convoquée"),
            ``date`` ("lundi 30 novembre 2026"), ``time`` ("10 h 00"),
            ``kind`` (type – theme), ``place``, ``collaborator`` (str)
        """
        self.ensure_one()
        dossier = self.casework_beneficiary_id
        civility = dossier.civility
        start = pytz.utc.localize(self.start).astimezone(casework_tz(self.env)) if self.start else None
        kind = " – ".join(name for name in (self.casework_appointment_type_id.name, self.casework_theme_id.name)
                          if name)
        return {
            "dossier": dossier,
            "salutation": letters.civility_title(civility),
            "convoked": letters.agreed(civility, "convoqué"),
            "date": letters.french_date(start, weekday=True),
            "time": letters.french_time(start),
            "kind": kind,
            "place": self.casework_location_id.display_name or self.location or "à préciser",
            "collaborator": self.user_id.name or "",
        }

    def _casework_letter_footer(self, report):
        """The footer of the convocation: the company, the dossier's number."""
        self.ensure_one()
        number = self.casework_beneficiary_id.number
        return self.env.company.name or "", f"Convocation – dossier n° {number}" if number else ""
