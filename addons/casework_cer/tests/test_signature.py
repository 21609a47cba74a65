import base64
import io
from datetime import timedelta

import psycopg2.errors
from freezegun import freeze_time
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.status import SignatureCoverageLevel

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfReader

from odoo.addons.casework_base.tests.common import PASSWORD

from ..demo import generate
from ..demo import signature as demo_signature
from ..models.casework_contract_signature import (
    MAX_ATTEMPTS,
    MAX_CODES_PER_DOSSIER_PER_HOUR,
    MAX_CODES_PER_USER_PER_HOUR,
)
from ..tools import pades
from .signature_common import CERTIFICATE_PASSWORD, FROM_NUMBER, SignatureCommon


@tagged("post_install", "-at_install")
class TestSignature(SignatureCommon, HttpCase):
    """The agreement of the person by a one-time code sent by SMS, and the
    PAdES-signed letter it produces (an HTTP test case: wkhtmltopdf loads
    the reports' assets from the test server)."""

    test_cursor_lock_timeout = 60

    def test_whole_path(self):
        self.assertTrue(self.contract.with_user(self.referent).can_sign_sms)
        wizard, code = self._start()
        message = self.twilio.messages[-1]
        self.assertEqual(message["To"], "+33612345678")
        self.assertEqual(message["From"], FROM_NUMBER)
        signature = wizard.signature_id
        self.assertEqual(signature.state, "pending")
        self.assertEqual(signature.phone_masked, "06 •• •• •• 78")
        self.assertEqual(signature.user_id, self.referent)
        self.assertEqual(signature.date_expiry - signature.date_sent, timedelta(minutes=10))
        self.assertEqual(len(signature.letter_sha256), 64)
        # the code is kept nowhere: not in the SMS queue, not in the wizard, not on the signature
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM sms_sms WHERE body LIKE %s", [f"%{code}%"])
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertNotIn(code, str(signature.sudo().read()[0]))

        # a wrong code: counted, the wizard says how many tries are left
        action = self._type(wizard, self._wrong(code))
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.message, f"Wrong code: {MAX_ATTEMPTS - 1} attempt(s) left.")
        self.assertEqual(signature.attempt_count, 1)
        self.assertEqual(self.contract.agreement, "nc")
        self.env.cr.execute("SELECT count(*) FROM casework_contract_signature_wizard WHERE code = %s",
                            [self._wrong(code)])
        self.assertEqual(self.env.cr.fetchone()[0], 0)

        # the right one: signed
        action = self._type(wizard, code)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(signature.state, "signed")
        self.assertEqual(signature.signed_by_id, self.referent)
        self.assertEqual(self.contract.agreement, "yes")
        document = signature.document_id
        self.assertEqual(document.beneficiary_id, self.dossier_north)
        self.assertEqual(document.signature_id, signature)
        self.assertEqual(document.mimetype, "application/pdf")
        self.assertEqual(self.contract.with_user(self.referent).signed_document_id, document)
        pdf = self._signed_pdf(signature)
        self.assertEqual(pades.sha256(pdf), signature.signed_sha256)

        # pyHanko itself: signed, intact, valid, trusted, nothing changed since
        status = self._validate(pdf)
        self.assertTrue(status.intact)
        self.assertTrue(status.valid)
        self.assertTrue(status.trusted)
        self.assertEqual(status.coverage, SignatureCoverageLevel.ENTIRE_FILE)
        self.assertEqual(status.modification_level, ModificationLevel.NONE)
        self.assertTrue(status.bottom_line)
        self.assertIn("06 •• •• •• 78", self._reason(pdf))

        # the last page: who agreed, the masked phone, that the code was verified
        pages = PdfReader(io.BytesIO(pdf)).pages
        last = " ".join(pages[-1].extract_text().split())
        self.assertIn("DUPONT Marie", last)
        self.assertIn("06 •• •• •• 78", last)
        self.assertIn("verified", last)
        self.assertIn(signature.letter_sha256, last.replace(" ", ""))

        # downloadable again, in the timeline, and the code used once
        self.assertIn(f"/web/content/casework.document/{document.id}/file/",
                      self.contract.with_user(self.referent).action_download_signed_document()["url"])
        entry = self.env["casework.timeline.entry"].with_user(self.referent).search([
            ("beneficiary_id", "=", self.dossier_north.id), ("entry_type", "=", "contract_sms_signed"),
        ])
        self.assertEqual(entry.description, f"CER {self.contract.number} signed by SMS code")
        self.assertEqual(entry.user_id, self.referent)
        self._type(wizard, code)
        self.assertEqual(wizard.message, "This code was already used: the contract is signed.")
        self.assertEqual(len(self.Signature.search([("contract_id", "=", self.contract.id)])), 1)

    def _reason(self, pdf):
        return str(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].sig_object["/Reason"])

    def test_tampering_detected(self):
        wizard, code = self._start()
        self._type(wizard, code)
        pdf = self._signed_pdf(wizard.signature_id)
        # one byte changed inside the signed revision
        index = pdf.index(b"stream", len(pdf) // 4) + 20
        tampered = pdf[:index] + bytes([pdf[index] ^ 0xFF]) + pdf[index + 1:]
        status = self._validate(tampered)
        self.assertFalse(status.intact)
        self.assertFalse(status.bottom_line)
        # an incremental update appended after the signature
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        writer.root["/CaseworkTampered"] = generic.BooleanObject(True)
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        with mute_logger("pyhanko.sign.diff_analysis", "pyhanko.sign.validation"):
            status = self._validate(out.getvalue())
        self.assertTrue(status.intact)
        self.assertNotEqual(status.coverage, SignatureCoverageLevel.ENTIRE_FILE)
        self.assertNotEqual(status.modification_level, ModificationLevel.NONE)
        self.assertFalse(status.bottom_line)

    def test_expiry(self):
        wizard, code = self._start()
        signature = wizard.signature_id
        with freeze_time(signature.date_expiry + timedelta(seconds=1)):
            self._type(wizard, code)
        self.assertEqual(
            wizard.message, "This code has expired (a code is valid 10 minutes): start a new signature."
        )
        self.assertEqual(signature.state, "expired")
        self.assertEqual(self.contract.agreement, "nc")
        self._type(wizard, code)
        self.assertIn("expired", wizard.message)
        self.assertFalse(signature.document_id)
        # a code nobody typed: closed by the daily clean-up, its letter dropped
        other, __ = self._start(self._contract(self.dossier_north))
        self.assertTrue(other.signature_id.sudo().letter_file)
        with freeze_time(other.signature_id.date_expiry + timedelta(seconds=1)):
            self.Signature._gc_expired_signatures()
        self.assertEqual(other.signature_id.state, "expired")
        self.assertFalse(other.signature_id.sudo().letter_file)

    def test_too_many_attempts(self):
        wizard, code = self._start()
        signature = wizard.signature_id
        for attempt in range(1, MAX_ATTEMPTS):
            self._type(wizard, self._wrong(code))
            self.assertEqual(wizard.message, f"Wrong code: {MAX_ATTEMPTS - attempt} attempt(s) left.")
        self._type(wizard, self._wrong(code))
        self.assertEqual(wizard.message, "Too many wrong codes: this signature is cancelled. Start a new one.")
        self.assertEqual(signature.state, "failed")
        self.assertEqual(signature.attempt_count, MAX_ATTEMPTS)
        # the right code does not help any more
        self._type(wizard, code)
        self.assertEqual(wizard.message, "Too many wrong codes: this signature is cancelled. Start a new one.")
        self.assertEqual(signature.state, "failed")
        self.assertEqual(self.contract.agreement, "nc")
        # an empty code is not a try
        wizard.action_confirm()
        self.assertEqual(wizard.message, "Type the 6-digit code the person received by SMS.")

    def test_phone_change_cancels_and_letter_regenerated(self):
        wizard, code = self._start()
        signature = wizard.signature_id
        self.dossier_north.with_user(self.referent).phone = "07 81 22 33 55"
        self.assertEqual(signature.state, "cancelled")
        self.assertEqual(signature.cancel_reason, "The dossier's phone number changed.")
        self._type(wizard, code)
        self.assertIn("This signature was cancelled", wizard.message)
        self.assertEqual(self.contract.agreement, "nc")
        # started again: the code goes to the new number, the letter is a new one
        wizard, code = self._start()
        self.assertEqual(self.twilio.messages[-1]["To"], "+33781223355")
        self.assertEqual(wizard.signature_id.phone_masked, "07 •• •• •• 55")
        # the same number written another way changes nothing
        self.dossier_north.with_user(self.referent).phone = "+33 7 81 22 33 55"
        self.assertEqual(wizard.signature_id.state, "pending")

    def test_new_code_cancels_the_pending_one(self):
        wizard, code = self._start()
        # the letter is generated again at each start: it carries the contract as it is now
        self.contract.with_user(self.referent).situation = "Reprise d'une formation d'aide-soignante"
        second, __ = self._start()
        self.assertNotEqual(second.signature_id.letter_sha256, wizard.signature_id.letter_sha256)
        self.assertEqual(wizard.signature_id.state, "cancelled")
        self._type(wizard, code)
        self.assertIn("A new code was sent.", wizard.message)
        self.assertEqual(second.signature_id.state, "pending")

    def test_refusals(self):
        contract = self.contract.with_user(self.referent)
        # no mobile number: a landline, or none
        self.dossier_north.phone = "04 75 12 34 56"
        self.assertFalse(contract.can_sign_sms)
        with self.assertRaisesMessage(UserError, "has no mobile phone number"):
            contract.action_start_sms_signature()
        self.dossier_north.phone = "06 12 34 56 78"
        # no certificate: the administrator is told where to set it
        certificate = self.env.company.casework_cer_sign_certificate
        self.env.company.casework_cer_sign_certificate = False
        with self.assertRaisesMessage(UserError, "Settings > Casework > Contracts (CER)"):
            contract.action_start_sms_signature()
        self.env.company.casework_cer_sign_certificate = certificate
        # a wrong password
        self.env.company.casework_cer_sign_password = "not-the-password"
        with self.assertRaisesMessage(UserError, "The signing certificate cannot be read"):
            contract.action_start_sms_signature()
        self.env.company.casework_cer_sign_password = CERTIFICATE_PASSWORD
        # the provider refuses the number: nothing kept
        self.twilio.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
        with self.assertRaisesMessage(UserError, "The SMS with the code could not be sent"):
            contract.action_start_sms_signature()
        self.assertFalse(self.Signature.search([("contract_id", "=", self.contract.id)]))
        self.assertFalse(self.env["sms.sms"].sudo().search([("number", "=", "+33612345678")]))
        # a decided contract: its letter is no longer the one without decision
        decided = self._contract(self.dossier_north, state="validated").with_user(self.referent)
        self.assertFalse(decided.can_sign_sms)
        with self.assertRaisesMessage(UserError, "is decided"):
            decided.action_start_sms_signature()
        # a submitted one: the référent no longer changes it
        submitted = self._contract(self.dossier_north, state="submitted").with_user(self.referent)
        self.assertFalse(submitted.can_sign_sms)
        with self.assertRaisesMessage(UserError, "only who may move it out of that state"):
            submitted.action_start_sms_signature()

    def test_demo(self):
        """The demo signs one contract in proposition with a self-signed
        certificate: its PDF verifies as signed and unaltered."""
        contracts = generate.generate(self.env)
        signature = demo_signature.generate(self.env, contracts)
        self.assertEqual(signature.state, "signed")
        self.assertEqual(signature.contract_id.agreement, "yes")
        self.assertFalse(self.twilio.messages, "the demo sends no SMS")
        pdf = self._signed_pdf(signature)
        self.assertEqual(pades.sha256(pdf), signature.signed_sha256)
        status = self._validate(pdf)
        self.assertTrue(status.bottom_line)
        self.assertEqual(status.modification_level, ModificationLevel.NONE)

    def test_codes_per_hour(self):
        # five codes sent within the hour (the system's records, as they would be after five starts)
        self.Signature.sudo().create([{
            "contract_id": self.contract.id, "state": "cancelled", "user_id": self.referent.id,
            "date_sent": fields.Datetime.now() - timedelta(minutes=50 - 10 * index),
        } for index in range(5)])
        with self.assertRaisesMessage(UserError, "codes were sent for this contract within the last hour"):
            self.contract.with_user(self.referent).action_start_sms_signature()
        self.assertFalse(self.twilio.messages)
        # an hour after the first one, a new code may go
        with freeze_time(fields.Datetime.now() + timedelta(minutes=11)):
            self._start()

    def test_codes_per_dossier_and_user(self):
        """A new contract of the same dossier gives no new codes, nor do
        other dossiers of the same user beyond the user's limit."""
        now = fields.Datetime.now()
        # five codes sent within the hour, each for another contract of the dossier
        for index in range(MAX_CODES_PER_DOSSIER_PER_HOUR):
            self.Signature.sudo().create({
                "contract_id": self._contract(self.dossier_north).id, "state": "cancelled",
                "user_id": self.referent.id, "date_sent": now - timedelta(minutes=50 - 10 * index),
            })
        fresh = self._contract(self.dossier_north).with_user(self.referent)
        with self.assertRaisesMessage(UserError, "codes were sent for this dossier's contracts within the last hour"):
            fresh.action_start_sms_signature()
        self.assertFalse(self.twilio.messages)
        with freeze_time(now + timedelta(minutes=11)):
            self._start(fresh)
        # the user's codes, whatever the dossier: as many within the hour for another dossier's contract
        later = now + timedelta(hours=2)
        other = self._contract(self.dossier_north_other)
        self.Signature.sudo().create([{
            "contract_id": other.id, "state": "cancelled", "user_id": self.referent.id,
            "date_sent": later - timedelta(minutes=30),
        } for __ in range(MAX_CODES_PER_USER_PER_HOUR)])
        with freeze_time(later), self.assertRaisesMessage(
            UserError, f"You sent {MAX_CODES_PER_USER_PER_HOUR} codes within the last hour"
        ):
            fresh.action_start_sms_signature()


@tagged("post_install", "-at_install")
class TestSignatureAccess(SignatureCommon, HttpCase):
    """Who may start a signature, type a code, read a signature and its
    secrets, change the signed document."""

    test_cursor_lock_timeout = 60

    def test_start_out_of_scope(self):
        south = self._contract(self.dossier_south)
        for user, contract in (
            (self.referent_other, self.contract),  # same territory, not the dossier's référent
            (self.referent_south, self.contract),  # another territory
            (self.secretariat, south),  # the secretariat of another territory
            (self.finance, self.contract),
            (self.operator, self.contract),
            (self.outsider, self.contract),
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                contract.with_user(user).action_start_sms_signature()
        self.assertFalse(self.twilio.messages)

    def test_code_out_of_scope(self):
        wizard, code = self._start()
        signature = wizard.signature_id
        for user in (self.referent_other, self.referent_south, self.finance):
            with self.subTest(user=user.login):
                # a code entry for another dossier's signature, sent over RPC
                with self.assertRaises(AccessError):
                    self.Wizard.with_user(user).create({"signature_id": signature.id, "code": code})
                with self.assertRaises(AccessError):
                    signature.with_user(user).read(["state"])
                # nor someone else's code entry
                with self.assertRaises(AccessError):
                    wizard.with_user(user).action_confirm()
                # nor a default or an onchange that would read it back
                with self.assertRaises(AccessError):
                    self.Wizard.with_user(user).with_context(default_signature_id=signature.id).default_get(
                        ["signature_id", "contract_id", "phone_masked"])
        self.assertEqual(signature.state, "pending")
        self.assertEqual(signature.attempt_count, 0)
        # the FSE manager of the territory reads the signature but may not type its code
        self.assertEqual(signature.with_user(self.fse).state, "pending")
        with self.assertRaises(AccessError):
            self.Wizard.with_user(self.fse).create({"signature_id": signature.id, "code": code})

    def test_secrets_never_readable(self):
        wizard, __ = self._start()
        signature = wizard.signature_id
        for user in (self.referent, self.secretariat, self.manager, self.admin):
            record = signature.with_user(user)
            with self.subTest(user=user.login):
                for fname in ("code_hash", "code_salt", "phone_hash", "letter_file"):
                    with self.assertRaises(AccessError):
                        record.read([fname])
                    with self.assertRaises(AccessError):
                        record.search([(fname, "!=", False)])
                    self.assertNotIn(fname, record.fields_get())
                self.assertNotIn("code_hash", record.read()[0])
                with self.assertRaises(AccessError):
                    wizard.with_user(self.referent).read(["code_digest"])
        # users never write a signature, nor create one
        with self.assertRaises(AccessError):
            signature.with_user(self.referent).write({"state": "signed"})
        with self.assertRaises(AccessError):
            self.Signature.with_user(self.referent).create({"contract_id": self.contract.id})
        # nor the signing key of the organisation
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.admin).read(["casework_cer_sign_password"])
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.referent).read(["casework_cer_sign_certificate"])

    def test_signed_document_sealed(self):
        wizard, code = self._start()
        self._type(wizard, code)
        document = wizard.signature_id.document_id
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "casework.document"), ("res_id", "=", document.id), ("res_field", "=", "file"),
        ])
        self.assertTrue(attachment)
        for user in (self.referent, self.secretariat, self.admin):
            with self.subTest(user=user.login):
                with self.assertRaisesMessage(UserError, "cannot be changed nor deleted"):
                    document.with_user(user).write({"description": "Modifié"})
                with self.assertRaisesMessage(UserError, "cannot be changed nor deleted"):
                    document.with_user(user).write({"file": base64.b64encode(b"%PDF-1.4 forged")})
                with self.assertRaisesMessage(UserError, "cannot be changed nor deleted"):
                    document.with_user(user).unlink()
                with self.assertRaisesMessage(UserError, "cannot be changed nor deleted"):
                    attachment.with_user(user).write({"raw": b"%PDF-1.4 forged"})
                with self.assertRaisesMessage(UserError, "cannot be changed nor deleted"):
                    attachment.with_user(user).unlink()
        self.assertEqual(pades.sha256(self._signed_pdf(wizard.signature_id)), wizard.signature_id.signed_sha256)
        # the system administrators may
        document.with_user(self.env.ref("base.user_admin")).write({"description": "Classé"})

    def test_signed_file_not_swapped(self):
        """The file of the signed document is not replaced by an attachment
        created on its field, nor by another attachment moved onto it, by
        anyone but the system: "Signed document" still opens the signed
        bytes."""
        wizard, code = self._start()
        self._type(wizard, code)
        signature = wizard.signature_id
        document = signature.document_id
        forged = base64.b64encode(b"%PDF-1.4 forged")
        field_link = {"res_model": "casework.document", "res_id": document.id, "res_field": "file"}
        for user in (self.referent, self.secretariat, self.env.ref("base.user_admin")):
            Attachment = self.env["ir.attachment"].with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaisesMessage(AccessError, "changed through that record"):
                    Attachment.create({"name": "file", "datas": forged, **field_link})
                loose = Attachment.create({"name": "file", "datas": forged})
                with self.assertRaisesMessage(AccessError, "changed through that record"):
                    loose.write(field_link)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([
            ("res_model", "=", "casework.document"), ("res_id", "=", document.id), ("res_field", "=", "file"),
        ]), 1)
        self.assertEqual(pades.sha256(self._signed_pdf(signature)), signature.signed_sha256)
        # what the button "Signed document" downloads
        self.authenticate("cw_referent", PASSWORD)
        response = self.url_open(f"/web/content/casework.document/{document.id}/file?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(pades.sha256(response.content), signature.signed_sha256)

    def test_signed_contract_not_deleted(self):
        """A contract the person signed is not deleted, even in proposition:
        its seal and signed letter would go with it. The database refuses it
        too (system included), and the signature while its document is
        filed; a contract whose signatures signed nothing still goes, with
        them."""
        wizard, code = self._start()
        self._type(wizard, code)
        signature = wizard.signature_id
        self.assertEqual(self.contract.state, "proposition")
        for user in (self.referent, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRaisesMessage(
                UserError, "A contract signed by the person (SMS code) cannot be deleted"
            ):
                self.contract.with_user(user).unlink()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ForeignKeyViolation):
            self.contract.sudo().unlink()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ForeignKeyViolation):
            signature.sudo().unlink()
        self.assertTrue(self.contract.exists())
        self.assertEqual(signature.document_id.signature_id, signature)
        # a contract whose code was sent but never typed
        other = self._contract(self.dossier_north)
        pending = self._start(other)[0].signature_id
        other.with_user(self.referent).unlink()
        self.assertFalse(other.exists())
        self.assertFalse(pending.exists())

    def test_signature_page_not_printed_on_demand(self):
        """The page of the agreement is the server's, rendered while it signs:
        its report refuses users, in scope or administrators, and a
        signature whose code was not verified, without a server error."""
        wizard, __ = self._start()
        pending = wizard.signature_id
        report = "casework_cer.action_report_contract_signature_page"
        for user in (self.secretariat, self.referent, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRaisesMessage(AccessError, "cannot be printed on its own"):
                self.env["ir.actions.report"].with_user(user)._render_qweb_pdf(report, pending.ids)
        with self.assertRaisesMessage(UserError, "Only a signature whose code was verified"):
            self.env["ir.actions.report"]._render_qweb_pdf(report, pending.ids)
        pending.sudo()._casework_close("cancelled", "Test")
        with self.assertRaisesMessage(UserError, "Only a signature whose code was verified"):
            self.env["ir.actions.report"]._render_qweb_pdf(report, pending.ids)
        # the route the web client would use: refused, not a server error
        self.authenticate("cw_secretariat", PASSWORD)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/report/pdf/casework_cer.casework_contract_signature_page/{pending.id}")
        self.assertEqual(response.status_code, 403)
