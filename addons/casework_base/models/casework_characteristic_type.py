from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

VALUE_FIELDS = {
    "selection": "option_id",
    "char": "value_char",
    "date": "value_date",
    "float": "value_float",
    "boolean": "value_boolean",
}
TRUTH = {"1": True, "true": True, "yes": True, "oui": True, "0": False, "false": False, "no": False, "non": False}


def parse_text_value(value_type, raw, name, context):
    """The write values of a characteristic of type ``value_type`` (not a
    selection) named ``name`` for ``raw`` (a string from a file or an API, or
    a Python value). No database access: the daily feed parses its lines in
    a thread of its own. ``context`` gives the language of the messages.

    :raise ValidationError: with a translated message when ``raw`` does not
        fit the type
    """
    # No environment here: ``_`` finds the language in the ``context`` argument.
    # pylint: disable=prefer-env-translation
    field = VALUE_FIELDS[value_type]
    if value_type == "char":
        text = str(raw or "").strip()
        if not text:
            raise ValidationError(_("Characteristic %(name)s needs a value.", name=name))
        return {field: text}
    if value_type == "date":
        try:
            value = fields.Date.to_date(raw)
        except (TypeError, ValueError):
            value = False
        if not value:
            raise ValidationError(
                _("“%(value)s” is not a valid date for characteristic %(name)s (expected YYYY-MM-DD).",
                  value=raw, name=name)
            )
        return {field: value}
    if value_type == "float":
        try:
            value = float(str(raw).replace(",", ".")) if not isinstance(raw, (int, float)) else float(raw)
        except (TypeError, ValueError):
            raise ValidationError(
                _("“%(value)s” is not a valid number for characteristic %(name)s.", value=raw, name=name)
            ) from None
        return {field: value}
    if isinstance(raw, bool):
        return {field: raw}
    key = str(raw).strip().lower()
    if key not in TRUTH:
        raise ValidationError(
            _("“%(value)s” is not a valid yes/no value for characteristic %(name)s.", value=raw, name=name)
        )
    return {field: TRUTH[key]}


class CaseworkCharacteristicType(models.Model):
    """A typed attribute of a dossier whose values are kept with their date
    (état du droit, SDD/NSDD, n° CAF...)."""

    _name = "casework.characteristic.type"
    _description = "Characteristic type"
    _order = "family_id, sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key, used by imports and the API.")
    sequence = fields.Integer(default=10)
    family_id = fields.Many2one("casework.characteristic.family", required=True, index=True)
    value_type = fields.Selection(
        [
            ("selection", "Selection"),
            ("char", "Text"),
            ("date", "Date"),
            ("float", "Number"),
            ("boolean", "Yes / No"),
        ],
        required=True,
        default="char",
    )
    option_ids = fields.One2many("casework.characteristic.option", "type_id", string="Options")
    required = fields.Boolean(help="Every dossier enrolled in one of the programmes should have a value.")
    program_ids = fields.Many2many(
        "casework.program",
        string="Programmes",
        help="Programmes this characteristic applies to; all programmes when empty.",
    )
    active = fields.Boolean(default=True)
    # lifecycle (issue 3, part 3b): personal values are deleted by the anonymisation
    is_personal = fields.Boolean(
        string="Personal data",
        compute="_compute_is_personal",
        store=True,
        readonly=False,
        help="Values identify the person (identifiers, numbers, free text): they are deleted when the dossier "
        "is anonymised. By default, text characteristics are personal, selections, dates, numbers and "
        "yes/no are not.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a characteristic must be unique.")

    @api.depends("value_type")
    def _compute_is_personal(self):
        for ctype in self:
            ctype.is_personal = ctype.value_type == "char"

    @api.depends("name", "family_id.name")
    def _compute_display_name(self):
        for ctype in self:
            ctype.display_name = f"{ctype.family_id.name} / {ctype.name}" if ctype.family_id else ctype.name

    def write(self, vals):
        if "value_type" in vals:
            changed = self.filtered(lambda ctype: ctype.value_type != vals["value_type"])
            # sudo: whether any value exists (a count, nothing shown), for the administrator changing the type
            if changed and self.env["casework.characteristic.value"].sudo().search_count(
                [("type_id", "in", changed.ids)], limit=1
            ):
                raise ValidationError(
                    self.env._("The type of a characteristic cannot change once it has values: %(names)s.",
                      names=", ".join(changed.mapped("name")))
                )
        return super().write(vals)

    def _value_field(self):
        self.ensure_one()
        return VALUE_FIELDS[self.value_type]

    def _parse_value(self, raw):
        """Convert ``raw`` (a string from a file or an API, or a Python value)
        into the write values of a ``casework.characteristic.value``.

        :raise ValidationError: with a translated message when ``raw`` does
            not fit the type.
        """
        self.ensure_one()
        field = self._value_field()
        if self.value_type == "selection":
            if isinstance(raw, models.BaseModel):
                option = raw
            else:
                text = str(raw or "").strip()
                option = self.option_ids.filtered(lambda o: text in (o.code, o.name))[:1]
            if not option or option.type_id != self:
                raise ValidationError(
                    self.env._(
                        "“%(value)s” is not an allowed value of characteristic %(name)s (allowed: %(allowed)s).",
                        value=raw,
                        name=self.display_name,
                        allowed=", ".join(self.option_ids.mapped("name")),
                    )
                )
            return {field: option.id}
        return parse_text_value(self.value_type, raw, self.display_name, {"lang": self.env.lang or "en_US"})
