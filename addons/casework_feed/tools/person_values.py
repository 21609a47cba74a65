"""The one preparation of a person's values, shared by both ways the feed
creates dossiers: a file run's bulk path (``COPY``, ``tools/bulk_copy.py``)
and an API push's ORM path (``casework.beneficiary.create``). Both call
these functions before they write, so that a line refused by one is refused
by the other with the same reason, and a line accepted by one is stored
alike by the other.

Pure Python (the run's reader thread calls it for every new person): no
ORM, no cursor, no translation. Callers turn :class:`InvalidValue` into
their own translated reject.
"""

import re

from odoo.tools import email_normalize

from odoo.addons.casework_base.tools import phone

__all__ = ["MAX_AGE", "InvalidValue", "birth_date_possible", "check_birth_date", "creation_values",
           "email_normalized", "phone_e164"]

# the bounds of the dossier form's constraint (casework_base,
# ``casework.beneficiary._check_birth_date``): not in the future, not born
# before the year ``today.year - MAX_AGE``. A test of the feed asserts that
# the form agrees with :func:`birth_date_possible` on both sides of each bound.
MAX_AGE = 120
# a plain address: normalised by lowering it, without the cost of the full parser
EMAIL_RE = re.compile(r"[^@\s<>,;\"()]+@[^@\s<>,;\"()]+")


class InvalidValue(ValueError):
    """A value of the person that no dossier may hold: ``field`` is
    ``"birth_date"`` or ``"phone"``, ``value`` the value refused."""

    def __init__(self, field, value):
        super().__init__(field, value)
        self.field = field
        self.value = value


def birth_date_possible(birth_date, today):
    """Whether a dossier may hold ``birth_date`` on ``today`` (the dossier
    form's bounds, see :data:`MAX_AGE`)."""
    return not (birth_date > today or birth_date.year < today.year - MAX_AGE)


def check_birth_date(birth_date, today):
    """:raise InvalidValue: when ``birth_date`` is not possible on ``today``"""
    if birth_date and not birth_date_possible(birth_date, today):
        raise InvalidValue("birth_date", birth_date)
    return birth_date


def phone_e164(number):
    """``number`` in E.164 by the one phone rule of Casework
    (``casework_base/tools/phone.py``), False when empty.

    :raise InvalidValue: when it is not a phone number Casework can store
    """
    if not number:
        return False
    try:
        return phone.to_e164(number)
    except phone.InvalidPhone:
        raise InvalidValue("phone", number) from None


def email_normalized(email):
    """``email_normalized`` of a partner (as its compute), without the cost
    of the full parser for plain addresses."""
    if not email:
        return False
    if EMAIL_RE.fullmatch(email):
        return email.lower()
    return email_normalize(email)


def creation_values(person, compose_name, search_name):
    """What the dossier of ``person`` (a person interpreted from a line)
    needs from the line alone when it is created, for both paths: its phone
    checked and put in E.164 (in ``person["contact"]``, shared by the two
    persons of a couple), and the values of the stored computed fields the
    bulk path writes itself (name, normalised name for the duplicate search,
    normalised e-mail). Its birth date was checked when the line was read
    (:func:`check_birth_date`, for known persons too: the feed updates
    their identity).

    :param compose_name: ``casework.beneficiary._compose_name`` (the
        dossier's name from first and usage names; pure)
    :param search_name: ``casework_identity``'s ``name_matching.search_name``
    :raise InvalidValue: the first value refused
    """
    contact = person["contact"]
    if contact.get("phone") and not contact.get("phone_checked"):
        contact["phone"] = phone_e164(contact["phone"])
        contact["phone_checked"] = True
    return {
        "name": compose_name(person.get("first_name"), person.get("usage_name")),
        "search_name": search_name(person.get("first_name"), person.get("usage_name"), person.get("birth_name")),
        "email_normalized": email_normalized(contact.get("email")),
    }
