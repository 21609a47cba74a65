from odoo import api, fields, models
from odoo.fields import Domain


class CaseworkCircleMixin(models.AbstractModel):
    """Restrict a record to a confidentiality circle.

    Adds ``circle_id`` (default: the circle "Tous", which restricts nothing).
    The restriction itself is a record rule: give the model a global rule
    whose domain is :meth:`_casework_circle_domain` written out, e.g. ::

        ['|', '|', ('circle_id.is_all', '=', True),
                   ('circle_id.user_ids', 'in', user.id),
                   ('<author field>', '=', user.id)]

    (see ``casework_note_rule_confidentiality`` in
    ``security/casework_note_security.xml``). A model that shows a restricted
    part of a record only (e.g. the synthesis of an appointment) can rather
    test :meth:`_casework_circle_allows` in a compute and blank that part.
    """

    _name = "casework.circle.mixin"
    _description = "Confidentiality circle mixin"
    _casework_circle_author_field = "create_uid"

    circle_id = fields.Many2one(
        "casework.circle",
        required=True,
        ondelete="restrict",
        index=True,
        default=lambda self: self.env["casework.circle"]._get_default_circle(),
        help="Confidentiality circle: only its members (and the author) read a restricted record. "
        "“Tous” means everyone who may read the dossier.",
    )

    @api.model
    def _casework_circle_domain(self, user=None):
        """Domain of the records of this model ``user`` (default: the current
        user) may read as far as circles go."""
        user = user or self.env.user
        return (
            Domain("circle_id.is_all", "=", True)
            | Domain("circle_id.user_ids", "in", user.id)
            | Domain(self._casework_circle_author_field, "=", user.id)
        )

    def _casework_circle_allows(self, user=None):
        """Whether ``user`` (default: the current user) is within the circle of
        the record, as far as circles go (the dossier's scope still applies)."""
        self.ensure_one()
        user = user or self.env.user
        # sudo: the circle and author of the record, compared to decide access; nothing shown
        record = self.sudo()
        return (
            record.circle_id.is_all
            or user in record.circle_id.user_ids
            or record[self._casework_circle_author_field] == user
        )
