"""What Casework's letters print as a French letter does, whatever the
reader's language (letters of a French organisation to a person in France):
dates in words, the place and date of writing, words agreed with the
person's civility.

Pure Python: no ORM, no translation.
"""

__all__ = ["agreed", "civility_title", "french_date", "french_time", "place_and_date"]

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
# civility of a dossier (casework.beneficiary.civility) -> title of the person
TITLES = {"mme": "Madame", "m": "Monsieur"}


def french_date(day, weekday=False):
    """``day`` (a date or datetime) in French words: ``"30 novembre
    2026"``, the first of a month as ``"1er décembre 2026"``, with
    ``weekday`` ``"lundi 30 novembre 2026"``; ``""`` for none."""
    if not day:
        return ""
    ordinal = "1er" if day.day == 1 else str(day.day)
    words = f"{ordinal} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {words}" if weekday else words


def french_time(moment):
    """The time of ``moment`` (a datetime, already in the reader's time
    zone) as French letters write it: ``"10 h 00"``."""
    return f"{moment.hour} h {moment.minute:02d}" if moment else ""


def place_and_date(city, day):
    """The place and date of writing of a letter: ``"Annonay, le 30
    novembre 2026"``, or ``"Le 30 novembre 2026"`` without a city."""
    if not city:
        return f"Le {french_date(day)}"
    return f"{city.strip()}, le {french_date(day)}"


def civility_title(civility):
    """"Madame" for ``"mme"``, "Monsieur" for ``"m"``, "Madame, Monsieur"
    when the civility is unknown (the salutation of a letter)."""
    return TITLES.get(civility, "Madame, Monsieur")


def agreed(civility, masculine, feminine=None, inclusive=None):
    """The word agreed with the person's civility: ``masculine`` for
    ``"m"``, ``feminine`` (``masculine`` + "e" by default) for ``"mme"``,
    ``inclusive`` (``masculine`` + "·e" by default) when unknown:
    ``agreed("mme", "convoqué")`` → ``"convoquée"``."""
    if civility == "m":
        return masculine
    if civility == "mme":
        return feminine or f"{masculine}e"
    return inclusive or f"{masculine}·e"
