from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Command


class CaseworkDossierWizardMixin(models.AbstractModel):
    """A wizard given dossiers (or records of dossiers) works only on those
    the **current user** may access (``_casework_dossier_operation``,
    ``write`` by default: a wizard changes them or files something in them).

    Why: a wizard is an API like any model. Its many2one values are read
    back (``read``, ``web_read``, ``onchange``) with their display name
    computed as superuser, and its computed fields may copy values of its
    records: given a dossier id out of the user's scope, it would show the
    person's name. So the records given are checked, as the user, before
    anything is computed or sent back: in ``default_get`` (the selection in
    ``active_ids`` is only a default), ``onchange``, ``create`` and
    ``write`` (``AccessError`` naming no record), and again on the records
    themselves after ``create``/``write`` and from the wizards'
    ``@api.onchange`` methods. Wizards are also private to their creator
    (global record rules in ``security/casework_wizard_rules.xml``).

    Inheriting wizards list their fields in ``_casework_dossier_fields``
    (many2one or many2many) and may override :meth:`_casework_check_dossiers`.
    """

    _name = "casework.dossier.wizard.mixin"
    _description = "Wizard on dossiers of the user's scope"

    # many2one or many2many fields whose records are checked
    _casework_dossier_fields = ()
    # access the user needs on each of them
    _casework_dossier_operation = "write"

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _casework_dossier_scope_message(self):
        return self.env._(
            "You can only use this on dossiers within your scope (your active file, or the dossiers of your "
            "territories)."
        )

    @api.model
    def _casework_check_dossiers(self, records):
        """Refuse ``records`` (of any of the fields) unless the current user
        may access them with ``_casework_dossier_operation``.

        :raise AccessError: with a message naming no record (Odoo's own
            message names them in debug mode)
        """
        if self.env.su or not records:
            return
        try:
            records.check_access(self._casework_dossier_operation)
        except AccessError:
            raise AccessError(self._casework_dossier_scope_message()) from None

    @api.model
    def _casework_values_records(self, values):
        """The existing records given in ``values`` (create/write/onchange
        values: ids, ``{"id": ...}``, commands) for each checked field."""
        result = []
        for fname in self._casework_dossier_fields:
            value = values.get(fname)
            if not value:
                continue
            ids = []
            if isinstance(value, int):
                ids = [value]
            elif isinstance(value, dict):
                ids = [value.get("id")]
            elif isinstance(value, models.BaseModel):
                ids = value._origin.ids
            elif isinstance(value, (list, tuple)):
                for command in value:
                    if isinstance(command, int):
                        ids.append(command)
                    elif isinstance(command, (list, tuple)) and command:
                        if command[0] in (Command.LINK, Command.UPDATE) and len(command) > 1:
                            ids.append(command[1])
                        elif command[0] == Command.SET and len(command) > 2:
                            ids.extend(command[2] or [])
            ids = [record_id for record_id in ids if isinstance(record_id, int)]
            if ids:
                result.append(self.env[self._fields[fname].comodel_name].browse(ids).exists())
        return result

    @api.model
    def _casework_check_dossier_values(self, values):
        for records in self._casework_values_records(values):
            self._casework_check_dossiers(records)

    def _casework_wizard_dossiers(self):
        """The records of the checked fields of the wizards (also of a new
        record in an onchange), whatever the user may read, by field."""
        result = []
        for fname in self._casework_dossier_fields:
            # sudo: only the ids of the wizard's records, back in the user's env to be checked by the caller
            records = self.sudo().mapped(fname)._origin.with_env(self.env).exists()
            if records:
                result.append(records)
        return result

    def _casework_check_dossier_scope(self):
        """Check the records of the wizards (see :meth:`_casework_check_dossiers`)."""
        for records in self._casework_wizard_dossiers():
            self._casework_check_dossiers(records)

    # ------------------------------------------------------------------
    # Where a client gives records
    # ------------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        self._casework_check_dossier_values(values)
        return values

    def onchange(self, values, field_names, fields_spec):
        # the access rights first (as Odoo's onchange does), then the records
        self.check_access("write" if self else "create")
        self._casework_check_dossier_values(values)
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        for vals in vals_list:
            self._casework_check_dossier_values(vals)
        records = super().create(vals_list)
        records._casework_check_dossier_scope()
        return records

    def write(self, vals):
        self._casework_check_dossier_values(vals)
        result = super().write(vals)
        if set(vals) & set(self._casework_dossier_fields):
            self._casework_check_dossier_scope()
        return result
