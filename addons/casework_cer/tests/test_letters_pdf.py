import io
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.mail.tests.common import MockEmail

from ..demo import generate
from .test_letters import LetterCommon


def pdf_text(content):
    """The text of every page of a PDF (bytes), pages joined by form feeds."""
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    return "\f".join(" ".join(page.extract_text().split()) for page in reader.pages)


@freeze_time("2026-11-15 10:00:00")
@tagged("post_install", "-at_install")
class TestContractLetterPdf(LetterCommon, HttpCase, MockEmail):
    """The letters rendered for real by wkhtmltopdf (an HTTP test case: it
    loads the report's assets from the test server), filed in the dossier
    and sent by e-mail to the person."""

    test_cursor_lock_timeout = 60

    def _pdf_env(self, user):
        """The user's environment rendering reports for real (PDF), or skip."""
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() == "install":
            self.skipTest("wkhtmltopdf is not installed: the letters cannot be rendered as PDF")
        return self.env(user=user, context=dict(self.env.context, force_report_rendering=True))

    def test_pdf_rendered_for_real(self):
        """wkhtmltopdf renders the letter; the text is text (searchable),
        the footer numbers the pages, also when the objectives fill more
        than a page."""
        env = self._pdf_env(self.referent)
        content, name = self.contract.with_env(env)._casework_letter_pdf("without_decision")
        self.assertTrue(content.startswith(b"%PDF"), name)
        text = pdf_text(content)
        for fragment in (self.dossier_north.name, "CONTRAT D'ENGAGEMENT",
                         "Passer le code de la route", "Page 1 / 1",
                         f"CER n° {self.contract.number} – dossier {self.dossier_north.number}"):
            self.assertIn(fragment, text)
        self.assertNotIn("Ne pas imprimer", text)
        # a long contract: every page numbered out of the total
        self.contract.objective_ids = [Command.create({
            "theme_id": self.theme.id, "person_action": f"Action de la personne n° {index} " + "détaillée " * 30,
            "referent_action": "Accompagnement " * 20,
        }) for index in range(12)]
        content = self.contract.with_env(env)._casework_letter_pdf("without_decision")[0]
        pages = pdf_text(content).split("\f")
        self.assertGreaterEqual(len(pages), 2)
        for index, page in enumerate(pages, start=1):
            self.assertIn(f"Page {index} / {len(pages)}", page)
        self.assertIn("Action de la personne n° 11", pdf_text(content))

    def test_file_in_the_dossier(self):
        env = self._pdf_env(self.referent)
        wizard = self._wizard(self.contract, self.referent, env).save()
        action = wizard.action_file()
        document = self.env["casework.document"].browse(action["res_id"])
        self.assertEqual(document.beneficiary_id, self.dossier_north)
        self.assertEqual(document.name, f"CER_{self.dossier_north.number}_{self.contract.number}_sans_decision")
        self.assertEqual(document.mimetype, "application/pdf")
        self.assertEqual(document.folder_id, self.env.ref("casework_cer.casework_document_folder_cer"))
        self.assertEqual(document.type_id, self.env.ref("casework_followup.casework_document_type_cer"))
        self.assertEqual(document.user_id, self.referent)
        letter = self.contract.letter_ids
        self.assertEqual((letter.kind, letter.document_id, letter.user_id), ("without_decision", document,
                                                                                self.referent))
        self.assertFalse(letter.date_sent)
        # in the dossier's timeline, for its readers only
        self.env.flush_all()
        Timeline = self.env["casework.timeline.entry"]
        entries = Timeline.with_user(self.referent).search([
            ("beneficiary_id", "=", self.dossier_north.id), ("entry_type", "=", "contract_letter"),
        ])
        self.assertEqual(entries.mapped("description"),
                         [f"CER {self.contract.number}: “CER without decision” filed"])
        self.assertFalse(Timeline.with_user(self.referent_south).search([("entry_type", "=", "contract_letter")]))
        with self.assertRaises(AccessError):
            letter.with_user(self.referent_south).read(["kind"])

    def test_send_by_email(self):
        env = self._pdf_env(self.referent)
        wizard = self._wizard(self.contract, self.referent, env).save()
        self.assertTrue(wizard.can_send)
        action = wizard.action_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        letter = self.contract.letter_ids
        self.assertEqual(letter.document_id.beneficiary_id, self.dossier_north, "sending files the letter too")
        composer = Form(env["mail.compose.message"].with_context(**action["context"])).save()
        self.assertEqual(composer.partner_ids, self.dossier_north.partner_id)
        self.assertIn("contrat d'engagement réciproque n°", composer.subject)
        self.assertEqual(composer.attachment_ids, letter.attachment_id)
        with self.mock_mail_gateway():
            composer.action_send_mail()
        mails = self._new_mails.filtered(lambda mail: mail.model == "casework.contract")
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.dossier_north.partner_id)
        self.assertEqual(mails.res_id, self.contract.id)
        self.assertEqual(mails.attachment_ids.mapped("name"), [letter.document_id.file_name])
        self.assertTrue(mails.attachment_ids.raw.startswith(b"%PDF"))
        self.assertEqual(mails.attachment_ids.res_model, "casework.contract")
        self.assertEqual(mails.author_id, self.referent.partner_id)
        self.assertTrue(letter.date_sent)
        self.env.flush_all()
        entry = self.env["casework.timeline.entry"].with_user(self.referent).search([
            ("beneficiary_id", "=", self.dossier_north.id), ("entry_type", "=", "contract_letter"),
        ])
        self.assertEqual(entry.description, f"CER {self.contract.number}: “CER without decision” sent by e-mail")

    def test_message_to_someone_else_is_not_the_letter_sent(self):
        env = self._pdf_env(self.referent)
        action = self._wizard(self.contract, self.referent, env).save().action_send()
        letter = self.contract.letter_ids
        composer_form = Form(env["mail.compose.message"].with_context(**action["context"]))
        composer_form.partner_ids.clear()
        composer_form.partner_ids.add(self.referent_other.partner_id)
        with self.mock_mail_gateway():
            composer_form.save().action_send_mail()
        self.assertFalse(letter.date_sent)

    def test_secretariat_files_a_validated_letter(self):
        self.contract.sudo().write({"state": "validated", "date_validation": date(2026, 11, 14)})
        env = self._pdf_env(self.secretariat)
        form = self._wizard(self.contract, self.secretariat, env)
        self.assertEqual(form.kind, "valid")
        document = self.env["casework.document"].browse(form.save().action_file()["res_id"])
        self.assertTrue(document.name.endswith("_decision_valide"))
        self.assertEqual(document.user_id, self.secretariat)

    def test_demo_letters(self):
        env = self._pdf_env(self.referent)
        self.contract.sudo().write({"state": "validated", "date_validation": date(2026, 11, 14)})
        generate._file_letters(env(user=self.env.ref("base.user_root")), [(self.contract, self.secretariat)])
        letter = self.contract.letter_ids
        self.assertEqual((letter.kind, letter.user_id), ("valid", self.secretariat))
        self.assertEqual(letter.document_id.mimetype, "application/pdf")
