import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestFrenchUi(TransactionCase):
    """Every user-facing term of every installed Casework addon (views,
    fields, selections, menus, messages of the code, mail subtypes,
    templates) has its French translation in the addon's ``i18n/fr.po``:
    the terms are read as Odoo's translation export reads them, from the
    installed database and the code, not from the file itself."""

    def _is_casework_term(self, name, res_id):
        """Whether the term is Casework's: not the label of a field or a
        model an Odoo module adds to a Casework model (a mixin's "Website
        Messages" on the dossier), which that module translates."""
        if name in ("ir.model.fields,field_description", "ir.model.fields,help"):
            field = self.env.ref(res_id, raise_if_not_found=False)
            if field and field.model in self.env and field.name in self.env[field.model]._fields:
                return (self.env[field.model]._fields[field.name]._module or "").startswith("casework")
        if name == "ir.model,name":
            model = self.env.ref(res_id, raise_if_not_found=False)
            if model and model.model in self.env:
                return self.env[model.model]._original_module.startswith("casework")
        return True

    def test_every_term_is_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "casework\\_%"), ("state", "=", "installed")]).mapped("name")
        untranslated = {}
        for module in modules:
            po = polib.pofile(f"{get_module_path(module)}/i18n/fr.po")
            translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
            reader = TranslationModuleReader(self.env.cr, modules=[module], lang="fr_FR")
            terms = {source for term_module, _type, name, res_id, source, _value, _comments in reader
                     if term_module == module and self._is_casework_term(name, res_id)}
            if missing := sorted(terms - translated):
                untranslated[module] = missing
        self.assertFalse(
            untranslated,
            "terms without French translation (regenerate i18n/fr.po and translate them):\n" + "\n".join(
                f"{module}: {len(terms)}: {terms[:5]}" for module, terms in untranslated.items()),
        )
