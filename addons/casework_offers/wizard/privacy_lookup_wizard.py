from odoo import models


class PrivacyLookupWizard(models.TransientModel):
    """Odoo's privacy lookup searches every many-to-one to a partner, and
    composes its query with the fields' access check: a field restricted to
    groups the system administrator is not in (the contacts of a step, hidden
    from the operators) would make the lookup fail for them."""

    _inherit = "privacy.lookup.wizard"

    def _get_query(self):
        # sudo: the SQL finding the references to the person (ids only), as
        # Odoo's lookup runs it; the lines of records the user may not read
        # are dropped afterwards (casework_lifecycle's action_lookup)
        return super(PrivacyLookupWizard, self.sudo())._get_query()
