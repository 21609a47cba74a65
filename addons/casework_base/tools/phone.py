"""The one phone rule of Casework: the dossier form, the daily feed (file
runs and API pushes) and the API store a phone number in E.164.

Pure Python (the feed's reader thread calls it for every new person): no
ORM, no translation. Callers turn :class:`InvalidPhone` into their own
translated error.

The rule:

* a French number written nationally, ``0X XX XX XX XX`` (spaces, dots,
  hyphens allowed), valid when phonenumbers' metadata of its region says
  so: metropolitan (``06 98 76 54 32`` → ``+33698765432``), or overseas
  by its first four digits (ARCEP's numbering plan): Réunion and Mayotte (``0262``,
  ``0269``, ``0692``, ``0693``, ``0639`` → ``+262…``), Guadeloupe,
  Saint-Barthélemy and Saint-Martin (``0590``, ``0690``, ``0691`` →
  ``+590…``), Martinique (``0596``, ``0696``, ``0697`` → ``+596…``),
  Guyane (``0594``, ``0694`` → ``+594…``), Saint-Pierre-et-Miquelon
  (``05 08 41 23 45`` → ``+508412345``);
* ``+33``/``0033`` followed by the nine digits is read as the national
  number ``0`` + the nine digits (``+33 6 92 12 34 56``, a Réunion mobile
  written with the metropolitan code, → ``+262692123456``);
* any other writing is read by phonenumbers' parser (France by default):
  an international number valid for it is kept (``+44 20 7946 0958``);
* everything else is refused (``+33 1``, ``12``, ``06 12``, letters).
"""

import functools
import re

import phonenumbers

__all__ = ["InvalidPhone", "mobile_e164", "to_e164", "to_national"]

# separators people write between the digits (including no-break spaces)
SEPARATORS_RE = re.compile(r"[\s.\-/\u00a0\u202f]+")
NATIONAL_RE = re.compile(r"0[1-9][0-9]{8}")
# +33 6 12 34 56 78, 0033 6…, +33 (0)6… once the separators are removed
FRENCH_INTERNATIONAL_RE = re.compile(r"(?:\+|00)33(?:\(0\))?([1-9][0-9]{8})")
# the overseas numbers written "0" + nine digits in France (ARCEP's plan):
# their first four digits give their country code; the others are
# metropolitan (country code 33)
OVERSEAS_PREFIXES = {
    "0262": 262, "0263": 262, "0269": 262, "0639": 262, "0692": 262, "0693": 262,  # Réunion, Mayotte
    "0590": 590, "0690": 590, "0691": 590,  # Guadeloupe, Saint-Barthélemy, Saint-Martin
    "0594": 594, "0694": 594,  # Guyane
    "0596": 596, "0696": 596, "0697": 596,  # Martinique
}
# Saint-Pierre-et-Miquelon: six-digit numbers, written 05 08 XX XX XX in France
SPM_PREFIX = "0508"
# the stored numbers written nationally in France (the web client's phone
# widget, casework_base/static/src/phone/phone_field.js, reads them the same way)
FRENCH_E164_RE = re.compile(r"\+(33|262|590|594|596)([1-9][0-9]{8})")
SPM_E164_RE = re.compile(r"\+508([0-9]{6})")


class InvalidPhone(ValueError):
    """``number`` is not a phone number Casework can store."""

    def __init__(self, number):
        super().__init__(number)
        self.number = number


@functools.cache
def _region_patterns(region, length):
    """(country code, general pattern, pattern of any number type) of
    phonenumbers' metadata of ``region`` for national numbers of ``length``
    digits: a number is valid there (its type is not UNKNOWN) when it
    matches both, as ``phonenumbers.is_valid_number`` decides it, type by
    type, with one compiled regular expression per type."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)

    def applies(desc):
        return (desc is not None and desc.national_number_pattern
                and (not desc.possible_length or length in desc.possible_length))

    descs = [metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
             metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail, metadata.fixed_line]
    if not metadata.same_mobile_and_fixed_line_pattern:
        descs.append(metadata.mobile)
    general = metadata.general_desc
    general_pattern = re.compile(general.national_number_pattern if applies(general) else r"(?!)")
    types = [desc.national_number_pattern for desc in descs if applies(desc)]
    any_type = re.compile("|".join(f"(?:{pattern})" for pattern in types) if types else r"(?!)")
    return metadata.country_code, general_pattern, any_type


def _is_valid_in(country_code, digits):
    """Whether ``digits`` (a national number) is valid for one of the
    regions of ``country_code``."""
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code, ()):
        _code, general, any_type = _region_patterns(region, len(digits))
        if general.fullmatch(digits) and any_type.fullmatch(digits):
            return True
    return False


def _national_e164(national):
    """E.164 of a number written "0" + nine digits in France, or None."""
    if national.startswith(SPM_PREFIX):
        country_code, digits = 508, national[len(SPM_PREFIX):]
    else:
        country_code, digits = OVERSEAS_PREFIXES.get(national[:4], 33), national[1:]
    return f"+{country_code}{digits}" if _is_valid_in(country_code, digits) else None


def to_e164(number):
    """``number`` (str) in E.164 (``"+33698765432"``), by the rule of this
    module's docstring.

    :raise InvalidPhone: when it is empty or not a valid phone number
    """
    compact = SEPARATORS_RE.sub("", number or "")
    if NATIONAL_RE.fullmatch(compact):
        e164 = _national_e164(compact)
    elif match := FRENCH_INTERNATIONAL_RE.fullmatch(compact):
        e164 = _national_e164("0" + match[1])
    else:
        # other writings (parentheses, an extension...): phonenumbers' parser
        try:
            parsed = phonenumbers.parse(number, "FR")
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None:
            e164 = None
        elif phonenumbers.is_valid_number(parsed):
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        elif parsed.country_code == 33 and len(str(parsed.national_number)) == 9:
            e164 = _national_e164(f"0{parsed.national_number}")
        else:
            e164 = None
    if not e164:
        raise InvalidPhone(number)
    return e164


def mobile_e164(number):
    """``number`` (str, any writing) in E.164 when it is a valid mobile
    number (what an SMS can reach), else ``None``: the one rule of the SMS
    Casework sends (appointment reminders, invitations to book, signature
    codes)."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return None
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in mobile:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def to_national(number):
    """``number`` (str, as stored: E.164) as people write it in France,
    in pairs of digits: ``"+33621817648"`` → ``"06 21 81 76 48"``, an
    overseas number with "0" + its nine digits (``"+262692123456"`` →
    ``"06 92 12 34 56"``), Saint-Pierre-et-Miquelon's six digits after
    ``"05 08"``. Any other value is returned as it is (``""`` for none):
    the server-side twin of the web client's phone widget."""
    if not number:
        return ""
    if match := FRENCH_E164_RE.fullmatch(number):
        national = "0" + match[2]
    elif match := SPM_E164_RE.fullmatch(number):
        national = SPM_PREFIX + match[1]
    else:
        return number
    return " ".join(national[index:index + 2] for index in range(0, len(national), 2))
