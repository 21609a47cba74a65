from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

SCOPE_MODES = [("read", "Read"), ("write", "Read and write")]



def scope_field(help_text):
    """The field ``casework_scope``: the current user's access ("read",
    "write" or nothing) to a dossier or to the dossier of a record, computed
    by the model's ``_compute_casework_scope`` and searched by its
    ``_search_casework_scope`` (the domain of its record rules). One
    declaration for the dossier, the case records and the reporting rows.

    :param help_text: the field's help (what the access is to)
    :return: a ``fields.Selection``
    """
    return fields.Selection(
        SCOPE_MODES,
        string="My access",
        compute="_compute_casework_scope",
        search="_search_casework_scope",
        help=help_text,
    )

def system_field_names(model):
    """The fields of ``model`` that only the system writes: the model's
    ``_casework_system_fields``, and every stored field a Casework module
    declares read-only (numbers, dates kept by the jobs, stored computations,
    the dossier's territory copied on its records...).

    :return: frozenset of field names
    """
    names = set(getattr(model, "_casework_system_fields", ()))
    for name, field in model._fields.items():
        if (
            field.store and field.readonly and name not in models.MAGIC_COLUMNS and name != "beneficiary_id"
            and (field._module or "").startswith("casework")
        ):
            names.add(name)
    return frozenset(names)


def check_system_fields(model, field_names):
    """Refuse values given by a user for the system fields of ``model``.

    :param field_names: names of the fields given (values, or ``default_*``
        context keys of a creation)
    :raise AccessError: naming the fields, when one of them is a system field
    """
    forbidden = set(field_names) & system_field_names(model)
    if forbidden:
        labels = sorted(model._fields[fname]._description_string(model.env) for fname in forbidden)
        raise AccessError(model.env._(
            "These fields are maintained by Casework and cannot be changed by hand: %(fields)s.",
            fields=", ".join(labels),
        ))


def given_field_names(model, vals_list):
    """Names of the fields a creation sets: its values and the ``default_*``
    keys of the context (client input too)."""
    names = {fname for vals in vals_list for fname in vals}
    names.update(key[8:] for key in model.env.context if key.startswith("default_") and key[8:] in model._fields)
    return names


def users_with_access(records, users, operation="read"):
    """Which of ``users`` may ``operation`` each of ``records``, as Odoo
    decides it for them (access rights and every record rule).

    :param records: records of any model (dossiers, case records, events...)
    :param users: ``res.users`` recordset
    :param operation: "read", "write", "create" or "unlink"
    :return: dict {record id: res.users recordset}
    """
    result = {record_id: users.browse() for record_id in records.ids}
    for user in users:
        allowed = records.with_user(user).with_context(active_test=False)._filtered_access(operation)
        for record_id in allowed.ids:
            result[record_id] |= user
    return result


class CaseworkCaseMixin(models.AbstractModel):
    """A record that belongs to one dossier (a case record) and follows its
    scope: whoever reads the dossier reads it, whoever may change the dossier
    changes it.

    Inheriting models get:

    * ``beneficiary_id``, required, and immutable once created: only the
      system (merge and anonymisation, in superuser mode) moves a record to
      another dossier;
    * ``territory_id``, the dossier's territory, stored so that the scope of a
      secretary or manager is one indexed comparison;
    * ``casework_scope``, the current user's access to the record's dossier
      ("read", "write" or nothing), searchable: the model's record rules are
      one read rule ``[('casework_scope', 'in', ('read', 'write'))]`` and one
      write rule ``[('casework_scope', '=', 'write')]``
      (``security/casework_rules.xml``); the scope itself is
      :meth:`casework.beneficiary._casework_scope_domain`, in one place;
    * system fields (:func:`system_field_names`: ``_casework_system_fields``
      and the stored read-only fields), refused in ``create`` and ``write``
      for users; the code that maintains them writes in superuser mode.

    A model whose ``beneficiary_id`` derives from another record (a veille
    from its enrolment) redefines it as a stored related field: changing the
    record it derives from to one of another dossier is refused the same way.
    """

    _name = "casework.case.mixin"
    _description = "Case record (follows its dossier's scope)"
    _casework_system_fields = frozenset()

    beneficiary_id = fields.Many2one(
        "casework.beneficiary", string="Dossier", required=True, ondelete="cascade", index=True
    )
    territory_id = fields.Many2one(
        "casework.territory", related="beneficiary_id.territory_id", store=True, index=True, string="Territory"
    )
    casework_scope = scope_field("The current user's access to the dossier of this record.")

    @api.depends_context("uid")
    @api.depends("beneficiary_id.casework_scope")
    def _compute_casework_scope(self):
        for record in self:
            record.casework_scope = record.beneficiary_id.casework_scope

    def _search_casework_scope(self, operator, value):
        if operator != "in":
            return NotImplemented
        territory = "territory_id" if self._fields["territory_id"].store else "beneficiary_id.territory_id"
        return self.env["casework.beneficiary"]._casework_scope_domain(
            self.env["casework.beneficiary"]._casework_scope_mode(value), dossier="beneficiary_id", territory=territory
        )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        check_system_fields(self, given_field_names(self, vals_list))
        for vals in vals_list:
            if vals.get("beneficiary_id"):
                self._casework_check_same_dossier(vals, vals["beneficiary_id"])
        try:
            return super().create(vals_list)
        except UserError:
            # Odoo checks a new record's constraints before its record rules:
            # a constraint's message (which may name the dossier, its person,
            # its other records) is for users who may change the dossier
            if not self._casework_refused_dossiers(vals_list):
                raise
        # raised out of the handler: the refusal carries no trace of the first error
        raise AccessError(self.env._(
            "You may not add records to a dossier you may not change (%(model)s).", model=self._description,
        ))

    @api.model
    def _casework_refused_dossiers(self, vals_list):
        """The dossiers ``vals_list`` would add records to that the user may
        not change (a dossier they are creating themselves aside).

        :return: ``casework.beneficiary`` recordset
        """
        dossier_ids = set()
        for vals in vals_list:
            for fname in self._casework_dossier_path_fields(vals):
                if isinstance(vals[fname], int) and vals[fname]:
                    # sudo: only the id of the target's dossier, checked below
                    target = self.env[self._fields[fname].comodel_name].sudo().browse(vals[fname]).exists()
                    dossier_ids.add(target.id if target._name == "casework.beneficiary" else target.beneficiary_id.id)
        dossiers = self.env["casework.beneficiary"].with_context(active_test=False).browse(dossier_ids - {False})
        refused = dossiers.exists() - dossiers._filtered_access("write")
        # sudo: who created the refused dossiers and when, nothing shown
        return refused.sudo().filtered(
            lambda d: not (d.create_uid.id == self.env.uid and d.create_date == self.env.cr.now())
        )

    def write(self, vals):
        if not self.env.su:
            check_system_fields(self, vals)
            if self._casework_dossier_path_fields(vals):
                # sudo: the records' dossier ids, compared with the values (write access checked by the ORM)
                for dossier in self.sudo().beneficiary_id:
                    self._casework_check_same_dossier(vals, dossier.id)
        return super().write(vals)

    @api.model
    def _casework_dossier_path_fields(self, field_names):
        """Those of ``field_names`` that decide or depend on which dossier a
        record belongs to: the many-to-one fields to a dossier or to a case record."""
        names = []
        for fname in field_names:
            field = self._fields.get(fname)
            if field is None or field.type != "many2one":
                continue
            comodel = self.env[field.comodel_name]
            if comodel._name == "casework.beneficiary" or "casework_scope" in comodel._fields:
                names.append(fname)
        return names

    @api.model
    def _casework_check_same_dossier(self, vals, dossier_id):
        """A record stays in its dossier, and only points to records of it:
        every dossier or case record given in ``vals`` must be (or belong to)
        the dossier ``dossier_id``. Checked before anything is written.

        :raise AccessError: naming the model, otherwise
        """
        for fname in self._casework_dossier_path_fields(vals):
            if not vals[fname]:
                continue
            # sudo: only the dossier id of the target, compared; a mismatch is refused naming the model only
            target = self.env[self._fields[fname].comodel_name].browse(vals[fname]).sudo()
            target_dossier = target.id if target._name == "casework.beneficiary" else target.beneficiary_id.id
            if target_dossier != dossier_id:
                raise AccessError(self.env._(
                    "A record of a dossier cannot be moved to another dossier, nor refer to a record of another "
                    "dossier (%(model)s). Merging two dossiers moves their records.",
                    model=self._description,
                ))
