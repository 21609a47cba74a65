import logging

from odoo import models

_logger = logging.getLogger(__name__)


class IrRule(models.Model):
    """Access errors never name the records refused.

    In debug mode (technical features), Odoo lists the names of the records
    a record rule refused in the error it shows: a user who may not read a
    dossier would read the person's name in the refusal. In Casework the
    error names the kind of record only, for every model and every user;
    the refused ids stay in the server log.
    """

    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        _logger.info(
            "Access Denied by record rules for operation: %s on record ids: %r, uid: %s, model: %s",
            operation, records.ids[:6], self.env.uid, records._name,
        )
        return super()._make_access_error(operation, records.browse())
