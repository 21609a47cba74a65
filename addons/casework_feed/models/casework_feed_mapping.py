import base64
import contextlib
import csv
import io
import json
from datetime import date, datetime

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.casework_base.models.casework_characteristic_type import parse_text_value

from ..tools import person_values

CIVILITIES = {
    "m": "m", "mr": "m", "m.": "m", "monsieur": "m", "1": "m", "h": "m",
    "mme": "mme", "madame": "mme", "mlle": "mme", "mademoiselle": "mme", "2": "mme", "f": "mme",
}
KEY_NORMALISATIONS = [
    ("digits", "Digits, leading zeros ignored"),
    ("exact", "As given (trimmed)"),
]


def normalise_key(value, mode):
    """The external dossier key ``value`` (str) as Casework stores and
    compares it, by the mapping's ``key_normalisation`` ``mode``:

    * ``digits`` (the default): a key of digits only is the number it
      writes, without leading zeros (``" 0123456"`` → ``"123456"``, ``"000"``
      → ``"0"``), as the administrative system means it; any other key is
      kept as given, trimmed;
    * ``exact``: as given, trimmed.

    Pure Python; "" for an empty key."""
    value = (value or "").strip()
    if mode != "exact" and value.isascii() and value.isdigit():
        return value.lstrip("0") or "0"
    return value


PERSON_TARGETS = (
    "rank", "civility", "first_name", "usage_name", "birth_name", "birth_date",
    "referent", "designation_date", "characteristic",
)


# the columns shared by the persons of a line
SHARED_TARGETS = ("key", "territory", "phone", "email", "street", "street2", "zip", "city")


class FeedLineError(Exception):
    """A line of a feed file that cannot be imported: ``column`` and ``reason``
    are reported in the rejects of the run."""

    def __init__(self, column, reason, key=None):
        super().__init__(reason)
        self.column = column
        self.reason = reason
        self.key = key  # the external key of the line, when it could be read


class CaseworkFeedMapping(models.Model):
    """How the daily file of the administrative system (Genesis) is read:
    format, encoding, and which column feeds which field of the dossiers.

    Only the administrators edit mappings; the technical feed users read
    them to push persons through the API.
    """

    _name = "casework.feed.mapping"
    _description = "Feed mapping"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key, used by the command line, the folder job and the API.")
    active = fields.Boolean(default=True)
    file_format = fields.Selection([("csv", "CSV"), ("jsonl", "JSON lines")], required=True, default="csv")
    delimiter = fields.Char(default=";", size=1, help="CSV only. Use \\t for a tab.")
    encoding = fields.Selection([("utf-8", "UTF-8"), ("cp1252", "Windows-1252")], required=True, default="utf-8")
    has_header = fields.Boolean(default=True, help="CSV only: the first line holds the column names.")
    date_format = fields.Char(required=True, default="%d/%m/%Y", help="strftime format of the dates of the file.")
    program_id = fields.Many2one(
        "casework.program", string="Programme", required=True, help="Programme every person of the file is enrolled in."
    )
    territory_id = fields.Many2one(
        "casework.territory", help="Territory of the dossiers created, unless a column gives it."
    )
    second_person_prefix = fields.Char(
        help="Couples: columns of the second person of a family line are the person's columns with this "
        "prefix (for example CONJ_PRENOM). Contact data are shared by both dossiers."
    )
    key_normalisation = fields.Selection(
        KEY_NORMALISATIONS, string="External keys", required=True, default="digits",
        help="How the external dossier keys of the file and of the API compare: digits only, compared without their "
        "leading zeros (0123456 and 123456 are the same person), or exactly as given (trimmed).",
    )
    file_pattern = fields.Char(
        default="*.csv", help="Files of the feed folder read by the daily job with this mapping (glob pattern)."
    )
    line_ids = fields.One2many("casework.feed.mapping.line", "mapping_id", string="Columns", copy=True)
    run_ids = fields.One2many("casework.feed.run", "mapping_id", string="Runs")
    last_run_id = fields.Many2one("casework.feed.run", compute="_compute_last_run_id", string="Last completed run")
    sample_file = fields.Binary(
        string="Sample file", attachment=False, help="A sample of the file, to preview the mapping."
    )
    sample_preview = fields.Html(compute="_compute_sample_preview", sanitize=False, string="Preview")

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a feed mapping must be unique.")

    def _compute_last_run_id(self):
        for mapping in self:
            mapping.last_run_id = self.env["casework.feed.run"].search(
                [("mapping_id", "=", mapping.id), ("state", "=", "done"), ("is_partial", "=", False)], limit=1
            )

    @api.depends("sample_file", "line_ids", "file_format", "delimiter", "encoding", "has_header")
    def _compute_sample_preview(self):
        for mapping in self:
            if not mapping.sample_file:
                mapping.sample_preview = False
                continue
            data = base64.b64decode(mapping.sample_file)
            mapping.sample_preview = mapping._render_preview(data)

    @api.constrains("delimiter", "file_format")
    def _check_delimiter(self):
        for mapping in self:
            if mapping.file_format == "csv" and not mapping._delimiter_char():
                raise ValidationError(self.env._("A CSV mapping needs a delimiter of one character."))

    @api.constrains("line_ids")
    def _check_key_column(self):
        for mapping in self:
            if "key" not in mapping.line_ids.mapped("target"):
                raise ValidationError(self.env._(
                    "The mapping %(name)s needs a column for the external dossier key.", name=mapping.name))
            if "referent" not in mapping.line_ids.mapped("target"):
                raise ValidationError(self.env._(
                    "The mapping %(name)s needs a column for the référent de parcours.", name=mapping.name))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_import_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import a feed file"),
            "res_model": "casework.feed.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_mapping_id": self.id},
        }

    def action_open_runs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Feed runs"),
            "res_model": "casework.feed.run",
            "view_mode": "list,form",
            "domain": [("mapping_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def import_file(self, data, file_name, file_date=None):
        """Import the feed file ``data`` (bytes) with this mapping; see
        ``casework.feed.run._run_import``. Administrators and technical feed
        users only.

        :return: the ``casework.feed.run``
        """
        self.ensure_one()
        self.env["casework.feed.run"]._check_feed_access()
        run_id, _state = self.env["casework.feed.run"]._run_import(self, data, file_name, file_date)
        return self.env["casework.feed.run"].browse(run_id)

    def _delimiter_char(self):
        self.ensure_one()
        delimiter = self.delimiter or ""
        if delimiter in ("\\t", "tab", "TAB"):
            return "\t"
        return delimiter if len(delimiter) == 1 else ""

    @api.model
    def _split_lines(self, data):
        """Physical lines of ``data`` (bytes) as (line number, raw bytes),
        without the line ending; empty lines are skipped."""
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        for number, raw in enumerate(data.split(b"\n"), 1):
            raw = raw.rstrip(b"\r")
            if raw.strip():
                yield number, raw

    def _header(self, data):
        """Column names of a CSV file with a header line (None otherwise)."""
        self.ensure_one()
        if self.file_format != "csv" or not self.has_header:
            return None
        for _number, raw in self._split_lines(data):
            text = raw.decode(self.encoding, errors="replace")
            return [column.strip() for column in next(csv.reader([text], delimiter=self._delimiter_char()))]
        return []

    def _decode_record(self, raw, header, context):
        """One physical line as a dict column -> text.

        :raise FeedLineError: for a wrong encoding, a malformed line, a wrong
            number of columns
        """
        try:
            text = raw.decode(context["encoding"], errors="strict")
        except UnicodeDecodeError as error:
            raise FeedLineError(
                "", self.env._("Wrong encoding: byte %(byte)s at position %(position)s is not %(encoding)s.",
                      byte=hex(raw[error.start]), position=error.start + 1, encoding=context["encoding"])
            ) from None
        if context["format"] == "jsonl":
            try:
                record = json.loads(text)
            except ValueError as error:
                raise FeedLineError("", self.env._("Invalid JSON: %(error)s", error=error)) from None
            if not isinstance(record, dict):
                raise FeedLineError("", self.env._("A JSON line must be an object."))
            return {str(key): "" if value is None else str(value) for key, value in record.items()}
        delimiter = context["delimiter"]
        if text and '"' not in text and "\r" not in text and "\n" not in text and "\0" not in text:
            # no quote: the csv module would split on the delimiter (3 times slower)
            values = text.split(delimiter)
        else:
            try:
                values = next(csv.reader([text], delimiter=delimiter))
            except csv.Error as error:
                raise FeedLineError("", self.env._("Malformed CSV line: %(error)s", error=error)) from None
        if header is None:
            return {str(index): value for index, value in enumerate(values, 1)}
        if len(values) != len(header):
            raise FeedLineError(
                "", self.env._("%(found)s columns instead of %(expected)s.", found=len(values), expected=len(header))
            )
        return dict(zip(header, values, strict=False))

    def _parse_date(self, text, column, context):
        text = (text or "").strip()
        if not text:
            return None
        # fast paths of the usual formats (strptime costs ~0.1 ms a date);
        # an impossible date goes on to strptime, which says so
        with contextlib.suppress(ValueError):
            if context["date_format"] == "%d/%m/%Y" and len(text) == 10 and text[2] == text[5] == "/":
                return date(int(text[6:]), int(text[3:5]), int(text[:2]))
            if len(text) == 10 and text[4] == text[7] == "-":
                return date.fromisoformat(text)
        for fmt in (context["date_format"], "%Y-%m-%d"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise FeedLineError(
            column,
            self.env._("Invalid date “%(value)s” (expected %(format)s).", value=text, format=context["date_format"]),
        )

    def _prepare_context(self):
        """Everything a run needs to interpret lines without querying per
        line: the mapping lines, the referents by login and external code, the
        characteristic types and options."""
        self.ensure_one()
        # called by a run or a push, after the feed right is checked: users'
        # logins, codes and groups, territory codes (no person's data)
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        users = Users.search_read([("share", "=", False)], ["login", "casework_external_code", "active"])
        # every internal user is looked up (to tell "unknown" from "not a
        # référent"), active ones first; only active users of the référent
        # group (which the secretariat and heads of service imply) may be designated
        referent_ids = set(Users.search([
            ("active", "=", True), ("all_group_ids", "in", self.env.ref("casework_base.group_casework_referent").ids),
        ]).ids)
        referents = {}
        for user in sorted(users, key=lambda user: not user["active"]):
            referents.setdefault(user["login"].strip().lower(), user["id"])
            if user["casework_external_code"]:
                referents.setdefault(user["casework_external_code"].strip().lower(), user["id"])
        types = {}
        for line in self.line_ids.filtered(lambda line: line.target == "characteristic"):
            ctype = line.characteristic_type_id
            options = {}
            for option in ctype.option_ids:
                options[option.name.strip().lower()] = option.id
                if option.code:
                    options[option.code.strip().lower()] = option.id
            types[ctype.id] = {"field": ctype._value_field(), "options": options, "value_type": ctype.value_type,
                               "name": ctype.display_name}
        update_type = self.env.ref("casework_base.characteristic_type_update_date", raise_if_not_found=False)
        if not update_type:
            update_type = self.env["casework.characteristic.type"].search(
                [("code", "=", "date_actualisation")], limit=1)
        return {
            # the language of the messages (the lines are read in a thread
            # of their own: translations must not look for it in the ORM)
            "lang": self.env.lang or "en_US",
            "name": self.name,
            "format": self.file_format,
            "encoding": self.encoding,
            "delimiter": self._delimiter_char(),
            "date_format": self.date_format,
            "prefix": self.second_person_prefix or "",
            "has_default_territory": bool(self.territory_id),
            "mapping_id": self.id,
            "territory_id": self.territory_id.id,
            "program_id": self.program_id.id,
            "key_column": self._column_for("key"),
            "key_normalisation": self.key_normalisation,
            "rank_column": self._column_for("rank"),
            "first_name_column": self._column_for("first_name"),
            "today": fields.Date.context_today(self),
            "lines": [
                (line.source_column, line.target, line.characteristic_type_id.id, line.required)
                for line in self.line_ids
            ],
            "referents": referents,
            "referent_ids": referent_ids,
            "types": types,
            "update_type_id": update_type.id,
            "territories": {
                t["code"].strip().lower(): t["id"]
                for t in self.env["casework.territory"].sudo().search_read([("code", "!=", False)], ["code"])
            },
        }

    def _normalise_key(self, value):
        """``value`` as this mapping stores and compares external keys
        (see ``normalise_key``)."""
        self.ensure_one()
        return normalise_key(value, self.key_normalisation)

    @api.model
    def _record_key(self, record, context):
        """(external key, rank of the first person) of a decoded record, for
        spotting duplicates before the lines are interpreted; None when the key
        is missing."""
        key = normalise_key(record.get(context["key_column"]), context["key_normalisation"])
        if not key:
            return None
        rank = (record.get(context["rank_column"]) or "").strip() if context["rank_column"] else ""
        return key, rank or "1"

    def _interpret(self, record, context):
        """The persons (1 or 2) described by a decoded record.

        :return: list of dicts with key, rank, identity, contact, referent,
            designation date, characteristics {type_id: write values}
        :raise FeedLineError: the first problem found, with its column
        """
        prefix = context["prefix"]
        shared = {"contact": {}, "characteristics": {}}
        first = {"characteristics": {}}
        second = {"characteristics": {}}
        has_second = False
        for column, target, type_id, required in context["lines"]:
            value = (record.get(column) or "").strip()
            if required and not value:
                raise FeedLineError(column, self.env._("A value is required."))
            if target in SHARED_TARGETS:
                self._interpret_shared_value(shared, target, value, column, context)
                continue
            self._interpret_person_value(first, target, type_id, value, column, context)
            if prefix and target in PERSON_TARGETS and target != "rank":
                second_column = prefix + column
                second_value = (record.get(second_column) or "").strip()
                if target == "first_name" and second_value:
                    has_second = True
                if second_value:
                    self._interpret_person_value(second, target, type_id, second_value, second_column, context)
        if "key" not in shared:
            raise FeedLineError("", self.env._("Missing external dossier key."))
        if not shared.get("territory_id") and not context["has_default_territory"]:
            raise FeedLineError(
                "", self.env._("No territory: give one on the mapping %(name)s or in a column.", name=context["name"])
            )
        persons = [first]
        first.setdefault("rank", 1)
        if has_second:
            if first["rank"] == 2:
                raise FeedLineError("", self.env._(
                    "A family line with a second person must describe the first person with rank 1."))
            second["rank"] = 2
            # household data (referent, characteristics) default to the first person's
            for target in ("referent", "referent_column", "designation_date"):
                if target in first:
                    second.setdefault(target, first[target])
            second["characteristics"] = dict(first["characteristics"], **second["characteristics"])
            persons.append(second)
        for person in persons:
            person["key"] = shared["key"]
            person["contact"] = shared["contact"]
            person["territory_id"] = shared.get("territory_id")
            if not person.get("referent"):
                raise FeedLineError(
                    person.get("referent_column", ""),
                    self.env._("Missing référent de parcours: only persons with a designated referent are fed."),
                )
        return persons

    def _interpret_shared_value(self, shared, target, value, column, context):
        """The values of a line shared by its persons: key, contact data, territory."""
        if target == "key":
            if not value:
                raise FeedLineError(column, self.env._("Missing external dossier key."))
            shared["key"] = normalise_key(value, context["key_normalisation"])
        elif target == "territory":
            if value:
                territory_id = context["territories"].get(value.lower())
                if not territory_id:
                    raise FeedLineError(column, self.env._("Unknown territory code “%(code)s”.", code=value))
                shared["territory_id"] = territory_id
        elif value:
            shared["contact"][target] = self._interpret_contact(target, value, column, context)

    def _column_for(self, target):
        return self.line_ids.filtered(lambda line: line.target == target)[:1].source_column or ""

    def _interpret_person_value(self, person, target, type_id, value, column, context):
        if target == "referent":
            self._interpret_referent(person, value, column, context)
        elif target == "rank":
            if value:
                if value not in ("1", "2"):
                    raise FeedLineError(
                        column, self.env._("The person rank must be 1 or 2, not “%(value)s”.", value=value))
                person["rank"] = int(value)
        elif target == "civility":
            if value:
                civility = CIVILITIES.get(value.lower())
                if not civility:
                    raise FeedLineError(
                        column, self.env._("Unknown civility “%(value)s” (expected M or MME).", value=value))
                person["civility"] = civility
        elif target in ("first_name", "usage_name", "birth_name"):
            if value:
                person[target] = value
        elif target == "birth_date":
            birth_date = self._parse_date(value, column, context)
            if birth_date:
                person["birth_date"] = self._check_birth_date(birth_date, value, column, context)
        elif target == "designation_date":
            designation = self._parse_date(value, column, context)
            if designation:
                person["designation_date"] = designation
        elif target == "characteristic":
            if value:
                person["characteristics"][type_id] = self._interpret_characteristic(type_id, value, column, context)

    def _check_birth_date(self, birth_date, value, column, context):
        """``birth_date`` (written ``value`` in the line) within the dossier
        form's bounds (``tools/person_values.py``): both ways of creating a
        dossier and the identity updates of known persons.

        :raise FeedLineError: when no dossier may hold it
        """
        try:
            return person_values.check_birth_date(birth_date, context["today"])
        except person_values.InvalidValue:
            raise FeedLineError(
                column, self.env._("The birth date %(value)s is not possible.", value=value)) from None

    def _interpret_referent(self, person, value, column, context):
        person["referent_column"] = column
        if value:
            user_id = context["referents"].get(value.lower())
            if not user_id:
                raise FeedLineError(column, self.env._("Unknown referent login or code “%(value)s”.", value=value))
            if user_id not in context["referent_ids"]:
                raise FeedLineError(column, self.env._(
                    "“%(value)s” is not a référent: only an active user with the role Referent (or "
                    "Secretariat, Head of service) can be référent de parcours.", value=value,
                ))
            person["referent"] = user_id

    def _interpret_contact(self, target, value, column, context):
        # the phone is checked only when a dossier is created (casework.feed.run._check_creation):
        # contact data are never used for known persons
        if target == "email":
            value = value.lower()
            if "@" not in value or " " in value:
                raise FeedLineError(column, self.env._("Invalid e-mail address “%(value)s”.", value=value))
        return value

    def _interpret_characteristic(self, type_id, value, column, context):
        info = context["types"][type_id]
        field = info["field"]
        if field == "option_id":
            option_id = info["options"].get(value.lower())
            if not option_id:
                raise FeedLineError(
                    column,
                    self.env._("“%(value)s” is not an allowed value of %(name)s.", value=value, name=info["name"]),
                )
            return {field: option_id}
        if field == "value_date":
            return {field: self._parse_date(value, column, context)}
        try:
            return parse_text_value(info["value_type"], value, info["name"], context)
        except ValidationError as error:
            raise FeedLineError(column, str(error.args[0])) from None

    def _render_preview(self, data, limit=10):
        """An HTML table of the first ``limit`` lines of ``data`` as read
        with this mapping; mapped columns show their target."""
        self.ensure_one()
        try:
            header = self._header(data)
        except (UnicodeDecodeError, csv.Error) as error:
            return Markup("<p>%s</p>") % self.env._("The sample cannot be read: %(error)s", error=error)
        rows = []
        context = self._prepare_context()
        for number, raw in self._split_lines(data):
            if header is not None and not rows and number == 1:
                rows.append(("header", None))
                continue
            try:
                rows.append((number, self._decode_record(raw, header, context)))
            except FeedLineError as error:
                rows.append((number, error))
            if len(rows) > limit:
                break
        columns = header or sorted({key for _n, rec in rows if isinstance(rec, dict) for key in rec})
        targets = {line.source_column: line.target_label for line in self.line_ids}
        html = io.StringIO()
        html.write('<table class="table table-sm table-bordered o_casework_feed_preview"><thead><tr><th>#</th>')
        for column in columns:
            label = targets.get(column)
            target = Markup("<br/><small>→ %s</small>") % label if label else ""
            html.write(str(Markup("<th>%s%s</th>") % (column, target)))
        html.write("</tr></thead><tbody>")
        for number, record in rows:
            if number == "header":
                continue
            html.write(str(Markup("<tr><td>%s</td>") % number))
            if isinstance(record, FeedLineError):
                html.write(str(Markup('<td colspan="%s" class="text-danger">%s</td>') % (len(columns), record.reason)))
            else:
                for column in columns:
                    html.write(str(Markup("<td>%s</td>") % escape(record.get(column, ""))))
            html.write("</tr>")
        html.write("</tbody></table>")
        return Markup(html.getvalue())

    @api.model
    def _get_by_code(self, code):
        # a mapping's configuration only; every caller checks the feed right first
        mapping = self.sudo().search([("code", "=", code)], limit=1)
        if not mapping:
            raise UserError(self.env._("There is no feed mapping with the code “%(code)s”.", code=code))
        return mapping
