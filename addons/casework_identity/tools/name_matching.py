"""Pure-Python comparison of two identities, used to score the duplicate
candidates that PostgreSQL retrieved (see ``casework.beneficiary``,
``_casework_find_duplicates``).

``normalize`` gives the words of a name without accents, in lower case,
every non alphanumeric run as one space; ``search_name`` (stored on the
dossier, compared with trigrams) is computed with it, by the ORM and by bulk
loads alike (the feed, the benchmark): no SQL function does it.
"""

import functools
import re
import unicodedata
from datetime import date

LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}

# reasons: code -> English label (translated by the caller)
SAME_IDENTIFIER = "same_identifier"
SAME_BIRTH_DATE = "same_birth_date"
SWAPPED_BIRTH_DATE = "swapped_birth_date"
SAME_NAME = "same_name"
BIRTH_USAGE = "birth_usage"
SWAPPED_NAMES = "swapped_names"
COMPOUND = "compound"
TYPO = "typo"
CLOSE_BIRTH_DATE = "close_birth_date"
OTHER_BIRTH_DATE = "other_birth_date"
NO_BIRTH_DATE = "no_birth_date"

# scores: what a name match is worth, the birth date's share
BIRTH_SAME, BIRTH_SWAPPED, BIRTH_CLOSE = 35, 25, 20
NAME_SHARE = 65
OTHER_BIRTH_SHARE = 50
LIKELY = 60  # from this score on, a candidate is a likely duplicate
# while the birth date is not typed yet: the name alone, a lower score
NAME_ONLY_SHARE = 55
NAME_ONLY_LIKELY = 45  # the same names, or one typo, swapped names, a part of a compound name


NOT_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def normalize(text):
    """Lower case, no accents, words separated by one space (names repeat:
    the feed normalises thousands of them, hence the cache)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.lower())
    if not text.isascii():
        text = "".join(LIGATURES.get(char, char) for char in text if not unicodedata.combining(char))
    return NOT_WORD.sub(" ", text).strip()


def search_name(first_name, usage_name, birth_name):
    """The normalised words of the three names, each once, in that order."""
    words = []
    for part in (first_name, usage_name, birth_name):
        for word in normalize(part).split():
            if word not in words:
                words.append(word)
    return " ".join(words)


def swapped_date(day):
    """The date with day and month swapped, or None when impossible or equal."""
    if not day or day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def close_dates(a, b):
    """One digit typed wrong, or two neighbouring digits swapped
    (12/03/1985 and 12/03/1986, 21/03/1985 and 12/03/1985 are close)."""
    if not a or not b or a == b:
        return False
    text_a, text_b = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    diff = [index for index in range(8) if text_a[index] != text_b[index]]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2 and diff[1] == diff[0] + 1
        and text_a[diff[0]] == text_b[diff[1]] and text_a[diff[1]] == text_b[diff[0]]
    )


def close_dates_of(day, first_year=1900, last_year=2100):
    """Every valid date ``close_dates`` of ``day`` (about forty): the duplicate
    check looks these up in the birth date index."""
    if not day:
        return []
    text = day.strftime("%Y%m%d")
    variants = set()
    for index in range(8):
        for digit in "0123456789":
            if digit != text[index]:
                variants.add(text[:index] + digit + text[index + 1:])
        if index < 7 and text[index] != text[index + 1]:
            variants.add(text[:index] + text[index + 1] + text[index] + text[index + 2:])
    result = []
    for value in variants:
        year, month, day_of_month = int(value[:4]), int(value[4:6]), int(value[6:])
        if not first_year <= year <= last_year:
            continue
        try:
            result.append(date(year, month, day_of_month))
        except ValueError:
            continue
    return sorted(result)


def edit_distance(a, b, cap=3):
    """Damerau-Levenshtein distance (optimal string alignment), capped."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) >= cap:
        return cap
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], cap)


def compare_words(a, b):
    """How close two normalised names are: (score 0..1, reason or None).

    Equal without spaces ("jean pierre" = "jean-pierre" = "jeanpierre") is
    1; one name a part of the other ("martin" in "martin dupont") 0.85; one
    or two letters typed wrong 0.85 / 0.7 (two only from six letters, none
    under four letters, where a letter makes another name: Léa / Léo).
    """
    if not a or not b:
        return 0.0, None
    if a.replace(" ", "") == b.replace(" ", ""):
        return 1.0, None
    words_a, words_b = set(a.split()), set(b.split())
    if words_a <= words_b or words_b <= words_a:
        return 0.85, COMPOUND
    shortest = min(len(a), len(b))
    distance = edit_distance(a.replace(" ", ""), b.replace(" ", ""))
    if distance == 1 and shortest >= 4:
        return 0.85, TYPO
    if distance == 2 and shortest >= 6:
        return 0.7, TYPO
    # a typo in one word of a compound name
    if len(words_a) > 1 or len(words_b) > 1:
        best = 0.0
        for word_a in words_a:
            for word_b in words_b:
                if len(word_a) >= 4 and edit_distance(word_a, word_b) == 1:
                    best = 0.75
        if best:
            return best, TYPO
    return 0.0, None


def _name_match(first_a, lasts_a, first_b, lasts_b):
    """Best (score, reasons) comparing a first name and last names (usage,
    birth) of two identities; both the first and the last name must match."""
    first_score, first_reason = compare_words(first_a, first_b)
    if first_score < 0.7:
        return 0.0, []
    best = (0.0, [])
    for index_a, last_a in enumerate(lasts_a):
        for index_b, last_b in enumerate(lasts_b):
            last_score, last_reason = compare_words(last_a, last_b)
            if last_score < 0.7:
                continue
            score = (first_score + last_score) / 2
            reasons = [reason for reason in (first_reason, last_reason) if reason]
            if index_a != index_b:  # usage name of one = birth name of the other
                score -= 0.02
                reasons.append(BIRTH_USAGE)
            elif not reasons:
                reasons.append(SAME_NAME)
            if score > best[0]:
                best = (score, list(dict.fromkeys(reasons)))
    return best


def score_pair(a, b):
    """Score (0..100) and reasons that identities ``a`` and ``b`` are the same
    person. Each is a dict with civility, first_name, usage_name, birth_name,
    birth_date (date), identifiers (set of (type code, normalised value)
    whose equality is certain). When a birth date is missing (a new dossier
    whose birth date is not typed yet), the name alone gives at most
    ``NAME_ONLY_SHARE``."""
    if a.get("identifiers") and b.get("identifiers") and set(a["identifiers"]) & set(b["identifiers"]):
        return 100, [SAME_IDENTIFIER]
    first_a, first_b = normalize(a.get("first_name")), normalize(b.get("first_name"))
    if a.get("civility") and b.get("civility") and a["civility"] != b["civility"] and first_a != first_b:
        # Julie / Julien, Louis / Louise: a letter makes another person
        return 0, []
    lasts_a = [normalize(a.get("usage_name")), normalize(a.get("birth_name"))]
    lasts_b = [normalize(b.get("usage_name")), normalize(b.get("birth_name"))]
    lasts_a = [name for name in lasts_a if name] or [""]
    lasts_b = [name for name in lasts_b if name] or [""]
    straight = _name_match(first_a, lasts_a, first_b, lasts_b)
    # first and last name swapped: compare each side's first name with the other's names
    swapped = _name_match(lasts_a[0], [first_a], first_b, lasts_b)
    swapped = max(swapped, _name_match(first_a, lasts_a, lasts_b[0], [first_b]), key=lambda item: item[0])
    name_score, reasons = straight
    if swapped[0] > name_score:
        name_score = swapped[0] - 0.05
        reasons = [SWAPPED_NAMES] + [reason for reason in swapped[1] if reason != SAME_NAME]
    if not name_score:
        return 0, []
    day_a, day_b = a.get("birth_date"), b.get("birth_date")
    if not day_a or not day_b:
        score = NAME_ONLY_SHARE * name_score
        reasons = reasons + [NO_BIRTH_DATE]
    elif day_a == day_b:
        score = BIRTH_SAME + NAME_SHARE * name_score
        reasons = [SAME_BIRTH_DATE] + reasons
    elif swapped_date(day_a) == day_b:
        score = BIRTH_SWAPPED + NAME_SHARE * name_score
        reasons = [SWAPPED_BIRTH_DATE] + reasons
    elif close_dates(day_a, day_b):
        score = BIRTH_CLOSE + NAME_SHARE * name_score
        reasons = [CLOSE_BIRTH_DATE] + reasons
    else:
        score = OTHER_BIRTH_SHARE * name_score
        reasons = reasons + [OTHER_BIRTH_DATE]
    return int(round(score)), reasons
