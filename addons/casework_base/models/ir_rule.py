import logging

from odoo import models
from odoo.fields import Domain

_logger = logging.getLogger(__name__)


class IrRule(models.Model):
    """Access errors never name the records refused, and wizards are private
    to the user who created them.

    In debug mode (technical features), Odoo lists the names of the records
    a record rule refused in the error it shows: a user who may not read a
    dossier would read the person's name in the refusal. In Casework the
    error names the kind of record only, for every model and every user;
    the refused ids stay in the server log.

    Odoo lets every user with an access right on a wizard (transient) model
    read and change every record of it: a colleague would read the SMS a
    référent is writing to a person (the number, the text), the activities
    or followers they are adding to a dossier, a file being imported.
    Every wizard of every addon, Odoo's own included, is read, changed and
    deleted only by its creator (the superuser is not concerned), as the
    global rules of ``security/casework_wizard_rules.xml`` say for the
    Casework ones; the lines of a wizard (a transient record pointing to
    another) follow their wizard, whoever created them (a stored computed
    one2many is created at the flush, possibly in superuser mode).
    """

    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        _logger.info(
            "Access Denied by record rules for operation: %s on record ids: %r, uid: %s, model: %s",
            operation, records.ids[:6], self.env.uid, records._name,
        )
        return super()._make_access_error(operation, records.browse())

    def _compute_domain(self, model_name, mode="read"):
        domain = super()._compute_domain(model_name, mode)
        model = self.env[model_name]
        if model._transient and not self.env.su and "create_uid" in model._fields:
            domain = Domain.AND([domain, self._casework_wizard_domain(model)]).optimize(model)
        return domain

    def _casework_wizard_domain(self, model):
        """The records of the transient ``model`` the current user may
        access: those they created, or the lines of their wizards."""
        own = Domain("create_uid", "=", self.env.uid)
        parents = [
            field.name for field in model._fields.values()
            if field.type == "many2one" and field.store and self.env[field.comodel_name]._transient
            and field.comodel_name != model._name
        ]
        if not parents:
            return own
        parent = parents[0]
        return Domain(parent, "any", own) | (Domain(parent, "=", False) & own)
