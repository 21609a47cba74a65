"""Amounts in words, in French, for the invoices (the legal mention of the
total in letters)."""

from num2words import num2words

# units named by the currency (ISO code): (singular, plural, subunit singular, subunit plural)
UNITS = {
    "EUR": ("euro", "euros", "centime", "centimes"),
    "CHF": ("franc suisse", "francs suisses", "centime", "centimes"),
    "USD": ("dollar", "dollars", "cent", "cents"),
    "GBP": ("livre sterling", "livres sterling", "penny", "pence"),
}


def _number(value):
    return num2words(value, lang="fr")


def _with_unit(value, singular, plural):
    words = _number(value)
    if value in (0, 1):
        return f"{words} {singular}"
    # "un million d'euros", "deux milliards d'euros", but "un million deux cents euros"
    if words.endswith(("million", "millions", "milliard", "milliards")):
        elided = "d'" if plural[:1] in "aeiouyéèh" else "de "
        return f"{words} {elided}{plural}"
    return f"{words} {plural}"


def amount_to_words_fr(amount, currency_code="EUR"):
    """The amount ``amount`` (float or Decimal, >= 0, rounded to the cent)
    in French words: 1280.80 -> "mille deux cent quatre-vingts euros et
    quatre-vingts centimes"; 1000000 -> "un million d'euros"; 0.05 -> "cinq
    centimes".

    :param currency_code: ISO code of the currency (euros by default; an
        unknown code is written after the number)
    :raise ValueError: for a negative amount
    """
    cents_total = int(round(float(amount) * 100))
    if cents_total < 0:
        raise ValueError("an amount in words cannot be negative")
    units, cents = divmod(cents_total, 100)
    singular, plural, sub_singular, sub_plural = UNITS.get(
        currency_code, (currency_code, currency_code, "centième", "centièmes"),
    )
    if not cents:
        return _with_unit(units, singular, plural)
    cents_words = _with_unit(cents, sub_singular, sub_plural)
    if not units:
        return cents_words
    return f"{_with_unit(units, singular, plural)} et {cents_words}"
