from odoo import models


class CaseworkOperatorScopeMixin(models.AbstractModel):
    """A case record the operator running it may see: besides the dossier's
    scope (``casework.case.mixin``), a user of the Operator role reaches the
    records whose operator (``_casework_operator_path``) is their
    organisation (``res.users.casework_operator_partner_id``)."""

    _name = "casework.operator.scope.mixin"
    _description = "Case record seen by its operator"
    _casework_operator_path = "operator_id"
