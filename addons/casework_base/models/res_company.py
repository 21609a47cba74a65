from odoo import fields, models

from ..tools import letters, phone
from ..tools.dates import casework_today


class ResCompany(models.Model):
    _inherit = "res.company"

    casework_appointment_invitation = fields.Boolean(
        string="E-mail invitations of appointments",
        help="E-mail Odoo's calendar invitations (and changes of date, e-mail alarms, cancellations) of the "
        "appointments with a dossier to their attendees: the person and the colleagues who may read the dossier. "
        "Off by default: the convocation letter and the SMS reminder are the channels.",
    )

    def _casework_letterhead(self, user=None):
        """The letterhead of a letter the company sends, written by ``user``
        (a res.users, optional): the company's name, ``user``'s structure and
        its address when it has one (else the company's), in the address's
        country order, the phone as written in France, and the place and
        date of writing (the city of that address, today in the Casework
        time zone): ``"Annonay, le 30 novembre 2026"``.

        :return: dict with the keys ``name``, ``service``, ``address_lines``
            (list of str), ``phone``, ``email``, ``city``, ``place_date`` (str)
        """
        self.ensure_one()
        structure = user.casework_structure_id if user else self.env["casework.structure"]
        address = structure.partner_id if structure.partner_id.city else self.partner_id
        city = address.city or ""
        return {
            "name": self.name or "",
            "service": structure.name or "",
            "address_lines": address._casework_address_lines(),
            "phone": phone.to_national(address.phone or self.phone),
            "email": address.email or self.email or "",
            "city": city,
            "place_date": letters.place_and_date(city, casework_today(self.env)),
        }
