from odoo import models


class PrivacyLookupWizard(models.TransientModel):
    """Odoo's privacy lookup (Settings, for system administrators) searches
    every table for a name or an e-mail address as superuser. Within
    Casework it finds only what the user may read: the lines of records out
    of their scope (a person of a dossier they do not follow, her messages,
    appointments...) are dropped; a dossier's own data is exported and
    erased with Casework's subject-access export and anonymisation.
    """

    _inherit = "privacy.lookup.wizard"

    def _get_query_models_blacklist(self):
        """Leave out the models whose ``active`` is not a column of their own
        table (a dossier inherits its partner's): Odoo's query reads it
        there. Their partner is found as a partner."""
        models_blacklist = super()._get_query_models_blacklist()
        for model_name in self.env:
            field = self.env[model_name]._fields.get("active")
            if field is not None and field.inherited:
                models_blacklist.append(model_name)
        return models_blacklist

    def _get_query(self):
        """Odoo's query, composed as superuser: it checks the access to every
        many-to-one to a partner it searches, and a field restricted to groups
        the user is not in (the contacts of a step, hidden from operators)
        would make the whole lookup fail.

        :return: Odoo's ``SQL`` query
        """
        # sudo: the SQL finding the references to the person (ids only), as
        # Odoo's lookup runs it; the lines of records the user may not read
        # are dropped afterwards (action_lookup)
        return super(PrivacyLookupWizard, self.sudo())._get_query()

    def action_lookup(self):
        """Odoo's lookup, then only the lines of records the user may read.

        :return: the action opening the lines (Odoo's)
        """
        action = super().action_lookup()
        hidden = self.line_ids.filtered(lambda line: not line._casework_record_readable())
        # sudo: the lines of the user's own lookup, just made (Odoo gives no right to delete them)
        hidden.sudo().unlink()
        return action
