from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseworkCircle(models.Model):
    """A confidentiality circle (cercle de confidentialité).

    A note (or any record using ``casework.circle.mixin``) restricted to a
    circle is read only by the circle's members and its author, on top of the
    dossier's scope. The circle "Tous" (``is_all``) is the default: everyone
    who may read the dossier. Administrators configure the circles.
    """

    _name = "casework.circle"
    _description = "Confidentiality circle"
    _order = "is_all desc, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_all = fields.Boolean(
        string="Everyone",
        readonly=True,
        help="The circle of everyone who may read the dossier: it restricts nothing.",
    )
    user_ids = fields.Many2many("res.users", string="Members", domain=[("share", "=", False)])
    description = fields.Text()

    _name_uniq = models.Constraint("UNIQUE(name)", "A circle with this name already exists.")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_all(self):
        if any(circle.is_all for circle in self):
            raise UserError(self.env._("The circle “Tous” is the default circle of every note: it cannot be deleted."))

    def write(self, vals):
        if "active" in vals and not vals["active"] and any(circle.is_all for circle in self):
            raise UserError(self.env._("The circle “Tous” is the default circle of every note: it cannot be archived."))
        return super().write(vals)

    @api.model
    def _get_default_circle(self):
        return self.env.ref("casework_base.casework_circle_all", raise_if_not_found=False) or self.search(
            [("is_all", "=", True)], limit=1
        )
