import html as html_lib
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import ContractCommon

KIND_OF_STATE = {
    "proposition": "without_decision", "submitted": "without_decision", "commission": "without_decision",
    "waiting": "without_decision", "validated": "valid", "refused": "invalid",
}


class LetterCommon(ContractCommon):
    """A contract of ``dossier_north`` with two objectives, texts that are
    printed and texts that never are; a contract of ``dossier_south``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.structure = cls.env["casework.structure"].create({
            "name": "DTAS Nord – Insertion", "territory_id": cls.north.id,
        })
        cls.referent.casework_structure_id = cls.structure
        cls.contract = cls._contract(
            cls.dossier_north, internal_comment="Ne pas imprimer : commentaire interne",
            evaluation="Démarches engagées", expression="Souhaite travailler le matin",
            date_start=date(2026, 12, 1), date_end=date(2027, 5, 31),
        )
        cls.contract.objective_ids = [Command.create({
            "theme_id": cls.env.ref("casework_cer.contract_theme_mobility").id,
            "person_action": "Passer le code de la route", "referent_action": "Monter l'aide au permis",
        })]
        cls.contract.sudo().referent_note = "Note au référent, jamais imprimée"
        cls.contract_south = cls._contract(cls.dossier_south)

    def _wizard(self, contract, user, env=None):
        """The "Create a document" form opened from ``contract`` by ``user``."""
        env = env or self.env(user=user)
        action = contract.with_env(env).action_open_letter_wizard()
        return Form(env[action["res_model"]].with_context(**action["context"]))


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestContractLetters(LetterCommon):
    """The CER letters (content under tests, as HTML), the proposal per
    state, downloading, and the refusals, by role."""

    # ------------------------------------------------------------------
    # The letters
    # ------------------------------------------------------------------

    def test_letter_content(self):
        """Rendered as the user (HTML under tests): the person, the dossier,
        the référent and structure, the objectives; never the internal
        comment, the priority nor the note to the référent."""
        html, name = self.contract.with_user(self.referent)._casework_letter_pdf("without_decision")
        self.assertEqual(name, f"CER_{self.dossier_north.number}_{self.contract.number}_sans_decision.pdf")
        html = html_lib.unescape(html.decode())
        for text in (self.dossier_north.name, self.dossier_north.number, "12 rue des Lilas", self.referent.name,
                     "DTAS Nord – Insertion", "Passer le code de la route", "Monter l'aide au permis",
                     "Recherche d'emploi depuis six mois", "Souhaite travailler le matin", "01/12/2026", "31/05/2027",
                     "en attente de la décision du Département", "La personne accompagnée"):
            self.assertIn(text, html)
        for text in ("Ne pas imprimer", "jamais imprimée", "Pour le Président du Conseil départemental"):
            self.assertNotIn(text, html)

    def test_decided_letters(self):
        self.contract.sudo().write({
            "state": "validated", "decision": "validated_other_duration", "validated_months": 4,
            "decision_comment": "Validé sur quatre mois", "date_validation": date(2026, 11, 20),
        })
        self.env["casework.contract.transition"].create({
            "contract_id": self.contract.id, "user_id": self.manager.id, "date": "2026-11-20 09:00:00",
            "state_from": "waiting", "state_to": "validated",
        })
        html = html_lib.unescape(self.contract.with_user(self.secretariat)._casework_letter_pdf("valid")[0].decode())
        for text in ("CER validé pour une autre durée", "Validé sur quatre mois", "20/11/2026", "4 mois",
                     "31/03/2027", "Pour le Président du Conseil départemental", self.manager.name):
            self.assertIn(text, html)
        self.contract.sudo().write({"state": "refused", "date_refusal": date(2026, 11, 21), "decision": "refused"})
        html, name = self.contract.with_user(self.referent)._casework_letter_pdf("invalid")
        self.assertTrue(name.endswith("_decision_non_valide.pdf"))
        self.assertIn("Date de non-validation", html.decode())
        self.assertIn("21/11/2026", html.decode())

    def test_blank_letter_names_no_one(self):
        html, name = self.contract.with_user(self.referent)._casework_letter_pdf("blank")
        self.assertEqual(name, "CER_vierge.pdf")
        html = html_lib.unescape(html.decode())
        self.assertIn("Exemplaire à compléter à la main", html)
        for text in (self.dossier_north.name, self.dossier_north.number, "Lilas", self.referent.name,
                     "Postuler", "Recherche d'emploi"):
            self.assertNotIn(text, html)

    def test_letter_of_another_dossier(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.referent_south)._casework_letter_pdf("without_decision")
        with self.assertRaisesMessage(UserError, "Unknown letter model"):
            self.contract.with_user(self.referent)._casework_letter_pdf("other")

    # ------------------------------------------------------------------
    # The wizard
    # ------------------------------------------------------------------

    def test_proposed_model_per_state(self):
        for state, kind in KIND_OF_STATE.items():
            with self.subTest(state=state):
                self.contract.sudo().state = state
                form = self._wizard(self.contract, self.secretariat)
                self.assertEqual((form.kind, form.proposed_kind), (kind, kind))
                form.kind = "blank"  # always offered (degraded mode)
                self.assertEqual(form.kind, "blank")

    def test_download(self):
        wizard = self._wizard(self.contract, self.referent).save()
        action = wizard.action_download()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "casework_cer.report_contract_letter_without_decision")
        self.assertEqual(action["context"]["active_ids"], self.contract.ids)

    # ------------------------------------------------------------------
    # Refusals
    # ------------------------------------------------------------------

    def test_no_email_address(self):
        self.dossier_north.email = False
        wizard = self._wizard(self.contract, self.referent).save()
        self.assertFalse(wizard.can_send)
        self.assertIn("no e-mail address", wizard.send_refusal)
        with self.assertRaisesMessage(UserError, "The dossier has no e-mail address"):
            wizard.action_send()
        self.assertFalse(self.contract.letter_ids, "nothing filed on a refusal")

    def test_blank_and_refused_letters_are_not_sent(self):
        form = self._wizard(self.contract, self.referent)
        form.kind = "blank"
        wizard = form.save()
        with self.assertRaisesMessage(UserError, "A blank contract is printed"):
            wizard.action_send()
        with self.assertRaisesMessage(UserError, "A blank contract is printed"):
            wizard.action_file()
        self.assertEqual(wizard.action_download()["report_name"], "casework_cer.report_contract_letter_blank")
        self.contract.sudo().state = "refused"
        wizard = self._wizard(self.contract, self.referent).save()
        self.assertEqual(wizard.kind, "invalid")
        with self.assertRaisesMessage(UserError, "sent by post with the formal notice"):
            wizard.action_send()

    def test_decision_letter_only_for_the_decision(self):
        """The model is the client's to choose: a decision letter for a
        contract that did not get that decision is neither filed, sent nor
        downloaded; the blank letter and the one without decision are."""
        Wizard = self.env["casework.contract.letter.wizard"]
        for state, refused_kinds in (
            ("commission", ("valid", "invalid")), ("waiting", ("valid", "invalid")),
            ("validated", ("invalid",)), ("refused", ("valid",)),
        ):
            self.contract.sudo().state = state
            user = self.manager
            for kind in refused_kinds:
                with self.subTest(state=state, kind=kind):
                    wizard = Wizard.with_user(user).create({"contract_id": self.contract.id, "kind": kind})
                    for method in ("action_file", "action_send", "action_download"):
                        with self.assertRaisesMessage(UserError, "does not fit it"):
                            getattr(wizard, method)()
        self.assertFalse(self.contract.letter_ids)
        self.assertFalse(self.env["casework.document"].search([("beneficiary_id", "=", self.dossier_north.id)]))
        self.contract.sudo().state = "commission"
        for kind in ("without_decision", "blank"):
            wizard = Wizard.with_user(self.secretariat).create({"contract_id": self.contract.id, "kind": kind})
            self.assertEqual(wizard.action_download()["type"], "ir.actions.report")
        self.contract.sudo().state = "validated"
        wizard = Wizard.with_user(self.manager).create({"contract_id": self.contract.id, "kind": "valid"})
        self.assertEqual(wizard.action_download()["report_name"], "casework_cer.report_contract_letter_valid")
        # nor printed through Odoo's report route (/report/pdf/<report>/<ids>)
        Report = self.env["ir.actions.report"].with_user(self.manager)
        html, _type = Report._render_qweb_html("casework_cer.report_contract_letter_valid", self.contract.ids)
        self.assertIn("valid", str(html))
        for state, report in (("commission", "valid"), ("waiting", "invalid"), ("validated", "invalid")):
            self.contract.sudo().state = state
            with self.subTest(state=state), self.assertRaisesMessage(UserError, "its letter of decision does not"):
                Report._render_qweb_html(f"casework_cer.report_contract_letter_{report}", self.contract.ids)

    def test_contract_of_another_dossier(self):
        """The wizard takes a contract id from the client: another dossier's
        is refused however it is given, and names no one."""
        Wizard = self.env["casework.contract.letter.wizard"]
        for user in (self.referent_south, self.referent_other, self.secretariat):
            with self.subTest(user=user.login):
                contract = self.contract_south if user == self.secretariat else self.contract
                with self.assertRaises(AccessError):
                    contract.with_user(user).action_open_letter_wizard()
                with self.assertRaises(AccessError):
                    Wizard.with_user(user).create({"contract_id": contract.id})
                with self.assertRaises(AccessError):
                    Wizard.with_user(user).with_context(default_contract_id=contract.id).default_get(["contract_id"])
                with self.assertRaises(AccessError) as refusal:
                    Wizard.with_user(user).onchange({"contract_id": contract.id}, ["contract_id"], {
                        "contract_id": {"fields": {"display_name": {}}}, "kind": {},
                    })
                self.assertNotIn(contract.beneficiary_id.name, str(refusal.exception))
        # an own wizard pointed at another dossier's contract afterwards
        wizard = Wizard.with_user(self.referent_south).create({"contract_id": self.contract_south.id})
        with self.assertRaises(AccessError):
            wizard.write({"contract_id": self.contract.id})
        # another user's wizard
        with self.assertRaises(AccessError):
            wizard.with_user(self.referent).action_download()

    def test_roles_without_the_dossier(self):
        Wizard = self.env["casework.contract.letter.wizard"]
        for user in (self.finance, self.operator, self.outsider):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Wizard.with_user(user).create({"contract_id": self.contract.id})
                with self.assertRaises(AccessError):
                    self.contract.with_user(user)._casework_letter_pdf("blank")
                with self.assertRaises(AccessError):
                    self.env["casework.contract.letter"].with_user(user).search([])

    def test_letters_are_the_systems(self):
        letter = self.env["casework.contract.letter"].create({"contract_id": self.contract.id, "kind": "valid"})
        with self.assertRaises(AccessError):
            letter.with_user(self.referent).write({"kind": "blank"})
        with self.assertRaises(AccessError):
            self.env["casework.contract.letter"].with_user(self.referent).create({
                "contract_id": self.contract.id, "kind": "valid",
            })
        self.assertEqual(letter.with_user(self.referent).kind, "valid")
