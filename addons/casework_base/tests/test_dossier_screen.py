from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CaseworkCommon


def object_buttons(arch, header_only=False, with_groups=False):
    """The names of the ``type="object"`` buttons of a form's arch (those of
    the form itself, not of the lists of its one2many fields): of its header
    only with ``header_only``, those restricted to groups only with
    ``with_groups``."""
    root = etree.fromstring(arch) if isinstance(arch, str) else arch
    names = set()
    for button in root.iter("button"):
        if button.get("type") != "object" or any(parent.tag == "field" for parent in button.iterancestors()):
            continue
        if header_only and not any(parent.tag == "header" for parent in button.iterancestors()):
            continue
        if with_groups and not button.get("groups"):
            continue
        names.add(button.get("name"))
    return names


class DossierScreenCase(CaseworkCommon):
    """What each role is shown on the dossier's form, and whether it works."""

    def _form_buttons(self, user, header_only=False):
        """The object buttons of the dossier's form as ``user`` gets it (the
        web client's ``get_views``: the ``groups=`` already applied)."""
        views = self.env["casework.beneficiary"].with_user(user).get_views([(False, "form")])
        return object_buttons(views["views"]["form"]["arch"], header_only=header_only)

    def _buttons_with_groups(self):
        """Every object button of the dossier's form restricted to groups."""
        arch = self.env.ref("casework_base.casework_beneficiary_view_form").get_combined_arch()
        return object_buttons(arch, with_groups=True)

    def _press(self, user, dossier, name):
        """Call the button ``name`` of ``dossier`` as ``user`` (in a savepoint).

        :return: what the method returned, or the ``UserError`` it raised (a
            business refusal such as "no CV filed")
        :raise AccessError: as the method does
        """
        try:
            with self.env.cr.savepoint():
                return getattr(dossier.with_user(user), name)()
        except AccessError:
            raise
        except UserError as error:
            return error


@tagged("post_install", "-at_install")
class TestDossierScreen(DossierScreenCase):
    def _roles(self):
        return {
            "referent": self.referent, "secretariat": self.secretariat, "manager": self.manager,
            "fse": self.fse, "admin": self.admin,
        }

    def test_every_button_shown_is_usable(self):
        """Each role reading the dossier gets only buttons it may use: none
        answers "access error", and the screen a button opens is one of a
        model the user may read (create, for a dialog creating a record)."""
        for role, user in self._roles().items():
            for name in sorted(self._form_buttons(user)):
                with self.subTest(role=role, button=name):
                    try:
                        result = self._press(user, self.dossier_north, name)
                    except AccessError as error:
                        self.fail(f"{role} is shown the button {name} of the dossier but may not use it: {error}")
                    if not isinstance(result, dict) or result.get("type") != "ir.actions.act_window":
                        continue
                    model = self.env[result["res_model"]].with_user(user)
                    dialog = result.get("target") == "new" and not result.get("res_id")
                    self.assertTrue(model.has_access("create" if dialog else "read"),
                                    f"{role}: the button {name} opens {model._name}, out of the role's rights")

    def test_buttons_hidden_are_refused(self):
        """A button the form hides from a role (``groups=``) is one the server
        refuses to that role: ``groups=`` only spares a useless click."""
        restricted = self._buttons_with_groups()
        for role, user in self._roles().items():
            for name in sorted(restricted - self._form_buttons(user)):
                with self.subTest(role=role, button=name), self.assertRaises(AccessError):
                    self._press(user, self.dossier_north, name)

    def test_fse_manager_reads_but_does_not_change(self):
        """The FSE manager reads the dossiers of their territories: no button
        changing the dossier, nor "Update a characteristic" (refused)."""
        shown = self._form_buttons(self.fse)
        for name in ("action_open_characteristic_update", "action_justify_identity", "action_unjustify_identity"):
            self.assertNotIn(name, shown)
        self.assertIn("action_open_characteristic_history", shown)
        with self.assertRaises(AccessError):
            self.dossier_north.with_user(self.fse).action_open_characteristic_update()
        self.assertIn("action_open_characteristic_update", self._form_buttons(self.referent))

    def test_header_fits_one_line(self):
        """Routine actions only in the header (the rare ones are in the gear
        menu, the justification of the identity in the identity's section):
        at most five buttons for any role."""
        for role, user in self._roles().items():
            header = self._form_buttons(user, header_only=True)
            with self.subTest(role=role):
                self.assertLessEqual(len(header), 5, header)

    def _gear_actions(self, user):
        """The names of the actions of the dossier form's gear menu for ``user``."""
        bindings = self.env["ir.actions.actions"].with_user(user).get_bindings("casework.beneficiary")
        return {
            action["name"] for kind in ("action", "report") for action in bindings.get(kind, [])
            if "form" in (action.get("binding_view_types") or "list,form").split(",")
        }

    def test_rare_actions_in_the_gear_menu(self):
        """Archive and anonymise, merge, subject-access export: not in the
        header, in the dossier's gear menu of the roles allowed to (each
        opens a dialog asking for a confirmation)."""
        if not self.env.ref("casework_identity.casework_beneficiary_merge_action", raise_if_not_found=False):
            self.skipTest("casework_identity (and casework_lifecycle) not installed")
        for name in ("action_open_anonymise_wizard", "action_open_subject_access_export"):
            self.assertNotIn(name, self._form_buttons(self.admin))
        expected = {
            self.referent: set(),
            self.fse: set(),
            self.secretariat: {"Archive and anonymise", "Merge dossiers"},
            self.admin: {"Archive and anonymise", "Merge dossiers", "Subject-access export"},
        }
        rare = {"Archive and anonymise", "Merge dossiers", "Subject-access export"}
        for user, actions in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._gear_actions(user) & rare, actions)


@tagged("post_install", "-at_install")
class TestMenusPerRole(CaseworkCommon):
    def test_every_menu_shown_opens(self):
        """Every Casework menu a role is shown opens a screen of a model the
        role may read: no "access error" from a menu (a screen that is not
        the role's, such as the feed import for the secretariat, is not in
        its menus). Server actions (the landing page, the appointments) are
        run as the user."""
        root = self.env.ref("casework_base.casework_menu_root")
        users = {
            "referent": self.referent, "secretariat": self.secretariat, "manager": self.manager,
            "fse": self.fse, "finance": self.finance, "operator": self.operator, "admin": self.admin,
        }
        for role, user in users.items():
            Menu = self.env["ir.ui.menu"].with_user(user)
            menus = Menu.browse(Menu._visible_menu_ids()).sudo().filtered(
                lambda menu: menu.parent_path.startswith(f"{root.id}/")
            )
            for menu in menus.filtered("action"):
                with self.subTest(role=role, menu=menu.complete_name):
                    action = menu.action
                    if action._name == "ir.actions.server":
                        with self.env.cr.savepoint():
                            action = action.with_user(user).run() or {}
                    else:
                        action = {"type": action.type, "res_model": getattr(action, "res_model", False)}
                    if action.get("type") == "ir.actions.act_window":
                        self.assertTrue(self.env[action["res_model"]].with_user(user).has_access("read"),
                                        f"{role}: the menu opens {action['res_model']}, out of the role's rights")

    def test_feed_import_not_in_the_secretariat_menus(self):
        """The import of a feed file is the administrators' screen (the
        configuration): not in the menus of the secretariat, who would get an
        access error."""
        menu = self.env.ref("casework_feed.casework_menu_config_feed_import", raise_if_not_found=False)
        if not menu:
            self.skipTest("casework_feed is not installed")
        for user in (self.secretariat, self.manager, self.referent, self.fse):
            self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.admin)._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestFrenchLabels(CaseworkCommon):
    def test_audit_log_actions_in_french(self):
        """The audit trail shows what was done in the user's language, not
        auditlog's method names ("read", "write")."""
        self.env["res.lang"]._activate_lang("fr_FR")
        read = self.dossier_north._casework_audit("read")
        self.dossier_north.with_context(tracking_disable=False).usage_name = "Durand"
        logs = self.env["auditlog.log"].search([
            ("model_model", "=", "casework.beneficiary"), ("res_id", "=", self.dossier_north.id),
        ])
        self.assertIn(read, logs)
        labels = {log.method: log.with_context(lang="fr_FR").casework_method_label for log in logs}
        self.assertEqual(labels["read"], "Consultation")
        if "write" in labels:
            self.assertEqual(labels["write"], "Modification")
        self.assertEqual(read.with_context(lang="en_US").casework_method_label, "Consulted")
        views = self.env["auditlog.log"].get_views([(False, "list")])
        if "casework_method_label" in views["models"]["auditlog.log"]["fields"]:
            self.assertIn('name="casework_method_label"', views["views"]["list"]["arch"])

    def test_odoo_todo_activity_type_in_french(self):
        """Odoo's "To-Do" activity type, left in English by its French
        translation, reads "À faire" once the French files are loaded."""
        self.env["res.lang"]._activate_lang("fr_FR")
        todo = self.env.ref("mail.mail_activity_data_todo")
        todo.with_context(lang="fr_FR").name = "To-Do"
        self.env["ir.module.module"]._load_module_terms(["mail"], ["fr_FR"], overwrite=True)
        self.assertEqual(todo.with_context(lang="fr_FR").name, "À faire")
        self.assertEqual(todo.with_context(lang="en_US").name, "To-Do")
        todo.with_context(lang="fr_FR").name = "Tâche à faire"
        self.env["ir.module.module"]._casework_translate_odoo_terms(["fr_FR"])
        self.assertEqual(todo.with_context(lang="fr_FR").name, "Tâche à faire", "a changed translation is kept")

