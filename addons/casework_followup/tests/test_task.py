from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.casework_base.tests.common import CaseworkCommon


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestTask(CaseworkCommon):
    """Tasks are activities on the dossier: assignee with access, start,
    deadline, reminder sent once, lists and access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.task_type = cls.env.ref("casework_followup.mail_activity_type_task")
        cls.Activity = cls.env["mail.activity"]

    def _task(self, dossier, user, deadline, author=None, **vals):
        author = author or self.referent
        return dossier.with_user(author).activity_schedule(
            "casework_followup.mail_activity_type_task",
            date_deadline=deadline,
            summary=vals.pop("summary", "Relancer l'employeur"),
            user_id=user.id,
            **vals,
        )

    def test_task_type_is_default_on_dossier(self):
        self.assertEqual(self.Activity._default_activity_type_for_model("casework.beneficiary"), self.task_type)

    def test_create_with_start_and_reminder(self):
        task = self._task(self.dossier_north, self.referent, date(2026, 12, 10),
                          casework_start_date=date(2026, 11, 20), casework_reminder_number=2,
                          casework_reminder_unit="weeks")
        self.assertEqual(task.casework_beneficiary_id, self.dossier_north)
        self.assertEqual(task.casework_reminder_date, date(2026, 11, 26))
        task.casework_reminder_unit = "months"
        self.assertEqual(task.casework_reminder_date, date(2026, 10, 10))
        with self.assertRaisesMessage(ValidationError, "cannot start after its deadline"):
            task.casework_start_date = date(2026, 12, 31)

    def test_assignee_needs_access(self):
        # a colleague of the territory may be assigned, not a référent of another dossier
        self._task(self.dossier_north, self.secretariat, date(2026, 12, 1))
        with self.assertRaisesMessage(ValidationError, "has no access to the dossier"):
            self._task(self.dossier_north, self.referent_south, date(2026, 12, 1))

    def test_meeting_assignee_needs_access_too(self):
        """An appointment's meeting activity names the person as much as a
        task: its assignee (the event's organiser) needs access to the dossier
        too, even when a superuser process creates it."""
        with self.assertRaisesMessage(ValidationError, "has no access to the dossier"):
            self.env["calendar.event"].create({
                "name": "Entretien", "start": "2026-11-20 09:00:00", "stop": "2026-11-20 10:00:00",
                "res_model_id": self.env["ir.model"]._get_id("casework.beneficiary"),
                "res_id": self.dossier_north.id, "user_id": self.referent_south.id,
            })
        event = self.env["calendar.event"].create({
            "name": "Entretien", "start": "2026-11-20 09:00:00", "stop": "2026-11-20 10:00:00",
            "res_model_id": self.env["ir.model"]._get_id("casework.beneficiary"), "res_id": self.dossier_north.id,
            "user_id": self.referent.id,
        })
        self.assertEqual(event.activity_ids.casework_beneficiary_id, self.dossier_north)
        with self.assertRaisesMessage(ValidationError, "has no access to the dossier"):
            event.activity_ids.user_id = self.finance

    def test_reminder_sent_once(self):
        task = self._task(self.dossier_north, self.secretariat, date(2026, 11, 20),
                          casework_reminder_number=5, casework_reminder_unit="days")
        later = self._task(self.dossier_north, self.secretariat, date(2026, 12, 20),
                           casework_reminder_number=5, casework_reminder_unit="days", summary="Plus tard")
        Message = self.env["mail.message"]
        before = Message.search_count([("partner_ids", "in", self.secretariat.partner_id.ids)])
        sent = self.Activity._cron_casework_task_reminders()
        self.assertEqual(sent, task)
        self.assertTrue(task.casework_reminder_sent)
        self.assertFalse(later.casework_reminder_sent)
        notified = Message.search([("partner_ids", "in", self.secretariat.partner_id.ids)], order="id desc")
        self.assertEqual(len(notified) - before, 1)
        self.assertIn("Relancer l'employeur", notified[0].body)
        self.assertIn("20/11/2026", notified[0].body)
        # a second run sends nothing
        self.assertFalse(self.Activity._cron_casework_task_reminders())
        self.assertEqual(Message.search_count([("partner_ids", "in", self.secretariat.partner_id.ids)]) - before, 1)
        # a new deadline arms the reminder again
        task.date_deadline = date(2026, 11, 18)
        self.assertFalse(task.casework_reminder_sent)
        self.assertEqual(self.Activity._cron_casework_task_reminders(), task)
        # the cron record runs the same method
        self.env.ref("casework_followup.ir_cron_casework_task_reminders").method_direct_trigger()

    def test_lists_overdue_in_progress_done(self):
        overdue = self._task(self.dossier_north, self.referent, date(2026, 11, 10), summary="En retard")
        in_progress = self._task(self.dossier_north, self.referent, date(2026, 11, 30), summary="En cours")
        done = self._task(self.dossier_north, self.referent, date(2026, 11, 30), summary="Faite")
        done.with_user(self.referent).action_feedback("OK")
        self.assertFalse(done.active)
        self.assertEqual(done.date_done, date(2026, 11, 15))
        base = [("casework_beneficiary_id", "=", self.dossier_north.id)]
        Task = self.Activity.with_user(self.referent).with_context(active_test=False)
        self.assertEqual(Task.search(base + [("active", "=", True), ("date_deadline", "<", "2026-11-15")]), overdue)
        self.assertEqual(
            Task.search(base + [("active", "=", True), ("date_deadline", ">=", "2026-11-15")]), in_progress
        )
        self.assertEqual(Task.search(base + [("active", "=", False)]), done)

    def test_filters_by_assignee_and_dossier_my_tasks(self):
        mine = self._task(self.dossier_north, self.referent, date(2026, 11, 30), summary="Pour moi")
        theirs = self._task(self.dossier_north, self.secretariat, date(2026, 11, 30), summary="Pour le secrétariat")
        other_dossier = self._task(self.dossier_north_other, self.referent_other, date(2026, 11, 30),
                                   author=self.referent_other, summary="Autre dossier")
        action = self.env["ir.actions.act_window"].with_user(self.referent)._for_xml_id(
            "casework_followup.mail_activity_action_casework_my_task"
        )
        self.assertIn("uid", action["domain"])
        Task = self.Activity.with_user(self.referent)
        self.assertEqual(
            Task.search([("casework_beneficiary_id", "!=", False), ("user_id", "=", self.referent.id)]), mine
        )
        secretary_view = self.Activity.with_user(self.secretariat).search([("casework_beneficiary_id", "!=", False)])
        self.assertEqual(secretary_view, mine | theirs | other_dossier)
        by_dossier = self.Activity.with_user(self.secretariat).search(
            [("casework_beneficiary_id", "=", self.dossier_north.id)]
        )
        self.assertEqual(by_dossier, mine | theirs)
        action = self.dossier_north.with_user(self.referent).action_open_tasks()
        self.assertEqual(Task.with_context(**action["context"]).search(action["domain"]), mine | theirs)

    def test_out_of_scope_cannot_read_task(self):
        task = self._task(self.dossier_north_other, self.referent_other, date(2026, 11, 30),
                          author=self.referent_other, summary="Confidentiel")
        for user in (self.referent, self.referent_south, self.finance, self.outsider):
            with self.subTest(user=user.login):
                found = self.Activity.with_user(user).search([("id", "=", task.id)])
                self.assertFalse(found)
                with self.assertRaisesMessage(AccessError, ""):
                    task.with_user(user).read(["res_name", "summary"])
        self.assertEqual(
            task.with_user(self.secretariat).read(["res_name"])[0]["res_name"], self.dossier_north_other.display_name
        )

    def test_form_schedule(self):
        form = Form(self.Activity.with_user(self.referent).with_context(
            default_res_model="casework.beneficiary", default_res_id=self.dossier_north.id,
        ), view="mail.mail_activity_view_form_popup")
        self.assertEqual(form.activity_type_id, self.task_type)
        form.summary = "Préparer le CV"
        form.date_deadline = date(2026, 12, 1)
        form.casework_start_date = date(2026, 11, 16)
        form.casework_reminder_number = 3
        task = form.save()
        self.assertEqual(task.casework_reminder_date, date(2026, 11, 28))
        self.assertEqual(task.casework_beneficiary_id, self.dossier_north)

    def test_new_task_from_the_task_list(self):
        """The task list offers "New": the dossier is chosen in the form, with
        the start date and the reminder; the task is on that dossier."""
        list_view = self.env.ref("casework_followup.mail_activity_view_list_casework_task")
        self.assertNotIn('create="false"', list_view.arch_db)
        action = self.env["ir.actions.act_window"].with_user(self.referent)._for_xml_id(
            "casework_followup.mail_activity_action_casework_task")
        form_view = dict((mode, view) for view, mode in action["views"])["form"]
        self.assertEqual(form_view, self.env.ref("casework_followup.mail_activity_view_form_casework_task").id)
        Task = self.Activity.with_user(self.referent).with_context(default_user_id=self.referent.id)
        form = Form(Task, view=form_view)
        form.casework_beneficiary_id = self.dossier_north
        self.assertEqual(form.activity_type_id, self.task_type)
        form.summary = "Relancer la CAF"
        form.casework_start_date = date(2026, 11, 20)
        form.date_deadline = date(2026, 12, 4)
        form.casework_reminder_number = 1
        form.casework_reminder_unit = "weeks"
        task = form.save()
        self.assertEqual((task.res_model, task.res_id), ("casework.beneficiary", self.dossier_north.id))
        self.assertEqual((task.user_id, task.casework_reminder_date), (self.referent, date(2026, 11, 27)))
        self.assertEqual(self.dossier_north.with_user(self.referent).task_count, 1)
        # from the dossier's task list, the dossier is already there
        action = self.dossier_north.with_user(self.referent).action_open_tasks()
        form = Form(self.Activity.with_user(self.referent).with_context(**action["context"]), view=form_view)
        self.assertEqual(form.casework_beneficiary_id, self.dossier_north)
        form.summary = "Préparer l'entretien"
        self.assertEqual(form.save().res_id, self.dossier_north.id)
        # a dossier the user may not read cannot be chosen, a task does not move
        with self.assertRaises(AccessError):
            Task.create({"casework_beneficiary_id": self.dossier_south.id, "summary": "Ailleurs",
                         "activity_type_id": self.task_type.id})
        with self.assertRaisesMessage(UserError, "its dossier and its document must be the same"):
            Task.create({"casework_beneficiary_id": self.dossier_north.id, "summary": "Deux dossiers",
                         "res_model_id": self.env["ir.model"]._get_id("casework.beneficiary"),
                         "res_id": self.dossier_north_other.id})
        with self.assertRaisesMessage(UserError, "stays on the dossier"):
            task.with_user(self.secretariat).casework_beneficiary_id = self.dossier_north_other

    def test_schedule_from_the_dossier_chatter(self):
        """The chatter's scheduler asks for the start and the reminder of a
        task; the dossier's form reloads (its task counter) once it is done."""
        view = self.env.ref("mail.mail_activity_schedule_view_form")
        Scheduler = self.env["mail.activity.schedule"].with_user(self.referent).with_context(
            active_model="casework.beneficiary", active_id=self.dossier_north.id)
        form = Form(Scheduler, view=view)
        self.assertEqual(form.activity_type_id, self.task_type)
        form.summary = "Appeler l'employeur"
        form.date_deadline = date(2026, 12, 10)
        form.casework_start_date = date(2026, 12, 1)
        form.casework_reminder_number = 2
        form.save().action_schedule_activities()
        task = self.dossier_north.activity_ids
        self.assertEqual(task.summary, "Appeler l'employeur")
        self.assertEqual(task.casework_start_date, date(2026, 12, 1))
        self.assertEqual(task.casework_reminder_date, date(2026, 12, 8))
        arch = self.env["casework.beneficiary"].with_user(self.referent).get_views([(False, "form")])
        self.assertIn('reload_on_activity="1"', arch["views"]["form"]["arch"])

    def test_task_reminder_only_to_a_reader(self):
        task = self.dossier_north.with_user(self.referent).activity_schedule(
            "casework_followup.mail_activity_type_task", summary="Relancer l'employeur", user_id=self.referent.id,
            date_deadline=date(2026, 11, 20), casework_reminder_number=5, casework_reminder_unit="days")
        self.dossier_north.assignment_ids.with_user(self.secretariat).write({"date_end": date(2026, 11, 14)})
        self.env.invalidate_all()
        self.env["mail.activity"]._cron_casework_task_reminders()
        self.assertTrue(task.casework_reminder_sent, "handled: not sent again")
        Message = self.env["mail.message"].sudo()
        self.assertFalse(Message.search([("partner_ids", "in", self.referent.partner_id.ids)]))
        self.assertFalse(
            Message.search([("body", "ilike", "Relancer l'employeur"), ("message_type", "=", "user_notification")])
        )
