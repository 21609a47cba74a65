import logging

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, mute_logger
from odoo.tools.sql import table_columns

_logger = logging.getLogger(__name__)


class CaseworkBeneficiaryMerge(models.TransientModel):
    """Merge two dossiers of the same person.

    The user picks, field by field, the identity values to keep and which
    dossier survives (its number stays). Everything that points to the other
    dossier or to its partner moves to the survivor, generically: every
    many2one (foreign key) and many2many to ``casework.beneficiary`` or to
    ``res.partner`` in every model, every ``res_model``/``res_id`` reference
    (messages, activities, followers without duplicates, attachments,
    calendar events...) and every reference field. The characteristic history
    is kept whole and the current values recomputed; enrolments and
    assignments are kept: if two of them then overlap (two periods in the
    same programme, two référents de parcours at the same time), the merge is
    refused with the models' own message, so that the user ends one of them
    first. The merge is logged in the survivor's chatter; the other dossier
    and its partner are deleted.

    Who may merge: merging deletes a dossier, so it is the secretariat's job
    (and the heads of service's and administrators'), for two dossiers they
    may both write (their territories, all for administrators). A référent
    is refused with a ``UserError`` telling them to ask their secretariat;
    FSE managers, finance and operators get an ``AccessError``. A dossier
    out of the user's write scope is refused with an ``AccessError`` as soon
    as the wizard is given it (onchange, create, write): the lines, computed
    as the user, never carry a value of a dossier the user may not write.
    """

    _name = "casework.beneficiary.merge"
    _inherit = ["casework.dossier.wizard.mixin"]
    _description = "Merge two dossiers of the same person"

    MERGE_FIELDS = (
        "civility", "first_name", "usage_name", "birth_name", "birth_date", "gender", "nationality_id",
        "phone", "email", "street", "street2", "zip", "city", "country_id", "territory_id", "memo",
    )
    _casework_dossier_fields = ("beneficiary_a_id", "beneficiary_b_id")

    beneficiary_a_id = fields.Many2one("casework.beneficiary", string="Dossier A", required=True, ondelete="cascade")
    beneficiary_b_id = fields.Many2one(
        "casework.beneficiary",
        string="Dossier B",
        required=True,
        ondelete="cascade",
        domain="[('id', '!=', beneficiary_a_id)]",
    )
    survivor = fields.Selection(
        [("a", "Dossier A"), ("b", "Dossier B")],
        string="Dossier kept",
        required=True,
        default="a",
        help="Its number stays; the other dossier is deleted once everything moved to it.",
    )
    line_ids = fields.One2many(
        "casework.beneficiary.merge.line", "wizard_id", string="Values", compute="_compute_line_ids",
        store=True, readonly=False,
    )

    @api.model
    def default_get(self, fields_list):
        # the selected dossiers are only defaults: create, write and the
        # onchange check them as the user
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "casework.beneficiary" and context.get("active_ids"):
            ids = context["active_ids"]
            values.setdefault("beneficiary_a_id", ids[0])
            if len(ids) > 1:
                values.setdefault("beneficiary_b_id", ids[1])
            self._casework_check_dossier_values(values)
        return values

    @api.depends("beneficiary_a_id", "beneficiary_b_id")
    def _compute_line_ids(self):
        # Whoever triggers the computation (a stored field is computed when
        # the transaction is flushed, possibly by another environment), the
        # values are read as the wizard's user, after checking their rights:
        # its creator, or the user of the onchange for a new wizard.
        for wizard in self:
            user = wizard.create_uid or self.env.user
            wizard.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in wizard.with_user(user)._prepare_line_values()
            ]

    def _prepare_line_values(self):
        """Values of the lines: one per identity field whose values differ,
        read as the current user after checking the role and the scope.

        :return: list of dicts for ``casework.beneficiary.merge.line``
        :raise UserError: a référent (merging is the secretariat's job)
        :raise AccessError: another role, or a dossier the user may not write
        """
        self.ensure_one()
        a, b = self.beneficiary_a_id._origin, self.beneficiary_b_id._origin
        if not (a and b) or a == b:
            return []
        self._check_merge_role()
        self._check_merge_scope(a | b)
        result = []
        for sequence, fname in enumerate(self.MERGE_FIELDS):
            value_a, value_b = self._display_value(a, fname), self._display_value(b, fname)
            if value_a == value_b:
                continue
            result.append({
                "sequence": sequence,
                "field_name": fname,
                "field_label": a._fields[fname].get_description(self.env)["string"],
                "value_a": value_a,
                "value_b": value_b,
                "choice": "a" if value_a else "b",
            })
        return result

    @api.model
    def _display_value(self, record, fname):
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "") if value else ""
        if field.type == "date":
            return value.strftime("%d/%m/%Y") if value else ""
        return str(value) if value else ""

    @api.onchange("beneficiary_a_id", "beneficiary_b_id")
    def _onchange_beneficiaries_check_scope(self):
        # before the form gets the dossiers' names back
        if self.beneficiary_a_id or self.beneficiary_b_id:
            self._check_merge_role()
            self._casework_check_dossier_scope()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def onchange(self, values, field_names, fields_spec):
        # a référent opening the wizard gets the reason rather than the bare
        # refusal of the access rights
        self._check_merge_role()
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_merge_role()
        return super().create(vals_list)

    @api.model
    def _casework_check_dossiers(self, records):
        self._check_merge_scope(records)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_merge(self):
        """Merge, then open the surviving dossier."""
        self.ensure_one()
        survivor = self._merge()
        return {
            "type": "ir.actions.act_window",
            "res_model": "casework.beneficiary",
            "res_id": survivor.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _check_merge_role(self):
        """Merging is for the secretariat, heads of service and administrators.

        :raise UserError: for a référent (ask the secretariat)
        :raise AccessError: for any other role
        """
        user = self.env.user
        if self.env.su or user.has_group("casework_base.group_casework_secretariat"):
            return
        if user.has_group("casework_base.group_casework_referent"):
            raise UserError(self.env._(
                "Merging two dossiers deletes one of them: it is the secretariat's job. Ask the secretariat of "
                "the dossiers' territory to merge them."
            ))
        raise AccessError(self.env._("Only the secretariat, heads of service and administrators may merge dossiers."))

    @api.model
    def _check_merge_scope(self, dossiers):
        """The user must be able to write each of ``dossiers`` (record rules).

        :raise AccessError: without naming the dossier
        """
        if self.env.su:
            return
        try:
            dossiers.with_env(self.env).check_access("write")
        except AccessError:
            raise AccessError(self.env._(
                "You cannot merge these dossiers: one of them is outside your scope (your active file, or the "
                "dossiers of your territories). Ask the secretariat of its territory."
            )) from None

    def _check_merge_rights(self):
        a, b = self.beneficiary_a_id, self.beneficiary_b_id
        if a == b:
            raise UserError(self.env._("Choose two different dossiers to merge."))
        self._check_merge_role()
        self._check_merge_scope(a | b)

    def _merge(self):
        self.ensure_one()
        self._check_merge_rights()
        a, b = self.beneficiary_a_id, self.beneficiary_b_id
        survivor, removed = (a, b) if self.survivor == "a" else (b, a)
        # the user's choices only: the fields and values come from the
        # dossiers themselves, not from the lines (which the client may write)
        choices = {line.field_name: line.choice for line in self.line_ids if line.field_name in self.MERGE_FIELDS}
        chosen = {}
        log_lines = []
        locked = []
        for fname in self.MERGE_FIELDS:
            value_a, value_b = self._display_value(a, fname), self._display_value(b, fname)
            if value_a == value_b or fname not in choices:
                continue  # the same value, or no line: the surviving dossier's stays
            choice = choices[fname]
            source = a if choice == "a" else b
            value = source[fname]
            chosen[fname] = value.id if isinstance(value, models.BaseModel) else value
            label = a._fields[fname].get_description(self.env)["string"]
            kept, other = (value_a, value_b) if choice == "a" else (value_b, value_a)
            log_lines.append((label, kept, other))
            if fname in survivor._CASEWORK_LOCKED_IDENTITY and source != survivor:
                locked.append(label)
        if locked and not survivor.can_edit_identity:
            raise UserError(self.env._(
                "The identity of dossier %(number)s has been justified: only an administrator may replace its "
                "%(fields)s by the other dossier's. Keep the surviving dossier's values, or ask an administrator.",
                number=survivor.number, fields=", ".join(locked),
            ))
        removed_label = removed.display_name
        removed_number = removed.number
        # sudo: both dossiers passed _check_merge_rights (write access) above
        removed_partner = removed.sudo().partner_id
        survivor_partner = survivor.sudo().partner_id
        self.env.flush_all()

        # each user's consultations of both dossiers become one line (latest date, counts added)
        self.env["casework.beneficiary.visit"]._casework_merge_dossiers(removed.id, survivor.id)
        moved = self._move_references("casework.beneficiary", removed.id, survivor.id)
        moved += self._move_references(
            "res.partner", removed_partner.id, survivor_partner.id,
            skip={("casework_beneficiary", "partner_id"), ("res_users", "partner_id")},
        )
        self.env.invalidate_all()
        # sudo: write access to the survivor checked by _check_merge_rights
        survivor_sudo = survivor.sudo()
        identity = {}
        for fname, value in chosen.items():
            current = survivor_sudo[fname]
            if (current.id if isinstance(current, models.BaseModel) else current) != value:
                identity[fname] = value
        if identity:
            # as superuser: the identity lock was checked above for the user
            survivor_sudo.write(identity)
        for model_name, fname, ids in moved:
            # sudo: the records of the two dossiers the user may merge, moved above
            records = self.env[model_name].sudo().browse(ids).exists()
            records.modified([fname])
            try:
                records._validate_fields([fname])
            except ValidationError as error:
                raise UserError(self.env._(
                    "These dossiers cannot be merged as they are: %(error)s\n"
                    "End or correct one of the two periods on either dossier first, then merge again.",
                    error=error.args[0],
                )) from None
        # sudo: the survivor's history (write access checked), current values recomputed
        self.env["casework.characteristic.value"].sudo().search(
            [("beneficiary_id", "=", survivor.id)]
        )._update_current()
        self.env.flush_all()

        body = Markup("<p>%s</p>") % self.env._(
            "Dossier %(number)s (%(name)s) merged into this dossier by %(user)s; it has been deleted.",
            number=removed_number, name=removed_label, user=self.env.user.name,
        )
        if log_lines:
            instead_of = self.env._("instead of")
            rows = Markup("").join(
                Markup("<li>%s: <b>%s</b> (%s %s)</li>") % (label, kept or "—", instead_of, other or "—")
                for label, kept, other in log_lines
            )
            body += Markup("<p>%s</p><ul>%s</ul>") % (self.env._("Values kept:"), rows)
        survivor.message_post(body=body, subtype_xmlid="mail.mt_note")
        # sudo: write access to the removed dossier checked by _check_merge_rights;
        # deleting it is the merge itself (users may not delete dossiers)
        removed.sudo().with_context(active_test=False).unlink()
        survivor._casework_audit(
            "merge", self.env._("Dossier %(number)s merged into this dossier", number=removed_number)
        )
        _logger.info("Casework: dossier %s merged into %s by uid %s", removed_number, survivor.number, self.env.uid)
        return survivor

    @api.model
    def _foreign_key_columns(self, table):
        """(table, column) of every foreign key to ``table``, plus the stored
        many2one fields to its model (a foreign key may be missing)."""
        cr = self.env.cr
        cr.execute("""
            SELECT cl1.relname, att1.attname
              FROM pg_constraint con
              JOIN pg_class cl1 ON con.conrelid = cl1.oid
              JOIN pg_class cl2 ON con.confrelid = cl2.oid
              JOIN pg_attribute att1 ON att1.attrelid = cl1.oid AND att1.attnum = con.conkey[1]
             WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1
               AND cl2.relname = %s AND cl2.relnamespace = current_schema::regnamespace
        """, [table])
        columns = set(cr.fetchall())
        model_name = next((m._name for m in self.env.registry.values() if m._table == table and not m._abstract), None)
        for model in self.env.registry.values():
            if model._abstract or not model._auto or model._table_query:
                continue
            for field in model._fields.values():
                if field.type == "many2one" and field.store and field.comodel_name == model_name \
                        and not field.company_dependent and field.column_type:
                    columns.add((model._table, field.name))
        return sorted(columns)

    @api.model
    def _move_references(self, model_name, src_id, dst_id, skip=()):
        """Point to ``dst_id`` everything that points to ``src_id`` of
        ``model_name``. Rows that would duplicate one the destination already
        has (a unique constraint fails) are deleted: the destination's stays.

        :return: [(model, field, ids)] of the rows moved by a foreign key,
            for recomputations and constraint checks
        """
        cr = self.env.cr
        table = self.env[model_name]._table
        models_by_table = {}
        for model in self.env.registry.values():
            if not model._abstract and model._auto and not model._table_query:
                models_by_table.setdefault(model._table, model._name)
        moved = []
        for ref_table, column in self._foreign_key_columns(table):
            if (ref_table, column) in skip or ref_table == table and column == "id":
                continue
            columns = table_columns(cr, ref_table)
            if column not in columns:
                continue
            query = {"table": SQL.identifier(ref_table), "column": SQL.identifier(column)}
            if "id" not in columns:
                # many2many relation table: keep one row per pair
                others = [name for name in columns if name != column]
                same = SQL(" AND ").join(
                    SQL("w.%s = t.%s", SQL.identifier(name), SQL.identifier(name)) for name in others
                ) if others else SQL("TRUE")
                cr.execute(SQL(
                    "UPDATE %(table)s t SET %(column)s = %(dst)s WHERE t.%(column)s = %(src)s AND NOT EXISTS "
                    "(SELECT 1 FROM %(table)s w WHERE w.%(column)s = %(dst)s AND %(same)s)",
                    dst=dst_id, src=src_id, same=same, **query,
                ))
                cr.execute(SQL("DELETE FROM %(table)s WHERE %(column)s = %(src)s", src=src_id, **query))
                continue
            cr.execute(SQL("SELECT id FROM %(table)s WHERE %(column)s = %(src)s", src=src_id, **query))
            ids = [row[0] for row in cr.fetchall()]
            if not ids:
                continue
            try:
                with mute_logger("odoo.sql_db"), cr.savepoint():
                    cr.execute(SQL("UPDATE %(table)s SET %(column)s = %(dst)s WHERE id IN %(ids)s",
                                   dst=dst_id, ids=tuple(ids), **query))
            except psycopg2.Error:
                kept = []
                for row_id in ids:
                    try:
                        with mute_logger("odoo.sql_db"), cr.savepoint():
                            cr.execute(SQL("UPDATE %(table)s SET %(column)s = %(dst)s WHERE id = %(id)s",
                                           dst=dst_id, id=row_id, **query))
                        kept.append(row_id)
                    except psycopg2.Error:
                        cr.execute(SQL("DELETE FROM %(table)s WHERE id = %(id)s", id=row_id, **query))
                ids = kept
            if ids and ref_table in models_by_table:
                moved.append((models_by_table[ref_table], column, ids))
        self._move_document_references(model_name, src_id, dst_id)
        return moved

    @api.model
    def _move_document_references(self, model_name, src_id, dst_id):
        """``res_model``/``res_id`` pairs (messages, activities, followers,
        attachments, calendar events...) and reference fields."""
        cr = self.env.cr
        # followers: one per partner and document
        cr.execute("""
            DELETE FROM mail_followers f
             WHERE f.res_model = %s AND f.res_id = %s
               AND EXISTS (SELECT 1 FROM mail_followers g
                            WHERE g.res_model = f.res_model AND g.res_id = %s AND g.partner_id = f.partner_id)
        """, [model_name, src_id, dst_id])
        for model in self.env.registry.values():
            if model._abstract or not model._auto or model._table_query:
                continue
            for field in model._fields.values():
                if not field.store or not field.column_type:
                    continue
                if field.type == "many2one_reference":
                    model_field = model._fields.get(field.model_field)
                    if not model_field or not model_field.store:
                        continue
                    condition = SQL("%s = %s AND %s = %s", SQL.identifier(field.model_field), model_name,
                                    SQL.identifier(field.name), src_id)
                    value = SQL("%s", dst_id)
                elif field.type == "reference":
                    condition = SQL("%s = %s", SQL.identifier(field.name), f"{model_name},{src_id}")
                    value = SQL("%s", f"{model_name},{dst_id}")
                else:
                    continue
                query = {"table": SQL.identifier(model._table), "column": SQL.identifier(field.name)}
                try:
                    with mute_logger("odoo.sql_db"), cr.savepoint():
                        cr.execute(SQL("UPDATE %(table)s SET %(column)s = %(value)s WHERE %(condition)s",
                                       value=value, condition=condition, **query))
                except psycopg2.Error:
                    # a unique constraint: the destination already has the same row
                    cr.execute(SQL("DELETE FROM %(table)s WHERE %(condition)s", condition=condition, **query))
