from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseworkCharacteristicValue(models.Model):
    """A dated value of a characteristic of a dossier.

    Values are never overwritten: an update ("actualisation") adds a value,
    and the one with the latest date (then the latest created) is current.
    """

    _name = "casework.characteristic.value"
    _description = "Characteristic value"
    _inherit = ["casework.case.mixin"]
    _order = "date desc, id desc"
    _rec_name = "type_id"

    # indexed by _beneficiary_type_idx
    beneficiary_id = fields.Many2one(index=False)
    type_id = fields.Many2one("casework.characteristic.type", string="Characteristic", required=True, index=True)
    family_id = fields.Many2one(related="type_id.family_id", store=True)
    value_type = fields.Selection(related="type_id.value_type")
    date = fields.Date(required=True, default=fields.Date.context_today, help="Date from which the value holds.")
    option_id = fields.Many2one(
        "casework.characteristic.option", domain="[('type_id', '=', type_id)]", ondelete="restrict"
    )
    value_char = fields.Char(string="Text")
    value_date = fields.Date(string="Date value")
    value_float = fields.Float(string="Number")
    value_boolean = fields.Boolean(string="Yes / No")
    value_display = fields.Char(string="Value", compute="_compute_value_display", store=True)
    is_current = fields.Boolean(string="Current", readonly=True)

    # a dossier's values, and its current value of a type (few rows per pair)
    _beneficiary_type_idx = models.Index("(beneficiary_id, type_id)")
    # the search of dossiers by a current value (characteristic_option_ids:
    # option, is_current, then the dossier read from the index alone), and
    # the check that an option is no longer used before it is deleted
    _option_current_idx = models.Index("(option_id, is_current, beneficiary_id)")

    def init(self):
        res = super().init()
        # the daily feed moves "date actualisation dossier" forward in place
        # for every person: room in each page keeps those updates HOT (no
        # new index entries)
        self.env.cr.execute("ALTER TABLE casework_characteristic_value SET (fillfactor = 85)")
        return res

    @api.depends("type_id.value_type", "option_id", "value_char", "value_date", "value_float", "value_boolean")
    def _compute_value_display(self):
        for value in self:
            kind = value.type_id.value_type
            if kind == "selection":
                value.value_display = value.option_id.name or ""
            elif kind == "date":
                value.value_display = value.value_date and value.value_date.strftime("%d/%m/%Y") or ""
            elif kind == "float":
                value.value_display = f"{value.value_float:g}"
            elif kind == "boolean":
                value.value_display = self.env._("Yes") if value.value_boolean else self.env._("No")
            else:
                value.value_display = value.value_char or ""

    @api.constrains("type_id", "option_id", "value_char", "value_date")
    def _check_value_matches_type(self):
        for value in self:
            ctype = value.type_id
            if ctype.value_type == "selection":
                if not value.option_id:
                    raise ValidationError(
                        self.env._("Characteristic %(name)s needs one of its options.", name=ctype.display_name)
                    )
                if value.option_id.type_id != ctype:
                    raise ValidationError(
                        self.env._("Option %(option)s does not belong to characteristic %(name)s.",
                          option=value.option_id.name, name=ctype.display_name)
                    )
            elif value.option_id:
                raise ValidationError(
                    self.env._("Characteristic %(name)s does not take an option.", name=ctype.display_name)
                )
            if ctype.value_type == "char" and not (value.value_char or "").strip():
                raise ValidationError(self.env._("Characteristic %(name)s needs a value.", name=ctype.display_name))
            if ctype.value_type == "date" and not value.value_date:
                raise ValidationError(self.env._("Characteristic %(name)s needs a date.", name=ctype.display_name))
            if ctype.value_type != "char" and value.value_char:
                raise ValidationError(
                    self.env._("Characteristic %(name)s does not take a text value.", name=ctype.display_name)
                )
            if ctype.value_type != "date" and value.value_date:
                raise ValidationError(
                    self.env._("Characteristic %(name)s does not take a date value.", name=ctype.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        values = super().create(vals_list)
        values._update_current()
        return values

    def write(self, vals):
        before = {(value.beneficiary_id.id, value.type_id.id) for value in self}
        result = super().write(vals)
        if {"date", "beneficiary_id", "type_id"} & set(vals):
            self._update_current(before)
        return result

    def unlink(self):
        pairs = {(value.beneficiary_id.id, value.type_id.id) for value in self}
        result = super().unlink()
        self.browse()._update_current(pairs)
        return result

    def _update_current(self, extra_pairs=()):
        """Flag, for each (dossier, characteristic) touched, the latest value as current."""
        pairs = {(value.beneficiary_id.id, value.type_id.id) for value in self} | set(extra_pairs)
        if not pairs:
            return
        by_beneficiary = defaultdict(set)
        for beneficiary_id, type_id in pairs:
            by_beneficiary[beneficiary_id].add(type_id)
        # sudo: the system's is_current flags of the dossiers whose values the user just changed (write access checked
        # by the ORM)
        sudo = self.sudo()
        candidates = sudo.search(
            [("beneficiary_id", "in", list(by_beneficiary)), ("type_id", "in", list({t for _b, t in pairs}))],
            order="date desc, id desc",
        )
        seen = set()
        current, not_current = sudo.browse(), sudo.browse()
        for value in candidates:
            key = (value.beneficiary_id.id, value.type_id.id)
            if key not in pairs:
                continue
            if key in seen:
                not_current |= value
            else:
                seen.add(key)
                current |= value
        current.filtered(lambda v: not v.is_current).write({"is_current": True})
        not_current.filtered("is_current").write({"is_current": False})
