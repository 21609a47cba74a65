import re

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.casework_base.tools import phone as phone_tools

from ..tools import name_matching

# a word compared with trigrams has this many letters at least: one letter
# changes a shorter one into another name (Léa / Léo)
TYPO_MIN_LENGTH = 4
# pg_trgm's strict word similarity from which a word is a typo of a word of
# the names ("perin" / "perrin" 0.62, "martn" / "martin" 0.44, "dupond" /
# "dupont" 0.56, a letter missing in a five-letter name: "moin" / "morin"
# 0.375; "martin" / "marchand" 0.27, "dupont" / "dupuis" 0.27): set for the
# transaction. Typos rank after every exact or begun name, closest first.
TYPO_THRESHOLD = "0.35"
# a phone number as typed: digits and the usual separators only
PHONE_RE = re.compile(r"\+?[\d\s.\-/()\u00a0\u202f]+")
# significant digits (without the trunk 0 or the country code) from which a
# part of a phone number is looked for: "06 12 34" is enough
PHONE_MIN_DIGITS = 5
# characters of a number with another body from which a part of it is looked for
IDENTIFIER_MIN_LENGTH = 5
# with a birth date, the few people born that day whose names are this
# similar (pg_trgm's similarity of the whole names) are found too, as the
# duplicate check does: letters swapped or two typos ("Fooas" for "Fotas")
NAME_WITH_DATE_SIMILARITY = 0.2


class CaseworkBeneficiary(models.Model):
    """The one search of a dossier (see casework_base), extended with what
    this module knows of a person: names compared without accents, case or
    hyphens, with a typo (``pg_trgm``, when the extension is there), the
    numbers with other bodies (CAF, France Travail...) and the phone however
    it is written (stored in E.164). Still a domain: record rules apply."""

    _inherit = "casework.beneficiary"

    @api.model
    def _casework_search_terms(self, text):
        """Add ``normalized_words`` (the name words without accents, lower
        case), ``identifier`` (the text as identifiers are compared, when it
        may be one), ``phone`` (E.164, when the text is a whole phone number)
        and ``phone_digits`` (the significant digits of a phone number or of
        a part of one)."""
        terms = super()._casework_search_terms(text)
        text = terms["text"]
        terms["normalized_words"] = [
            normalized for word in terms["name_words"] for normalized in name_matching.normalize(word).split()
        ]
        identifier = name_matching.normalize(text).replace(" ", "").upper()
        terms["identifier"] = (
            identifier if any(char.isdigit() for char in identifier) and len(identifier) >= IDENTIFIER_MIN_LENGTH
            and not terms["dates"] else False
        )
        terms["phone"] = terms["phone_digits"] = False
        if PHONE_RE.fullmatch(text) and not terms["dates"]:
            digits = re.sub(r"\D", "", text)
            try:
                terms["phone"] = phone_tools.to_e164(text)
            except phone_tools.InvalidPhone:
                terms["phone"] = False
            # the significant digits: without the trunk 0 or the French country code
            if text.startswith("+33") or digits.startswith("0033"):
                digits = digits[2:] if text.startswith("+") else digits[4:]
            elif digits.startswith("0"):
                digits = digits[1:]
            if len(digits) >= PHONE_MIN_DIGITS:
                terms["phone_digits"] = digits
        return terms

    @api.model
    def _casework_search_alternatives(self, terms):
        """Also: a number with another body (whole, or a part of it), the
        phone (whole, or a part of it), and with a birth date, the names
        rather similar of the people born that day."""
        alternatives = super()._casework_search_alternatives(terms)
        if terms["dates"] and terms["normalized_words"] and self._casework_has_trgm():
            alternatives.append(self._casework_search_birth_date_domain(terms["dates"]) & Domain.custom(
                to_sql=self._casework_similar_name_sql(" ".join(terms["normalized_words"]))))
        if terms["identifier"]:
            alternatives.append(Domain("identifier_ids", "any", [("value_normalized", "like", terms["identifier"])]))
        if terms["phone_digits"]:
            # the whole number too: its E.164 form holds its significant digits
            alternatives.append(Domain.custom(to_sql=self._casework_phone_sql(terms["phone_digits"])))
        return alternatives

    @api.model
    def _casework_similar_name_sql(self, name):
        """The SQL of "the names are rather similar to ``name``" (a function
        per row: only with a condition the indexes narrow, the birth date)."""
        def to_sql(model, alias, query):
            return SQL("similarity(%s, %s) >= %s", model._field_to_sql(alias, "search_name", query), name,
                       NAME_WITH_DATE_SIMILARITY)
        return to_sql

    @api.model
    def _casework_phone_sql(self, digits):
        """The SQL of "the phone holds ``digits``", for ``Domain.custom``: the
        persons' ids in one sub-query (hashed once), rather than a join to
        every dossier's person. It only narrows the dossiers searched, whose
        record rules apply."""
        def to_sql(model, alias, query):
            return SQL("%s IN (SELECT p.id FROM res_partner p WHERE p.phone LIKE %s)",
                       model._field_to_sql(alias, "partner_id", query), f"%{digits}%")
        return to_sql

    @api.model
    def _casework_search_birth_date_domain(self, dates):
        """Also day and month swapped (03/12 typed for 12/03), ranked after
        the dates typed (``_casework_search_order_keys``)."""
        swapped = [day for day in map(name_matching.swapped_date, dates) if day]
        return super()._casework_search_birth_date_domain(list(dict.fromkeys(dates + swapped)))

    @api.model
    def _casework_search_name_domain(self, words):
        """Every word is part of a name (accents, case and hyphens aside:
        ``search_name``), or a typo of a word of the names (trigrams)."""
        has_trgm = self._casework_has_trgm()
        conditions = []
        for word in words:
            for normalized in name_matching.normalize(word).split():
                condition = Domain("search_name", "like", normalized)
                if has_trgm and len(normalized) >= TYPO_MIN_LENGTH:
                    condition |= Domain.custom(to_sql=self._casework_typo_sql(normalized))
                conditions.append(condition)
        return Domain.AND(conditions) if conditions else super()._casework_search_name_domain(words)

    @api.model
    def _casework_typo_sql(self, word):
        """The SQL of "``word`` is a typo of a word of the names", for ``Domain.custom``."""
        def to_sql(model, alias, query):
            # the operator's threshold, for this transaction (a read-only one may set it)
            model.env.cr.execute(SQL(
                "SELECT set_config('pg_trgm.strict_word_similarity_threshold', %s, true)", TYPO_THRESHOLD))
            return SQL("%s <<%% %s", word, model._field_to_sql(alias, "search_name", query))
        return to_sql

    @api.model
    def _casework_search_name_rank(self, words, alias):
        """Whole words and beginnings of words of ``search_name``."""
        normalized = [part for word in words for part in name_matching.normalize(word).split()]
        if not normalized:
            return super()._casework_search_name_rank(words, alias)
        spaced = SQL("(' ' || %s.search_name || ' ')", SQL.identifier(alias))
        exact = SQL(" AND ").join(SQL("%s LIKE %s", spaced, f"% {word} %") for word in normalized)
        beginning = SQL(" AND ").join(SQL("%s LIKE %s", spaced, f"% {word}%") for word in normalized)
        return exact, beginning

    @api.model
    def _casework_search_rank_cases(self, terms, alias):
        """The same number with another body or the same phone rank with the
        dossier number (0); a part of them after a part of the dossier number (4)."""
        cases = super()._casework_search_rank_cases(terms, alias)
        table = SQL.identifier(alias)
        if terms["identifier"]:
            identifiers = SQL("SELECT i.value_normalized FROM casework_beneficiary_identifier i "
                              "WHERE i.beneficiary_id = %s.id", table)
            cases.append((0, SQL("%s IN (%s)", terms["identifier"], identifiers)))
            cases.append((4, SQL("EXISTS (%s AND i.value_normalized LIKE %s)", identifiers,
                                 f"%{terms['identifier']}%")))
        partner_phone = SQL("(SELECT p.phone FROM res_partner p WHERE p.id = %s.partner_id)", table)
        if terms["phone"]:
            cases.append((0, SQL("%s = %s", partner_phone, terms["phone"])))
        if terms["phone_digits"]:
            cases.append((4, SQL("%s LIKE %s", partner_phone, f"%{terms['phone_digits']}%")))
        return cases

    @api.model
    def _casework_search_order_keys(self, terms, alias):
        """Within a rank, the birth date typed before its day and month
        swapped, then the names most similar to the words typed."""
        keys = super()._casework_search_order_keys(terms, alias)
        if terms["dates"]:
            keys.append(SQL("%s.birth_date IN %s DESC", SQL.identifier(alias), tuple(terms["dates"])))
        if terms["normalized_words"] and self._casework_has_trgm():
            keys.append(SQL("strict_word_similarity(%s, %s.search_name) DESC",
                            " ".join(terms["normalized_words"]), SQL.identifier(alias)))
        return keys
