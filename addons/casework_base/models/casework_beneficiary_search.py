import re
from datetime import date

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

# a birth date as people type it: 12/03/1985, 12.03.1985, 12-03-1985 or 1985-03-12
DATE_RE = re.compile(
    r"(?<!\d)(?:(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2}))(?!\d)"
)
# the words of a name: runs of letters and digits, accents included
WORD_RE = re.compile(r"[^\W_]+")
# rank of a dossier that matches the text by none of the listed ways (a typo)
RANK_OTHER = 9


class CaseworkBeneficiary(models.Model):
    """The one search of a dossier: the default field of the dossier search
    view ("Dossier") and every picker of a dossier (``name_search``) look for
    the same text the same way.

    The kernel finds a dossier by its number (whole or part), by its names
    (first name, usage name, birth name: parts of them, in any order) and by
    its birth date (``12/03/1985`` or ``1985-03-12``); ``casework_identity``
    adds typos, the numbers with other bodies and the phone by overriding the
    ``_casework_search_*`` hooks. The results come closest first (exact
    number, exact name, beginning of a name, the rest) as long as the caller
    asks for no other order.

    It is an ordinary domain on ``display_name``: the dossier's record rules
    apply to it as to any search, so nobody finds a dossier they may not read.
    """

    _inherit = "casework.beneficiary"

    # ------------------------------------------------------------------
    # The search method of display_name, and its order
    # ------------------------------------------------------------------

    @api.model
    def _search_display_name(self, operator, value):
        """``display_name ilike text``: the one search (see the class); any
        other operator searches the name and number as Odoo does."""
        if operator == "ilike" and isinstance(value, str) and value.strip():
            terms = self._casework_search_terms(value)
            domain = self._casework_search_domain(terms)
            if not domain.is_false():
                return domain
        return super()._search_display_name(operator, value)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """Rank the dossiers found by the one search closest first, unless the
        caller asked for another order than the default one."""
        query = super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
        if order != self._order or query.is_empty():
            return query
        text = self._casework_search_text(domain)
        if text is None:
            return query
        terms = self._casework_search_terms(text)
        cases = [(rank, condition) for rank, condition in self._casework_search_rank_cases(terms, self._table)
                 if condition is not None]
        keys = []
        if cases:
            keys.append(SQL("CASE %s ELSE %s END", SQL(" ").join(
                SQL("WHEN %s THEN %s", condition, rank) for rank, condition in sorted(cases, key=lambda c: c[0])
            ), RANK_OTHER))
        keys += self._casework_search_order_keys(terms, self._table)
        if keys:
            query.order = SQL(", ").join([*keys, query.order])
        return query

    @api.model
    def _casework_search_text(self, domain):
        """The text of the first ``display_name ilike`` condition of ``domain``, or None."""
        for condition in Domain(domain).iter_conditions():
            if (condition.field_expr == "display_name" and condition.operator == "ilike"
                    and isinstance(condition.value, str) and condition.value.strip()):
                return condition.value
        return None

    # ------------------------------------------------------------------
    # Hooks (casework_identity extends them)
    # ------------------------------------------------------------------

    @api.model
    def _casework_search_terms(self, text):
        """What the text holds, for the other hooks.

        :param str text: what the user typed ("Élodie Masson", "D2026-000091",
            "Dupont 12/03/1985")
        :return: dict with ``text`` (stripped), ``dates`` (the valid dates in
            it, ``datetime.date``), ``words`` (its words outside the dates,
            original case and accents) and ``name_words`` (those without
            digits: "D2026" of a dossier number is no name)
        """
        text = text.strip()
        dates = []
        for match in DATE_RE.finditer(text):
            year, month, day = (
                (match["year"], match["month"], match["day"]) if match["year"]
                else (match["iso_year"], match["iso_month"], match["iso_day"])
            )
            try:
                dates.append(date(int(year), int(month), int(day)))
            except ValueError:
                continue
        words = WORD_RE.findall(DATE_RE.sub(" ", text))
        return {
            "text": text,
            "dates": dates,
            "words": words,
            "name_words": [word for word in words if not any(char.isdigit() for char in word)],
        }

    @api.model
    def _casework_search_domain(self, terms):
        """The dossiers matching ``terms``: any of the alternatives of
        ``_casework_search_alternatives`` (``Domain.FALSE`` when none)."""
        return Domain.OR(self._casework_search_alternatives(terms))

    @api.model
    def _casework_search_alternatives(self, terms):
        """The ways a dossier matches ``terms`` (a list of domains, OR-ed):
        its number contains the text (without a date); or the person: every
        word of a name and every birth date typed."""
        alternatives = []
        if any(char.isdigit() for char in terms["text"]) and not terms["dates"]:
            alternatives.append(Domain("number", "ilike", terms["text"]))
        person = []
        if terms["name_words"]:
            person.append(self._casework_search_name_domain(terms["name_words"]))
        if terms["dates"]:
            person.append(self._casework_search_birth_date_domain(terms["dates"]))
        if person:
            alternatives.append(Domain.AND(person))
        return alternatives

    @api.model
    def _casework_search_birth_date_domain(self, dates):
        """Born on one of ``dates``."""
        return Domain("birth_date", "in", dates)

    @api.model
    def _casework_search_name_domain(self, words):
        """Every word is part of the first, usage or birth name."""
        return Domain.AND(
            Domain("first_name", "ilike", word) | Domain("usage_name", "ilike", word)
            | Domain("birth_name", "ilike", word)
            for word in words
        )

    @api.model
    def _casework_search_rank_cases(self, terms, alias):
        """How close a dossier found is: ``[(rank, SQL condition)]`` over the
        dossier's table ``alias``; the lowest rank whose condition holds is the
        dossier's (0 the exact number, 1 the exact name or the birth date
        alone, 2 the beginnings of the names, 3 a part of the number,
        ``RANK_OTHER`` the rest)."""
        table = SQL.identifier(alias)
        cases = [(0, SQL("upper(%s.number) = upper(%s)", table, terms["text"]))]
        if terms["name_words"]:
            exact, beginning = self._casework_search_name_rank(terms["name_words"], alias)
            cases += [(1, exact), (2, beginning)]
        elif terms["dates"]:
            cases.append((1, SQL("%s.birth_date IN %s", table, tuple(terms["dates"]))))
        if any(char.isdigit() for char in terms["text"]) and not terms["dates"]:
            cases.append((3, SQL("%s.number ILIKE %s", table, f"%{terms['text']}%")))
        return cases

    @api.model
    def _casework_search_name_rank(self, words, alias):
        """(SQL condition: every word is a whole word of the names, SQL
        condition: every word begins a word of the names) over ``alias``."""
        table = SQL.identifier(alias)
        names = SQL("concat_ws(' ', %s.first_name, %s.usage_name, %s.birth_name)", table, table, table)
        # the words hold letters and digits only: nothing to escape in the patterns
        exact = SQL(" AND ").join(SQL("%s ~* %s", names, rf"\m{word}\M") for word in words)
        beginning = SQL(" AND ").join(SQL("%s ~* %s", names, rf"\m{word}") for word in words)
        return exact, beginning

    @api.model
    def _casework_search_order_keys(self, terms, alias):
        """Further ``ORDER BY`` keys within a rank (``[SQL]``, before the default order)."""
        return []
