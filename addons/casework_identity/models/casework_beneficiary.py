import logging

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL

from ..tools import name_matching

_logger = logging.getLogger(__name__)

# the trigram index of the normalised names (created in init, dropped by the uninstall hook)
SEARCH_NAME_INDEX = "casework_beneficiary_search_name_trgm_idx"
# people compared by their name alone while the birth date is not typed yet
NAME_ONLY_CANDIDATES = 50
# SQL functions earlier versions created; none is needed any more
DROP_LEGACY_FUNCTIONS = (
    "DROP FUNCTION IF EXISTS casework_search_name(text, text, text), casework_normalize(text), casework_unaccent(text)"
)


class CaseworkBeneficiary(models.Model):
    """Identifiers of a person with other bodies and the normalised name the
    duplicate search compares."""

    _inherit = "casework.beneficiary"

    # ==================================================================
    # Identifiers and duplicate detection (issue 3, part "duplicates")
    # ==================================================================
    #
    # ``search_name`` holds the normalised words of the first, usage and
    # birth names (no accents, lower case, hyphens as spaces), indexed with a
    # pg_trgm GIN index (also the dossier search's: casework_beneficiary_search.py);
    # ``birth_date`` has a covering btree index. The duplicate check fetches in one query the
    # people born the same day, day and month swapped or one digit away whose
    # name is trigram-similar, and those with the same certain identifier,
    # then scores them in Python (``tools/name_matching.py``). It reads every
    # scope, but only the dossiers the user can read are named; the others
    # are counted as "outside your scope" without any identity, audited and
    # limited per hour (``casework_beneficiary_duplicate.py``).

    identifier_ids = fields.One2many("casework.beneficiary.identifier", "beneficiary_id", string="Identifiers")
    france_travail_number = fields.Char(
        string="France Travail number",
        compute="_compute_identifier_numbers",
        search="_search_france_travail_number",
    )
    caf_number = fields.Char(string="CAF number", compute="_compute_identifier_numbers", search="_search_caf_number")
    search_name = fields.Char(
        string="Normalised name",
        compute="_compute_search_name",
        store=True,
        copy=False,
        help="First, usage and birth names without accents, in lower case: what the duplicate search compares.",
    )
    duplicate_confirmed = fields.Boolean(
        string="Not a duplicate: create anyway",
        copy=False,
        help="Ticked by whoever created this dossier although likely duplicates were shown.",
    )
    # covering: the duplicate check compares the names of the people born on
    # about forty dates without reading the table (index-only scan)
    _birth_date_idx = models.Index("(birth_date) INCLUDE (search_name, id)")

    def init(self):
        res = super().init()
        self._casework_init_search_sql(self.env.cr)
        return res

    @api.model_create_multi
    def create(self, vals_list):
        # the web form's creation asks for the check (imports and batch code are not checked)
        if self.env.context.get("casework_check_duplicates"):
            for vals in vals_list:
                if not vals.get("duplicate_confirmed"):
                    self._casework_check_duplicates_before_create(vals)
        return super().create(vals_list)

    @api.model
    def _casework_init_search_sql(self, cr):
        """The ``pg_trgm`` extension and the trigram index of ``search_name``.

        ``search_name`` is computed in Python (``tools/name_matching.py``),
        so no SQL function is needed. If the database user may not create
        the extension (not superuser, no ``CREATE`` right), the duplicate
        search still works without trigrams: same or swapped birth date and
        same identifiers, scored in Python; a warning is logged.
        """
        for extension in ("pg_trgm",):
            try:
                with cr.savepoint():
                    cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS %s", SQL.identifier(extension)))
            except Exception:  # noqa: BLE001 -- any refusal: we degrade, loudly
                _logger.warning(
                    "Casework: cannot create the PostgreSQL extension %s; ask the database administrator to run "
                    "CREATE EXTENSION %s; the duplicate search falls back to birth dates only.",
                    extension, extension,
                )
        # the SQL functions of earlier versions, if any
        cr.execute(DROP_LEGACY_FUNCTIONS)
        if not self._casework_has_trgm(cr):
            return
        cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS %s ON casework_beneficiary USING gin (search_name gin_trgm_ops)",
            SQL.identifier(SEARCH_NAME_INDEX),
        ))

    @api.model
    def _casework_has_trgm(self, cr=None):
        """Whether pg_trgm is there (asked once per registry)."""
        registry = self.env.registry
        if getattr(registry, "_casework_has_trgm", None) is None or cr:
            cr = cr or self.env.cr
            cr.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")
            registry._casework_has_trgm = cr.fetchone()[0] == 1
        return registry._casework_has_trgm

    @api.depends("identifier_ids.type_id", "identifier_ids.value")
    def _compute_identifier_numbers(self):
        france_travail = self.env.ref("casework_identity.identifier_type_france_travail", raise_if_not_found=False)
        caf = self.env.ref("casework_identity.identifier_type_caf", raise_if_not_found=False)
        for beneficiary in self:
            beneficiary.france_travail_number = ", ".join(
                beneficiary.identifier_ids.filtered(lambda i: i.type_id == france_travail).mapped("value")
            )
            beneficiary.caf_number = ", ".join(
                beneficiary.identifier_ids.filtered(lambda i: i.type_id == caf).mapped("value")
            )

    def _search_identifier_number(self, code, operator, value):
        if operator not in ("=", "ilike", "in") or not value:
            return NotImplemented
        values = value if operator == "in" else [value]
        normalized = [name_matching.normalize(v).replace(" ", "").upper() for v in values]
        op = "ilike" if operator == "ilike" else "in"
        return [("identifier_ids", "any", [
            ("type_id.code", "=", code), ("value_normalized", op, normalized[0] if op == "ilike" else normalized)
        ])]

    def _search_france_travail_number(self, operator, value):
        return self._search_identifier_number("france_travail", operator, value)

    def _search_caf_number(self, operator, value):
        return self._search_identifier_number("caf", operator, value)

    @api.depends("first_name", "usage_name", "birth_name")
    def _compute_search_name(self):
        for beneficiary in self:
            beneficiary.search_name = name_matching.search_name(
                beneficiary.first_name, beneficiary.usage_name, beneficiary.birth_name
            )

    @api.onchange("first_name", "usage_name", "birth_name", "birth_date")
    def _onchange_identity_duplicate_confirmed(self):
        # a new identity needs a new confirmation
        if not self._origin:
            self.duplicate_confirmed = False

    @api.model
    def _casework_identity(self, vals_or_record):
        """The identity to compare, from create/write values or a dossier;
        identifiers as (type id, normalised number) pairs (whether the type's
        numbers are certain is checked in SQL)."""
        def number(value):
            return name_matching.normalize(value).replace(" ", "").upper()

        if isinstance(vals_or_record, models.BaseModel):
            record = vals_or_record
            pairs = {(i.type_id.id, i.value_normalized or number(i.value))
                     for i in record.identifier_ids if i.type_id and i.value}
            return {
                "civility": record.civility, "first_name": record.first_name, "usage_name": record.usage_name,
                "birth_name": record.birth_name, "birth_date": record.birth_date, "identifiers": pairs,
                "exclude": [record._origin.id] if record._origin.id else [],
            }
        vals = vals_or_record
        pairs = set()
        for command in vals.get("identifier_ids") or []:
            if isinstance(command, (list, tuple)) and command[0] == Command.CREATE:
                if command[2].get("type_id") and command[2].get("value"):
                    pairs.add((command[2]["type_id"], number(command[2]["value"])))
        return {
            "civility": vals.get("civility"), "first_name": vals.get("first_name"),
            "usage_name": vals.get("usage_name"),
            "birth_name": vals.get("birth_name"), "birth_date": fields.Date.to_date(vals.get("birth_date")),
            "identifiers": pairs, "exclude": [],
        }

    @api.model
    def _casework_candidates(self, identity):
        """Active dossiers that may be ``identity``, found in SQL (every
        scope: the caller decides what to reveal): rows of (id, civility,
        first_name, usage_name, birth_name, birth_date, same certain identifier)."""
        self.flush_model()
        self.env["res.partner"].flush_model(["active"])
        self.env["casework.beneficiary.identifier"].flush_model()
        name = name_matching.search_name(identity["first_name"], identity["usage_name"], identity["birth_name"])
        exclude = tuple(identity["exclude"]) or (0,)
        queries = []
        day = identity["birth_date"]
        if day:
            # Only people born the same day, day and month swapped, or one
            # digit away are likely duplicates (scores): the btree index on
            # birth_date finds them in a fraction of a millisecond, where a
            # trigram scan of a frequent name (Marie Martin) costs hundreds
            # of milliseconds at a country's scale (see bench/README.md).
            # pg_trgm's similarity() then drops the obviously other names.
            same = tuple(d for d in (day, name_matching.swapped_date(day)) if d)
            close = tuple(set(name_matching.close_dates_of(day)) - set(same)) or same
            if self._casework_has_trgm():
                queries.append(SQL(
                    "(SELECT b.id FROM casework_beneficiary b WHERE b.birth_date IN %s "
                    "AND similarity(b.search_name, %s) >= 0.2)", same, name))
                queries.append(SQL(
                    "(SELECT b.id FROM casework_beneficiary b WHERE b.birth_date IN %s "
                    "AND similarity(b.search_name, %s) >= 0.45)", close, name))
            else:
                queries.append(SQL("(SELECT b.id FROM casework_beneficiary b WHERE b.birth_date IN %s)",
                                   same + close))
        elif name:
            # no birth date yet (a new dossier being typed): the close names,
            # with trigrams (the index), or the same normalised name without them
            if self._casework_has_trgm():
                self.env.cr.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.5', true)")
                queries.append(SQL(
                    "(SELECT b.id FROM casework_beneficiary b WHERE b.search_name %% %s "
                    "ORDER BY b.search_name <-> %s LIMIT %s)", name, name, NAME_ONLY_CANDIDATES))
            else:
                queries.append(SQL("(SELECT b.id FROM casework_beneficiary b WHERE b.search_name = %s)", name))
        queries = [SQL("(SELECT d.id, FALSE AS certain FROM %s d)", query) for query in queries]
        if identity["identifiers"]:
            pairs = SQL(", ").join(SQL("(%s, %s)", type_id, value) for type_id, value in identity["identifiers"])
            queries.append(SQL(
                "(SELECT i.beneficiary_id, TRUE AS certain FROM casework_beneficiary_identifier i "
                "JOIN casework_identifier_type t ON t.id = i.type_id "
                "WHERE t.certain AND (i.type_id, i.value_normalized) IN (%s))", pairs,
            ))
        if not queries:
            return []
        # two steps: the few candidate ids, then their identity by primary
        # key (in one query the planner may estimate hundreds of rows and
        # scan res_partner to check "active")
        self.env.cr.execute(SQL("SELECT c.id, bool_or(c.certain) FROM (%s) c GROUP BY c.id",
                                SQL(" UNION ALL ").join(queries)))
        certain = dict(self.env.cr.fetchall())
        certain = {record_id: value for record_id, value in certain.items() if record_id not in exclude}
        if not certain:
            return []
        self.env.cr.execute(SQL("""
            SELECT b.id, b.civility, b.first_name, b.usage_name, b.birth_name, b.birth_date
              FROM casework_beneficiary b JOIN res_partner p ON p.id = b.partner_id
             WHERE b.id = ANY(%s) AND p.active
        """, list(certain)))
        return [row + (certain[row[0]],) for row in self.env.cr.fetchall()]

    def _casework_personal_raw_values(self, linked):
        """Add the numbers with other bodies (France Travail, CAF...), often
        copied in messages, to the values the anonymisation hunts down."""
        return super()._casework_personal_raw_values(linked) + self.identifier_ids.mapped("value")

    def _casework_erase_personal_records(self):
        """The identifiers with other bodies are deleted with the identity."""
        self.identifier_ids.with_context(active_test=False).unlink()
        return super()._casework_erase_personal_records()
