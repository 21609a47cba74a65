"""Realistic French people for benchmarks, with duplicates planted at a known rate.

Reusable by any benchmark::

    from people import generate
    people, planted = generate(100_000, duplicate_rate=0.02, seed=42)

``people`` is a list of dicts (civility, first_name, usage_name, birth_name,
birth_date), frequent names more often than rare ones (Zipf-like weights),
with accents, hyphenated first names, compound and particle surnames, and a
birth name differing from the usage name for a share of women.
``planted`` lists ``(index, variant, kind)``: ``people[index]`` is the
original person; ``variant`` is the same person as someone would type them
again (the kinds are listed in ``VARIATIONS``); the variants are appended at
the end of ``people`` too (``people[len(originals) + k]`` is
``planted[k][1]``), so the data holds duplicates at the requested rate.
"""

import itertools
import random
import unicodedata
from datetime import date, timedelta

SURNAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux David "
    "Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefebvre Faure André "
    "Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin "
    "Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour "
    "Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard "
    "Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe "
    "Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert "
    "Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet "
    "Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly "
    "Hervé Schneider Fernandez Le Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Le Roux Cousin "
    "Germain Breton Besson Langlois Rémy Le Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber "
    "Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier "
    "Chevallier Collin Chauvin Da Silva Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau "
    "Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte Nguyen Benali "
    "Haddad Ben Ahmed El Idrissi Traoré Diallo Mendy Kaya Yilmaz Dos Santos Ferreira Pereira Rodrigues D'Arcy "
    "N'Diaye Saint-Martin Dupont-Aignan Le Bihan Kerboul Œuvray Lefèvre-Pontalis Beaumont Delacroix Desmoulins"
).split()
SURNAMES = [name.replace("_", " ") for name in SURNAMES]
SURNAMES += ["Le Gall", "Da Silva", "Ben Ahmed", "El Idrissi", "Dos Santos", "Le Roux", "Le Goff", "Le Bihan"]
FEMALE = (
    "Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sandrine Sophie Céline Véronique Nicole "
    "Stéphanie Monique Aurélie Julie Émilie Camille Léa Manon Chloé Inès Sarah Emma Zoé Maëlys Lucie Océane Anaïs "
    "Laura Mélanie Élodie Amandine Audrey Hélène Cécile Agnès Brigitte Yasmina Fatima Aïcha Nadia Samira Leïla "
    "Anne-Sophie Marie-Claire Marie-Hélène Anne-Laure Rose-Marie Clémence Noémie Héloïse Eléonore Maëva"
).split()
MALE = (
    "Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Daniel Laurent Frédéric Éric Stéphane David "
    "Julien Sébastien Thomas Mathieu Kévin Hugo Lucas Théo Nathan Enzo Louis Gabriel Raphaël Jérôme Cédric "
    "François Grégoire Benoît Rémi Loïc Yannick Karim Mohamed Mehdi Youssef Ibrahim Moussa Yanis Adrien Bastien "
    "Jean-Pierre Jean-Luc Jean-François Pierre-Yves Jean-Baptiste Marc-Antoine Paul-Henri Noël Anthony Maxime"
).split()

# France has about a million surnames: the list above (the most frequent)
# gives 12% of the people, the rest come from a pool of plausible names
# built from French syllables (Kervella, Montagnac, Duclaux...)
ONSETS = "b br c ch cl d f g gr j l m n p pr r s t tr v k ker mont beau la du des".split()
VOWELS = "a e i o ou au eau é è ai ei".split()
CODAS = "r l n m s t c d rd rt nd ll rr".split()
ENDINGS = "ier ard ot on eau ac ault in et ac el oux ère as y ois ange ès".split()
POOL_SIZE = 60000
FREQUENT_SHARE = 0.12

VARIATIONS = (
    "accents_case",      # NGUYEN Thi / Nguyên thi
    "hyphen",            # Jean-Pierre / Jean Pierre / Jeanpierre
    "birth_usage",       # registered again under the birth name
    "compound",          # Martin-Dupont / Martin
    "swap",              # first name and last name swapped
    "typo1",             # one letter wrong (substitution, transposition, omission)
    "typo2",             # two letters wrong (long names only)
    "day_month_swap",    # 03/12 for 12/03
)


def _weights(count, rng, exponent=0.7):
    # Zipf-like: a few very frequent names, a long tail (cumulated, for random.choices)
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(word, rng, count=1):
    letters = list(word)
    for _ in range(count):
        positions = [i for i in range(1, len(letters) - 1) if letters[i].isalpha()]
        if not positions:
            break
        i = rng.choice(positions)
        kind = rng.choice(("sub", "swap", "del", "dup"))
        if kind == "sub":
            letters[i] = rng.choice("aeioubcdlmnrst".replace(letters[i].lower(), ""))
        elif kind == "swap" and i + 1 < len(letters) and letters[i + 1].isalpha() and letters[i + 1] != letters[i]:
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
        elif kind == "del":
            del letters[i]
        else:
            letters.insert(i, "x" if letters[i] in "aeiou" else letters[i])
    return "".join(letters)


def surname_pool(seed=3):
    rng = random.Random(seed)
    pool = set()
    while len(pool) < POOL_SIZE:
        parts = [rng.choice(ONSETS), rng.choice(VOWELS)]
        if rng.random() < 0.6:
            parts += [rng.choice(CODAS), rng.choice(VOWELS)]
        parts += [rng.choice(CODAS) if rng.random() < 0.3 else "", rng.choice(ENDINGS)]
        pool.add("".join(parts).capitalize())
    return sorted(pool)


_POOL = []


def _surname(rng, surname_weights):
    if rng.random() < FREQUENT_SHARE:
        return rng.choices(SURNAMES, cum_weights=surname_weights)[0]
    if not _POOL:
        _POOL.extend(surname_pool())
    return rng.choice(_POOL)


def _person(rng, surname_weights, female_weights, male_weights):
    female = rng.random() < 0.52
    first = (
        rng.choices(FEMALE, cum_weights=female_weights)[0] if female else rng.choices(MALE, cum_weights=male_weights)[0]
    )
    usage = _surname(rng, surname_weights)
    birth_name = None
    if female and rng.random() < 0.25:
        birth_name, usage = usage, _surname(rng, surname_weights)
    elif rng.random() < 0.04:
        usage = f"{usage}-{_surname(rng, surname_weights)}"
    birth = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 56))
    return {"civility": "mme" if female else "m", "first_name": first, "usage_name": usage,
            "birth_name": birth_name, "birth_date": birth}


def variant(person, kind, rng):  # noqa: C901 (one branch per kind of variation)
    """The same person as typed again, or None when ``kind`` does not apply."""
    new = dict(person)
    if kind == "accents_case":
        if strip_accents(person["first_name"] + person["usage_name"]) == person["first_name"] + person["usage_name"]:
            new["usage_name"] = person["usage_name"].upper()
            new["first_name"] = person["first_name"].lower()
        else:
            new["first_name"] = strip_accents(person["first_name"])
            new["usage_name"] = strip_accents(person["usage_name"]).upper()
    elif kind == "hyphen":
        if "-" in person["first_name"]:
            new["first_name"] = person["first_name"].replace("-", rng.choice((" ", "")))
        elif "-" in person["usage_name"] or " " in person["usage_name"]:
            new["usage_name"] = person["usage_name"].replace("-", " ").replace(" ", rng.choice(("-", "")))
        else:
            return None
    elif kind == "birth_usage":
        if not person["birth_name"]:
            return None
        new["usage_name"], new["birth_name"] = person["birth_name"], None
    elif kind == "compound":
        if "-" not in person["usage_name"]:
            return None
        new["usage_name"] = person["usage_name"].split("-")[0]
    elif kind == "swap":
        new["first_name"], new["usage_name"], new["birth_name"] = person["usage_name"], person["first_name"], None
    elif kind == "typo1":
        if len(person["usage_name"]) < 5:
            return None
        new["usage_name"] = _typo(person["usage_name"], rng, 1)
    elif kind == "typo2":
        if len(person["usage_name"]) < 7:
            return None
        new["usage_name"] = _typo(person["usage_name"], rng, 2)
    elif kind == "day_month_swap":
        day = person["birth_date"]
        if day.day > 12 or day.day == day.month:
            return None
        new["birth_date"] = day.replace(day=day.month, month=day.day)
    return new


def generate(count, duplicate_rate=0.02, seed=42):
    """``count`` originals plus ``count * duplicate_rate`` planted duplicates."""
    rng = random.Random(seed)
    surname_weights = _weights(len(SURNAMES), rng)
    female_weights, male_weights = _weights(len(FEMALE), rng), _weights(len(MALE), rng)
    people = [_person(rng, surname_weights, female_weights, male_weights) for _ in range(count)]
    planted = []
    wanted = int(count * duplicate_rate)
    while len(planted) < wanted:
        index = rng.randrange(count)
        kind = VARIATIONS[len(planted) % len(VARIATIONS)]
        new = variant(people[index], kind, rng)
        if new is None or new == people[index]:
            continue
        planted.append((index, new, kind))
    people.extend(item[1] for item in planted)
    return people, planted


def new_people(count, seed=7):
    """People who are not in the data (another seed): the duplicate check of
    a creation that should usually find nothing."""
    rng = random.Random(seed)
    surname_weights = _weights(len(SURNAMES), rng)
    female_weights, male_weights = _weights(len(FEMALE), rng), _weights(len(MALE), rng)
    return [_person(rng, surname_weights, female_weights, male_weights) for _ in range(count)]
