from odoo import models
from odoo.exceptions import AccessError


class PrivacyLookupWizardLine(models.TransientModel):
    """A line of Odoo's privacy lookup archives or deletes its record as
    superuser: within Casework it does so only for a record the user may
    change (a line may be created over RPC for any record)."""

    _inherit = "privacy.lookup.wizard.line"

    def _casework_record_readable(self, operation="read"):
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env or not self.res_id:
            return False
        # as the user, also when Odoo computes a stored field as superuser
        return self.env[self.res_model].with_user(self.env.user).browse(self.res_id).exists().has_access(operation)

    def _casework_check_record(self, operation):
        for line in self:
            if line.res_model and line.res_id and not line._casework_record_readable(operation):
                raise AccessError(self.env._("You may not change this record."))

    def _compute_res_name(self):
        """Odoo names the line's record as superuser: a record the user may
        not read keeps no name (a line may point anywhere)."""
        result = super()._compute_res_name()
        for line in self:
            if line.res_model and line.res_id and not line._casework_record_readable():
                line.res_name = False
        return result

    def _onchange_is_active(self):
        self._casework_check_record("write")
        return super()._onchange_is_active()

    def action_unlink(self):
        """Odoo's deletion, for a record the user may delete.

        :raise AccessError: the record is out of the user's reach
        """
        self._casework_check_record("unlink")
        return super().action_unlink()
