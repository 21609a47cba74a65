from odoo import models

# Odoo's own terms that its translations leave in English and that Casework's
# users meet (the activity type of the reminders Casework schedules, in the
# chatter and the task lists): language -> {(xml id, field): translation}
CASEWORK_ODOO_TERMS = {
    "fr_FR": {
        ("mail.mail_activity_data_todo", "name"): "À faire",
        ("mail.mail_activity_data_todo", "summary"): "À faire",
    },
}


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        """Odoo's translation files, then Casework's translations of the
        terms of Odoo they leave in English (:data:`CASEWORK_ODOO_TERMS`)."""
        result = super()._load_module_terms(modules, langs, overwrite=overwrite)
        self._casework_translate_odoo_terms(langs)
        return result

    def _casework_translate_odoo_terms(self, langs):
        """Give the terms of :data:`CASEWORK_ODOO_TERMS` their translation in
        ``langs``, where it is still the English source (a translation
        someone changed is kept)."""
        for lang in set(langs) & set(CASEWORK_ODOO_TERMS):
            for (xmlid, fname), value in CASEWORK_ODOO_TERMS[lang].items():
                # sudo: the translation of a data record, set while translation files are loaded
                record = self.env.ref(xmlid, raise_if_not_found=False)
                record = record and record.sudo()
                if not record or fname not in record._fields:
                    continue
                source = record.with_context(lang="en_US")[fname]
                if record.with_context(lang=lang)[fname] in (False, "", source):
                    record.with_context(lang=lang).write({fname: value})
