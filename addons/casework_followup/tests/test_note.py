from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestNote(CaseworkCommon):
    """Notes: visibility publique / privée / attribuée, confidentiality
    circles, closing, and the assignee's activity, across roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Note = cls.env["casework.note"]
        cls.circle_all = cls.env.ref("casework_base.casework_circle_all")
        cls.circle_health = cls.env["casework.circle"].create({
            "name": "Santé", "user_ids": [Command.set([cls.referent.id, cls.manager.id])],
        })
        # the secretariat shares dossier_north with the référent
        cls.public = cls._note("Public note", "public")
        cls.private = cls._note("Private note", "private")
        cls.assigned = cls._note("Attributed note", "assigned", assigned_user_id=cls.secretariat.id)
        cls.in_circle = cls._note("Health note", "public", circle_id=cls.circle_health.id)

    @classmethod
    def _note(cls, name, visibility, author=None, **vals):
        author = author or cls.referent
        return cls.Note.with_user(author).create({
            "name": name, "beneficiary_id": cls.dossier_north.id, "visibility": visibility,
            "body": f"<p>{name} body</p>", **vals,
        })

    def _readable(self, user):
        notes = self.public | self.private | self.assigned | self.in_circle
        if not self.Note.with_user(user).has_access("read"):
            return set()
        found = self.Note.with_user(user).search([("id", "in", notes.ids)])
        for note in notes:
            allowed = note.with_user(user).has_access("read")
            self.assertEqual(allowed, note in found, f"search and has_access disagree on {note.name} for {user.login}")
        return set(found.mapped("name"))

    def test_author_and_default_circle(self):
        note = self._note("Another", "public", author=self.referent)
        self.assertEqual(note.author_id, self.referent)
        self.assertEqual(note.circle_id, self.circle_all)
        self.assertTrue(self.circle_all.is_all)
        # the author is set by the system, not by the caller
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand: Author"):
            self.Note.with_user(self.referent).create({
                "name": "Forged", "beneficiary_id": self.dossier_north.id, "author_id": self.secretariat.id,
            })
        with self.assertRaisesMessage(AccessError, "cannot be changed by hand: Author"):
            self.Note.with_user(self.referent).with_context(default_author_id=self.secretariat.id).create({
                "name": "Forged", "beneficiary_id": self.dossier_north.id,
            })
        mine = self.Note.with_user(self.referent).create({"name": "Mine", "beneficiary_id": self.dossier_north.id})
        self.assertEqual(mine.author_id, self.referent)

    def test_visibility_across_roles(self):
        everything = {"Public note", "Private note", "Attributed note", "Health note"}
        expected = {
            # author: everything they wrote
            "referent": everything,
            # assignee of the attributed note, same territory, not in the circle
            "secretariat": {"Public note", "Attributed note"},
            # in scope and in the circle, but neither author nor assignee
            "manager": {"Public note", "Health note"},
            "fse": {"Public note"},
            # administrators read every dossier but not others' private notes
            "admin": {"Public note"},
            # out of scope
            "referent_other": set(),
            "referent_south": set(),
            "finance": set(),
            "operator": set(),
            "outsider": set(),
        }
        for role, names in expected.items():
            with self.subTest(role=role):
                self.assertEqual(self._readable(getattr(self, role)), names)

    def test_admin_in_circle_reads_it(self):
        self.circle_health.user_ids = [Command.link(self.admin.id)]
        self.assertEqual(self._readable(self.admin), {"Public note", "Health note"})

    def test_out_of_scope_cannot_read_body(self):
        with self.assertRaisesMessage(AccessError, "doesn't have 'read' access"):
            self.private.with_user(self.secretariat).read(["body"])
        with self.assertRaisesMessage(AccessError, "doesn't have 'read' access"):
            self.public.with_user(self.referent_south).read(["body", "beneficiary_id"])
        # nor through the dossier's one2many
        notes = self.dossier_north.with_user(self.secretariat).note_ids
        self.assertEqual(set(notes.mapped("name")), {"Public note", "Attributed note"})

    def test_lost_assignment_loses_notes(self):
        self.dossier_north.assignment_ids.sudo().date_end = "2026-11-01"
        self.assertEqual(self._readable(self.referent), set())

    def test_only_author_edits(self):
        with self.assertRaisesMessage(AccessError, "Only the author of a note may change it."):
            self.public.with_user(self.secretariat).write({"body": "<p>changed</p>"})
        with self.assertRaisesMessage(AccessError, "Only the author of a note may delete it."):
            self.public.with_user(self.secretariat).unlink()
        self.public.with_user(self.referent).write({"body": "<p>changed</p>"})
        with self.assertRaisesMessage(AccessError, "The author of a note cannot be changed."):
            self.public.with_user(self.referent).write({"author_id": self.secretariat.id})
        with self.assertRaisesMessage(AccessError, "not allowed to modify"):
            self.public.with_user(self.fse).write({"body": "<p>FSE</p>"})

    def test_assign_requires_access(self):
        with self.assertRaisesMessage(ValidationError, "has no access to the dossier"):
            self._note("To the south", "assigned", assigned_user_id=self.referent_south.id)
        with self.assertRaisesMessage(ValidationError, "has no access to the dossier"):
            self._note("To finance", "assigned", assigned_user_id=self.finance.id)

    def test_assignee_gets_activity(self):
        activity = self.assigned.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.secretariat)
        self.assertEqual(activity.activity_type_id, self.env.ref("casework_followup.mail_activity_type_note_assigned"))
        # the assignee sees it among their activities
        mine = self.env["mail.activity"].with_user(self.secretariat).search([("user_id", "=", self.secretariat.id)])
        self.assertIn(activity, mine)
        # reassigning moves the activity
        self.assigned.with_user(self.referent).assigned_user_id = self.manager
        self.assertEqual(self.assigned.activity_ids.user_id, self.manager)
        # making it private drops the assignee and their activity
        self.assigned.with_user(self.referent).visibility = "private"
        self.assertFalse(self.assigned.assigned_user_id)
        self.assertFalse(self.assigned.activity_ids)

    def test_close_note(self):
        self.assigned.with_user(self.secretariat).action_close()
        self.assertFalse(self.assigned.active)
        self.assertEqual(self.assigned.state, "closed")
        self.assertFalse(self.assigned.activity_ids, "closing ends the assignee's activity")
        # gone from the lists, not deleted
        self.assertNotIn(self.assigned, self.Note.with_user(self.referent).search([]))
        self.assertIn(self.assigned, self.Note.with_user(self.referent).with_context(active_test=False).search([]))
        self.assertTrue(self.assigned.exists())
        self.assigned.with_user(self.referent).action_reopen()
        self.assertTrue(self.assigned.active)
        self.assertEqual(self.assigned.activity_ids.user_id, self.secretariat, "reopening gives the activity back")
        with self.assertRaisesMessage(AccessError, "may close or reopen it"):
            self.public.with_user(self.secretariat).action_close()

    def test_form_flow(self):
        form = Form(self.Note.with_user(self.referent).with_context(default_beneficiary_id=self.dossier_north.id))
        form.name = "Point emploi"
        form.visibility = "assigned"
        form.assigned_user_id = self.manager
        note = form.save()
        self.assertEqual(note.assigned_user_id, self.manager)
        self.assertEqual(note.author_id, self.referent)

    def test_circle_all_protected(self):
        with self.assertRaisesMessage(Exception, "cannot be deleted"):
            self.circle_all.unlink()
        with self.assertRaisesMessage(Exception, "cannot be archived"):
            self.circle_all.active = False

    def test_circle_mixin_helpers(self):
        self.assertTrue(self.in_circle._casework_circle_allows(self.manager))
        self.assertFalse(self.in_circle._casework_circle_allows(self.secretariat))
        self.assertTrue(self.in_circle._casework_circle_allows(self.referent))  # author
        domain = self.Note._casework_circle_domain(self.secretariat)
        self.assertNotIn(self.in_circle, self.Note.search(domain))
        self.assertIn(self.public, self.Note.search(domain))

    def test_circles_admin_only(self):
        with self.assertRaisesMessage(AccessError, "not allowed to create"):
            self.env["casework.circle"].with_user(self.manager).create({"name": "Mine"})
        self.env["casework.circle"].with_user(self.admin).create({"name": "Insertion"})

    def test_superuser_read_does_not_serve_the_user(self):
        Note = self.env["casework.note"]
        mine = Note.with_user(self.referent).create({"name": "Ma note", "beneficiary_id": self.dossier_north.id})
        private = Note.with_user(self.secretariat).create({
            "name": "Privée secrétariat", "beneficiary_id": self.dossier_north.id, "visibility": "private",
            "body": "<p>confidentiel</p>"})
        circle = self.env["casework.circle"].create(
            {"name": "Psychologue", "user_ids": [Command.set(self.manager.ids)]}
        )
        in_circle = Note.with_user(self.manager).create({
            "name": "Santé", "beneficiary_id": self.dossier_north.id, "circle_id": circle.id,
            "body": "<p>diagnostic</p>"})
        dossier = self.dossier_north
        self.assertLessEqual(mine | private | in_circle, dossier.sudo().note_ids)
        as_referent = dossier.with_user(self.referent)
        self.assertIn(mine, as_referent.note_ids)
        self.assertFalse((private | in_circle) & as_referent.note_ids)
        self.assertNotIn("<p>confidentiel</p>", as_referent.note_ids.mapped("body"))
        spec = {"note_ids": {"fields": {"name": {}, "body": {}}}}
        read = {row["id"] for row in as_referent.web_read(spec)[0]["note_ids"]}
        self.assertIn(mine.id, read)
        self.assertFalse({private.id, in_circle.id} & read)
