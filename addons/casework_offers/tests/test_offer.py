from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.casework_base.tests.common import PASSWORD

from .test_directory import DirectoryCommon


class OfferCommon(DirectoryCommon):
    """The directory, and offers between 1 September 2026 and 30 June 2027
    (the kernel's tests run on 15 November 2026):

    * ``offer``: run by ``org_operator``, for RSA;
    * ``offer_managed``: run by ``org_operator``, ``referent`` manages it;
    * ``offer_other``: run by another operator;
    * ``offer_multi``: run by both operators.

    The kernel's operator user works for ``org_operator``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_operator_other = cls.env["res.partner"].create({
            "name": "Formation Drôme-Ardèche", "is_company": True,
            "casework_profile_ids": [Command.create({"role": "operator"})],
        })
        cls.signatory = cls.env["res.partner"].create({"name": "Claire Roux", "parent_id": cls.org_operator.id})
        cls.classification = cls.env.ref("casework_offers.offer_classification_employment")
        cls.offer_manager = new_test_user(
            cls.env, login="cw_offer_manager", password=PASSWORD,
            groups="base.group_user,casework_offers.group_casework_offer_manager",
        )
        Offer = cls.env["casework.offer"]
        common = {"date_start": date(2026, 9, 1), "date_end": date(2027, 6, 30),
                  "classification_id": cls.classification.id}
        cls.offer = Offer.create({
            **common, "name": "Atelier CV et lettre de motivation", "operator_id": cls.org_operator.id,
            "signatory_id": cls.signatory.id, "program_ids": [Command.set(cls.rsa.ids)],
            "keywords": "CV, candidature",
        })
        cls.offer_managed = Offer.create({
            **common, "name": "Découverte des métiers du soin", "operator_id": cls.org_operator.id,
            "manager_ids": [Command.set(cls.referent.ids)],
        })
        cls.offer_other = Offer.create({
            **common, "name": "Permis B accompagné", "operator_id": cls.org_operator_other.id,
            "classification_id": cls.env.ref("casework_offers.offer_classification_mobility").id,
        })
        cls.offer_multi = Offer.create({
            **common, "name": "Remobilisation par le sport", "is_multi_operator": True,
            "operator_ids": [Command.set((cls.org_operator | cls.org_operator_other).ids)],
        })
        cls.operator.casework_operator_partner_id = cls.org_operator

    @classmethod
    def _create_step(cls, offer, dossier, **values):
        """A positioning of ``dossier`` on ``offer``, created by the system."""
        return cls.env["casework.step"].create({
            "beneficiary_id": dossier.id, "offer_id": offer.id,
            "operator_id": offer.operator_id.id or offer.operator_ids[:1].id,
            "date_planned_start": date(2026, 11, 16), "date_planned_end": offer.date_end, **values,
        })


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestOffer(OfferCommon):
    # ------------------------------------------------------------------
    # who reads and who changes the offers
    # ------------------------------------------------------------------

    def test_every_role_reads_the_offers(self):
        offers = self.offer | self.offer_managed | self.offer_other | self.offer_multi
        for user in (self.referent, self.referent_south, self.secretariat, self.manager, self.offer_manager,
                     self.fse, self.finance, self.admin):
            with self.subTest(user=user.login):
                Offer = self.env["casework.offer"].with_user(user)
                self.assertEqual(Offer.search([("id", "in", offers.ids)]), offers)
                self.assertEqual(self.offer_other.with_user(user).name, "Permis B accompagné")

    def test_operator_reads_the_offers_of_its_organisation(self):
        Offer = self.env["casework.offer"].with_user(self.operator)
        mine = self.offer | self.offer_managed | self.offer_multi
        everything = mine | self.offer_other
        self.assertEqual(Offer.search([("id", "in", everything.ids)]), mine)
        self.assertEqual(self.offer_multi.with_user(self.operator).name, "Remobilisation par le sport")
        with self.assertRaises(AccessError):
            self.offer_other.with_user(self.operator).read(["name"])
        self.assertEqual(
            [group["__count"] for group in Offer.formatted_read_group(
                [("id", "in", everything.ids)], [], ["__count"])],
            [3],
        )
        # an operator of the other organisation reads only the offers it runs
        self.operator.casework_operator_partner_id = self.org_operator_other
        self.assertEqual(Offer.search([("id", "in", everything.ids)]), self.offer_other | self.offer_multi)
        # an operator without organisation reads none, not even an offer without operator
        self.operator.casework_operator_partner_id = False
        no_operator = self.env["casework.offer"].create({
            "name": "Sans opérateur", "date_start": date(2026, 9, 1), "date_end": date(2026, 12, 31),
        })
        self.assertFalse(Offer.search([("id", "in", (everything | no_operator).ids)]))

    def test_who_changes_the_offers(self):
        def write(user, offer):
            return lambda: offer.with_user(user).write({"keywords": "atelier, emploi"})

        def create(user):
            return lambda: self.env["casework.offer"].with_user(user).create({
                "name": "Job dating", "date_start": date(2026, 12, 1), "date_end": date(2026, 12, 1),
                "operator_id": self.org_operator.id,
            })

        def unlink(user):
            return lambda: self.offer_other.with_user(user).unlink()

        everything = {"write": True, "write_managed": True, "create": True, "unlink": True}
        nothing = {"write": False, "write_managed": False, "create": False, "unlink": False}
        expected = {
            self.referent: dict(nothing, write_managed=True),  # the manager of one offer
            self.referent_other: nothing,
            self.secretariat: nothing,
            self.manager: everything,
            self.offer_manager: everything,
            self.fse: nothing,
            self.finance: nothing,
            self.operator: nothing,
            self.admin: everything,
            self.outsider: nothing,
        }
        for user, rights in expected.items():
            attempts = {
                "write": write(user, self.offer), "write_managed": write(user, self.offer_managed),
                "create": create(user), "unlink": unlink(user),
            }
            for operation, allowed in rights.items():
                with self.subTest(user=user.login, operation=operation):
                    self.assertEqual(self._attempt(attempts[operation]), allowed)
            can_manage = rights["write"] or (rights["write_managed"] and user == self.referent)
            self.assertEqual(self.offer_managed.with_user(user).can_manage, rights["write_managed"], user.login)
            self.assertEqual(self.offer.with_user(user).can_manage_all, rights["create"], user.login)
            self.assertTrue(can_manage or not rights["write"])

    def test_a_referent_manager_does_not_name_managers(self):
        with self.assertRaisesMessage(AccessError, "may name the managers of an offer"):
            self.offer_managed.with_user(self.referent).write({"manager_ids": [Command.link(self.referent_other.id)]})
        self.offer_managed.with_user(self.manager).write({"manager_ids": [Command.link(self.referent_other.id)]})
        offer = self.offer_managed.with_user(self.referent_other)
        self.assertTrue(self._attempt(lambda: offer.write({"keywords": "soin"})))

    # ------------------------------------------------------------------
    # the offer's data
    # ------------------------------------------------------------------

    def test_dates_are_mandatory_and_ordered(self):
        Offer = self.env["casework.offer"].with_user(self.manager)
        with self.assertRaisesMessage(
            ValidationError, "The offer Atelier numérique cannot end (2026-10-01) before it starts (2026-12-01).",
        ):
            Offer.create({"name": "Atelier numérique", "date_start": date(2026, 12, 1), "date_end": date(2026, 10, 1)})
        with self.assertRaisesMessage(ValidationError, "cannot end (2026-08-31) before it starts (2026-09-01)"):
            self.offer.with_user(self.manager).date_end = date(2026, 8, 31)
        form = Form(Offer)
        form.name = "Atelier numérique"
        with self.assertRaisesMessage(AssertionError, "date_start"):
            form.save()

    def test_operators_are_consistent(self):
        Offer = self.env["casework.offer"].with_user(self.manager)
        common = {"name": "Chantier école", "date_start": date(2026, 9, 1), "date_end": date(2027, 1, 31)}
        with self.assertRaisesMessage(ValidationError, "chosen at enrolment and stay empty on the offer"):
            Offer.create({**common, "is_multi_operator": True, "operator_id": self.org_operator.id,
                          "operator_ids": [Command.set(self.org_operator.ids)]})
        with self.assertRaisesMessage(ValidationError, "chosen at enrolment and stay empty on the offer"):
            Offer.create({**common, "is_multi_operator": True, "signatory_id": self.signatory.id,
                          "operator_ids": [Command.set(self.org_operator.ids)]})
        with self.assertRaisesMessage(ValidationError, "is run by several operators: name them"):
            Offer.create({**common, "is_multi_operator": True})
        with self.assertRaisesMessage(ValidationError, "list several operators only when"):
            Offer.create({**common, "operator_ids": [Command.set(self.org_operator.ids)]})
        # the form empties what the option does not use
        with Form(Offer) as form:
            form.name = "Chantier école"
            form.date_start = date(2026, 9, 1)
            form.date_end = date(2027, 1, 31)
            form.operator_id = self.org_operator
            form.signatory_id = self.signatory
            form.is_multi_operator = True
            self.assertFalse(form.operator_id)
            self.assertFalse(form.signatory_id)
            form.operator_ids.add(self.org_operator_other)
        self.assertEqual(form.record.operator_ids, self.org_operator_other)

    def test_keywords_search(self):
        Offer = self.env["casework.offer"].with_user(self.referent)
        self.assertEqual(Offer.search([("keywords", "ilike", "candidature")]), self.offer)
        self.assertEqual(Offer.search([("classification_id", "=", self.classification.id),
                                       ("program_ids", "in", self.rsa.ids)]), self.offer)

    def test_rename_shows_everywhere(self):
        step = self._create_step(self.offer, self.dossier_north)
        self.offer.with_user(self.manager).name = "Atelier CV"
        self.assertEqual(step.with_user(self.referent).offer_id.display_name, "Atelier CV")
        self.assertIn(step, self.dossier_north.with_user(self.referent).last_step_ids)

    # ------------------------------------------------------------------
    # deactivation and deletion
    # ------------------------------------------------------------------

    def test_offer_in_use_is_never_deleted(self):
        self._create_step(self.offer, self.dossier_north)
        with self.assertRaisesMessage(
            UserError, "The offer Atelier CV et lettre de motivation cannot be deleted: 1 positionings or steps",
        ):
            self.offer.with_user(self.manager).unlink()
        with self.assertRaisesMessage(UserError, "cannot be deleted"):
            self.offer.unlink()
        self.assertTrue(self.offer.exists())
        # an offer nobody was positioned on goes
        self.offer_other.with_user(self.manager).unlink()
        self.assertFalse(self.offer_other.exists())

    def test_daily_job_deactivates_past_offers(self):
        ended = self.env["casework.offer"].create({
            "name": "Forum de l'emploi", "date_start": date(2026, 10, 1), "date_end": date(2026, 11, 14),
            "operator_id": self.org_operator.id,
        })
        ends_today = self.env["casework.offer"].create({
            "name": "Job dating", "date_start": date(2026, 11, 15), "date_end": date(2026, 11, 15),
            "operator_id": self.org_operator.id,
        })
        step = self._create_step(ended, self.dossier_north, date_planned_start=date(2026, 10, 1))
        cron = self.env.ref("casework_offers.ir_cron_casework_offer_deactivate")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.code, "model._cron_deactivate_past_offers()")
        self.assertEqual(self.env["casework.offer"]._cron_deactivate_past_offers(), 1)
        self.assertFalse(ended.active)
        self.assertTrue(ends_today.active)
        self.assertTrue(self.offer.active)
        self.assertEqual(step.offer_id, ended, "its steps stay")
        # inactive: out of the pickers, but still shown on its steps
        Offer = self.env["casework.offer"].with_user(self.referent)
        self.assertFalse(Offer.name_search("Forum"))
        self.assertFalse(Offer.search([("name", "=", "Forum de l'emploi")]))
        self.assertEqual(step.with_user(self.referent).offer_id.display_name, "Forum de l'emploi")
        with freeze_time("2026-11-16"):
            self.assertEqual(self.env["casework.offer"]._cron_deactivate_past_offers(), 1)
        self.assertFalse(ends_today.active)

    def test_deactivate_button(self):
        with self.assertRaises(AccessError):
            self.offer.with_user(self.referent).action_deactivate()
        self.offer_managed.with_user(self.referent).action_deactivate()
        self.assertFalse(self.offer_managed.active)
        self.offer.with_user(self.manager).action_deactivate()
        self.assertFalse(self.offer.active)

    # ------------------------------------------------------------------
    # smart buttons and finance
    # ------------------------------------------------------------------

    def _signed_off_hours(self):
        """Two participants on a past session of an offer with attendance."""
        self.offer.write({"use_sessions": True, "attendance_required": True})
        session = self.env["casework.offer.session"].create({
            "name": "Séance 1", "offer_id": self.offer.id,
            "date_start": datetime(2026, 11, 2, 8, 0), "date_end": datetime(2026, 11, 2, 12, 0), "capacity": 10,
        })
        attendance = self.env["casework.attendance"]
        for dossier, hours in ((self.dossier_north, 4.0), (self.dossier_south, 2.5)):
            step = self._create_step(
                self.offer, dossier, session_id=session.id, state="step",
                date_planned_start=date(2026, 11, 2), date_start=date(2026, 11, 2),
            )
            attendance |= attendance.create({"session_id": session.id, "step_id": step.id, "hours": hours})
        return session, attendance

    def test_counts(self):
        session, attendance = self._signed_off_hours()
        self.assertEqual(self.offer.session_count, 1)
        self.assertEqual(self.offer.with_user(self.admin).step_count, 2)
        # each counts the steps they may read: their territory's, their dossier's
        self.assertEqual(self.offer.with_user(self.manager).step_count, 1)
        self.assertEqual(self.offer.with_user(self.referent).step_count, 1)
        self.assertEqual(self.offer.with_user(self.finance).step_count, 0)
        action = self.offer.with_user(self.referent).action_open_sessions()
        self.assertEqual(self.env["casework.offer.session"].search(action["domain"]), session)
        action = self.offer.with_user(self.referent).action_open_steps()
        self.assertEqual(
            self.env["casework.step"].with_user(self.referent).search(action["domain"]),
            attendance.step_id.filtered(lambda step: step.beneficiary_id == self.dossier_north),
        )

    def test_finance_reads_hours_but_no_participant(self):
        _session, attendance = self._signed_off_hours()
        offer = self.offer.with_user(self.finance)
        self.assertEqual(offer.attendance_hours, 6.5)
        self.assertEqual(offer.read(["name", "attendance_hours", "step_count"])[0]["attendance_hours"], 6.5)
        with self.assertRaises(AccessError):
            offer.read(["step_ids"])
        with self.assertRaises(AccessError):
            self.env["casework.step"].with_user(self.finance).search([("offer_id", "=", self.offer.id)])
        with self.assertRaises(AccessError):
            attendance.with_user(self.finance).read(["hours"])
        # the form finance opens reads no participant
        self.assertNotIn("step_ids", offer.get_views([(False, "form")])["models"]["casework.offer"]["fields"])
        values = offer.web_read(Form(offer)._view["fields_spec"])[0]
        self.assertNotIn("Dupont", str(values))
        self.assertEqual(values["attendance_hours"], 6.5)

    def test_offer_form_by_role(self):
        """The form opens for every role reading the offer."""
        for user in (self.referent, self.manager, self.fse, self.finance, self.operator, self.admin):
            with self.subTest(user=user.login):
                form = Form(self.offer.with_user(user))
                self.assertEqual(form.name, "Atelier CV et lettre de motivation")

    def test_menus(self):
        def menus(user):
            loaded = self.env["ir.ui.menu"].with_user(user).load_menus(False)
            return {menu["xmlid"] for menu in loaded.values() if isinstance(menu, dict) and menu.get("xmlid")}

        operator_menus = menus(self.operator)
        self.assertIn("casework_offers.casework_menu_offer_operator", operator_menus)
        self.assertNotIn("casework_offers.casework_menu_offer", operator_menus)
        self.assertNotIn("casework_base.casework_menu_beneficiary", operator_menus)
        finance_menus = menus(self.finance)
        self.assertIn("casework_offers.casework_menu_offer", finance_menus)
        self.assertNotIn("casework_base.casework_menu_beneficiary", finance_menus)
        referent_menus = menus(self.referent)
        self.assertIn("casework_offers.casework_menu_offer", referent_menus)
        self.assertIn("casework_offers.casework_menu_organisation", referent_menus)
        self.assertNotIn("casework_offers.casework_menu_offer_operator", referent_menus)
        self.assertIn("casework_offers.casework_menu_config_offer_classification", menus(self.admin))

    def test_classifications(self):
        self.assertEqual(self.classification.offer_count, 3)
        with self.assertRaises(AccessError):
            self.env["casework.offer.classification"].with_user(self.manager).create({"name": "Logement"})
        self.env["casework.offer.classification"].with_user(self.admin).create({"name": "Logement"})


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestPropose(OfferCommon):
    """A referent proposes an offer from a dossier: a positioning."""

    def test_propose_from_the_dossier(self):
        dossier = self.dossier_north.with_user(self.referent)
        action = dossier.action_propose_offer()
        self.assertEqual(action["res_model"], "casework.offer")
        self.assertEqual(action["context"]["casework_propose_beneficiary_id"], dossier.id)
        self.assertEqual(action["context"]["casework_program_ids"], self.rsa.ids)
        self.assertEqual(action["context"]["search_default_dossier_programs"], 1)
        Offer = self.env["casework.offer"].with_user(self.referent).with_context(**action["context"])
        # the offers the list shows: active, not ended
        ended = self.env["casework.offer"].create({
            "name": "Forum", "date_start": date(2026, 10, 1), "date_end": date(2026, 11, 14),
            "operator_id": self.org_operator.id,
        })
        inactive = self.env["casework.offer"].create({
            "name": "Ancien atelier", "date_start": date(2026, 10, 1), "date_end": date(2027, 1, 14), "active": False,
        })
        shown = Offer.search(action["domain"])
        self.assertIn(self.offer, shown)
        self.assertNotIn(ended, shown)
        self.assertNotIn(inactive, shown)
        # one click on an offer (its button, with the action's context)
        result = self.offer.with_user(self.referent).with_context(**action["context"]).action_propose()
        step = self.env["casework.step"].browse(result["res_id"])
        self.assertEqual(result["res_model"], "casework.step")
        self.assertRecordValues(step, [{
            "beneficiary_id": self.dossier_north.id, "offer_id": self.offer.id, "state": "positioning",
            "date_planned_start": date(2026, 11, 15), "date_planned_end": date(2027, 6, 30),
            "operator_id": self.org_operator.id, "proposed_by_id": self.referent.id,
        }])
        self.assertEqual(dossier.last_step_ids, step)
        self.assertEqual(dossier.step_ids, step)

    def test_planned_dates_clipped_to_today(self):
        upcoming = self.env["casework.offer"].create({
            "name": "Permis B", "date_start": date(2027, 1, 4), "date_end": date(2027, 3, 31),
            "operator_id": self.org_operator.id,
        })
        result = upcoming.with_user(self.referent).action_propose(self.dossier_north.id)
        step = self.env["casework.step"].browse(result["res_id"])
        self.assertEqual((step.date_planned_start, step.date_planned_end), (date(2027, 1, 4), date(2027, 3, 31)))

    def test_multi_operator_offer_leaves_the_operator_to_choose(self):
        action = self.offer_multi.with_user(self.referent).action_propose(self.dossier_north.id)
        self.assertFalse(action.get("res_id"), "nothing is created before the operator is chosen")
        self.assertFalse(self.env["casework.step"].search([("offer_id", "=", self.offer_multi.id)]))
        context = action["context"]
        self.assertEqual(context["default_beneficiary_id"], self.dossier_north.id)
        self.assertEqual(context["default_offer_id"], self.offer_multi.id)
        self.assertNotIn("default_operator_id", context)
        with Form(self.env["casework.step"].with_user(self.referent).with_context(**context)) as form:
            self.assertEqual(form.date_planned_start, date(2026, 11, 15))
            form.operator_id = self.org_operator_other
        self.assertRecordValues(form.record, [{
            "beneficiary_id": self.dossier_north.id, "offer_id": self.offer_multi.id, "state": "positioning",
            "operator_id": self.org_operator_other.id, "date_planned_end": date(2027, 6, 30),
        }])
        # a single operator named: it is the step's (an offer people were positioned on keeps its
        # operators, hence another offer)
        offer_one = self.offer_multi.copy({"operator_ids": [Command.set(self.org_operator.ids)]})
        result = offer_one.with_user(self.manager).action_propose(self.dossier_north_other.id)
        self.assertEqual(self.env["casework.step"].browse(result["res_id"]).operator_id, self.org_operator)

    def test_propose_only_to_a_dossier_one_may_change(self):
        with self.assertRaises(AccessError):
            self.offer.with_user(self.referent).action_propose(self.dossier_south.id)
        with self.assertRaises(AccessError):
            self.dossier_south.with_user(self.referent).action_propose_offer()
        for user in (self.fse, self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.offer.with_user(user).action_propose(self.dossier_north.id)
        self.assertFalse(self.env["casework.step"].search([("offer_id", "=", self.offer.id)]))
        # the secretariat and the head of service propose to their territory's dossiers
        for user in (self.secretariat, self.manager):
            with self.subTest(user=user.login):
                self.assertTrue(self._attempt(
                    lambda user=user: self.offer.with_user(user).action_propose(self.dossier_north_other.id)
                ))
        with self.assertRaisesMessage(UserError, "Open the offers from a dossier"):
            self.offer.with_user(self.referent).action_propose()

    def test_offer_managed_by_sessions(self):
        """The positioning takes a seat in the next session with a free seat."""
        offer = self.offer
        offer.use_sessions = True
        Session = self.env["casework.offer.session"]
        common = {"offer_id": offer.id, "capacity": 1}
        with self.assertRaisesMessage(
            UserError, "The offer Atelier CV et lettre de motivation is managed by sessions and none of its coming "
            "sessions has a free seat",
        ):
            offer.with_user(self.referent).action_propose(self.dossier_north.id)
        Session.create({**common, "name": "Passée", "date_start": datetime(2026, 11, 2, 8, 0),
                        "date_end": datetime(2026, 11, 2, 12, 0)})
        full = Session.create({**common, "name": "Complète", "date_start": datetime(2026, 11, 20, 8, 0),
                               "date_end": datetime(2026, 11, 20, 12, 0)})
        self._create_step(offer, self.dossier_south, session_id=full.id)
        free = Session.create({**common, "name": "Décembre", "date_start": datetime(2026, 12, 7, 8, 0),
                               "date_end": datetime(2026, 12, 9, 16, 0)})
        result = offer.with_user(self.referent).action_propose(self.dossier_north.id)
        step = self.env["casework.step"].browse(result["res_id"])
        self.assertRecordValues(step, [{
            "session_id": free.id, "date_planned_start": date(2026, 12, 7), "date_planned_end": date(2026, 12, 9),
            "state": "positioning",
        }])
        with self.assertRaisesMessage(UserError, "none of its coming sessions has a free seat"):
            offer.with_user(self.manager).action_propose(self.dossier_north_other.id)

    def test_refusals(self):
        Offer = self.env["casework.offer"]
        self.offer.active = False
        with self.assertRaisesMessage(
            UserError, "The offer Atelier CV et lettre de motivation is no longer active: it cannot be proposed.",
        ):
            self.offer.with_user(self.referent).action_propose(self.dossier_north.id)
        ended = Offer.create({
            "name": "Forum", "date_start": date(2026, 10, 1), "date_end": date(2026, 11, 14),
            "operator_id": self.org_operator.id,
        })
        with self.assertRaisesMessage(UserError, "The offer Forum ended on 2026-11-14: it can no longer be proposed."):
            ended.with_user(self.referent).action_propose(self.dossier_north.id)
        self.offer_managed.with_user(self.referent).action_propose(self.dossier_north.id)
        with self.assertRaisesMessage(UserError, "is already positioned on the offer Découverte des métiers du soin"):
            self.offer_managed.with_user(self.referent).action_propose(self.dossier_north.id)

    def test_last_proposals_newest_first(self):
        offers = self.env["casework.offer"]
        for index in range(7):
            offers |= offers.create({
                "name": f"Atelier {index}", "date_start": date(2026, 9, 1), "date_end": date(2027, 6, 30),
                "operator_id": self.org_operator.id,
            })
        steps = self.env["casework.step"]
        for offer in offers:
            result = offer.with_user(self.referent).action_propose(self.dossier_north.id)
            steps |= steps.browse(result["res_id"])
        dossier = self.dossier_north.with_user(self.referent)
        self.assertEqual(dossier.last_step_ids.ids, steps[2:].ids[::-1])
        self.assertEqual(len(dossier.step_ids), 7)
        # the form shows them
        form = Form(dossier)
        self.assertEqual(len(form.last_step_ids), 5)
