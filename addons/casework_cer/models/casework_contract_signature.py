import base64
import hashlib
import hmac
import logging
import re
import secrets
from datetime import timedelta

import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import pdf as pdf_tools

from odoo.addons.casework_base.tools import phone

from ..tools import pades

_logger = logging.getLogger(__name__)

CODE_VALIDITY = timedelta(minutes=10)
MAX_ATTEMPTS = 5
# codes sent within an hour, beyond which starting again is refused: for one
# contract, for one dossier (all its contracts: the same person's phone), by one user
MAX_CODES_PER_HOUR = 5
MAX_CODES_PER_DOSSIER_PER_HOUR = 5
MAX_CODES_PER_USER_PER_HOUR = 20
SIGNATURE_STATES = [
    ("pending", "Awaiting the code"),
    ("signed", "Signed"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
    ("failed", "Failed"),
]


class CaseworkContractSignature(models.Model):
    """The agreement of the person to a contract (CER), collected by a
    one-time code sent by SMS to the dossier's mobile number ("accord sms"
    of the seed), and the PAdES-signed letter it produced.

    A case record of its contract's dossier: read within the dossier's scope,
    never written by users. It is created by
    :meth:`casework.contract.action_start_sms_signature` and completed by the
    code wizard, both checking that the user may change the contract; the
    code is kept only as a keyed hash (HMAC-SHA256 with the database secret
    and a salt of its own, system-only fields), valid 10 minutes, for one use
    and at most 5 wrong tries. A change of the dossier's phone number cancels
    a pending signature.
    """

    _name = "casework.contract.signature"
    _description = "CER signature by SMS code"
    _inherit = ["casework.case.mixin"]
    _order = "date_sent desc, id desc"
    _rec_name = "contract_id"
    _casework_anonymise_fields = ("phone_masked",)

    contract_id = fields.Many2one("casework.contract", required=True, ondelete="restrict", index=True, readonly=True)
    beneficiary_id = fields.Many2one(related="contract_id.beneficiary_id", store=True, required=False)
    state = fields.Selection(SIGNATURE_STATES, required=True, default="pending", readonly=True, index=True)
    phone_masked = fields.Char(string="Mobile phone", readonly=True, help="The number the code was sent to, masked.")
    user_id = fields.Many2one("res.users", string="Started by", readonly=True, ondelete="restrict")
    date_sent = fields.Datetime(string="Code sent on", readonly=True)
    date_expiry = fields.Datetime(string="Code valid until", readonly=True)
    attempt_count = fields.Integer(string="Wrong codes", readonly=True)
    date_signed = fields.Datetime(string="Signed on", readonly=True)
    signed_by_id = fields.Many2one("res.users", string="Code entered by", readonly=True, ondelete="restrict")
    letter_sha256 = fields.Char(string="SHA-256 of the letter", readonly=True,
                                help="Fingerprint of the letter “CER sans décision” generated for the signature.")
    signed_sha256 = fields.Char(string="SHA-256 of the signed PDF", readonly=True)
    document_id = fields.Many2one("casework.document", string="Signed document", readonly=True, ondelete="set null")
    cancel_reason = fields.Char(string="Reason", readonly=True)
    # the letter being signed, and the secrets: never readable by users
    letter_file = fields.Binary(attachment=True, readonly=True, copy=False, groups="base.group_system")
    code_salt = fields.Char(readonly=True, copy=False, groups="base.group_system")
    code_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")
    phone_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @api.model
    def _casework_mobile_number(self, dossier):
        """The dossier's mobile number in E.164, or False (none, or not a
        mobile number)."""
        # the dossier's number, for its code: never returned to the user
        return phone.mobile_e164(dossier.sudo().phone) or False

    @api.model
    def _casework_mask_phone(self, number):
        """``+33612345678`` → ``06 •• •• •• 78``: the national writing, its
        first and last groups only."""
        national = phonenumbers.format_number(phonenumbers.parse(number, "FR"), phonenumbers.PhoneNumberFormat.NATIONAL)
        groups = national.split()
        if len(groups) < 3:
            return re.sub(r"\d(?=\d{2})", "•", national)
        return " ".join([groups[0], *(re.sub(r"\d", "•", group) for group in groups[1:-1]), groups[-1]])

    def _casework_digest(self, value):
        """HMAC-SHA256 of ``value`` keyed with the database secret, salted
        with this signature's id and salt (hexadecimal)."""
        self.ensure_one()
        # sudo: the database secret and the salt, used here and never returned
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        message = f"{self.id}:{self.sudo().code_salt}:{value}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    def _casework_close(self, state, reason=False):
        """End pending signatures: ``state`` (expired, cancelled or failed),
        with a reason; the letter kept for signing is dropped."""
        # sudo: the system's fields of signatures whose closing the caller decided
        self.sudo().write({"state": state, "cancel_reason": reason, "letter_file": False, "code_hash": False})

    @api.autovacuum
    def _gc_expired_signatures(self):
        """Close the pending signatures whose code expired (a code nobody
        typed): their letter kept for signing is dropped."""
        expired = self.search([("state", "=", "pending"), ("date_expiry", "<", fields.Datetime.now())])
        expired._casework_close("expired", self.env._("The code expired."))
        return expired

    # ------------------------------------------------------------------
    # start: letter, code, SMS
    # ------------------------------------------------------------------

    @api.model
    def _casework_start(self, contract):
        """Start the signature of ``contract`` (one contract the user may
        sign, checked by the caller): the letter “CER sans décision” is
        generated again (it never carries an old phone number), a 6-digit
        code is drawn and sent by SMS to the dossier's mobile number, the
        contract's other pending signatures are cancelled.

        :return: the new signature (pending), in the user's environment
        :raise UserError: no mobile number, no usable certificate, too many
            codes sent within an hour (for the contract, for the dossier, by
            the user), or the SMS could not be sent (then nothing is kept)
        """
        signature, number, code = self._casework_prepare(contract)
        signature._casework_send_code(number, code)
        return signature

    @api.model
    def _casework_prepare(self, contract):
        """Everything :meth:`_casework_start` does but sending the SMS (the
        demo generator collects the agreement without one).

        :return: (signature in the user's environment, E.164 number, code)
        """
        contract.ensure_one()
        number = self._casework_mobile_number(contract.beneficiary_id)
        if not number:
            raise UserError(self.env._(
                "The dossier %(dossier)s has no mobile phone number: enter one (06 or 07...) in its contact details "
                "before signing by SMS.", dossier=contract.beneficiary_id.number,
            ))
        self.env.company._casework_cer_signing_material()
        now = fields.Datetime.now()
        # sudo: counts and closes the contract's signatures, the user may sign the contract
        signatures = self.sudo().search([("contract_id", "=", contract.id)])
        recent = signatures.filtered(lambda s: s.date_sent and s.date_sent > now - timedelta(hours=1))
        if len(recent) >= MAX_CODES_PER_HOUR:
            raise UserError(self.env._(
                "%(count)s codes were sent for this contract within the last hour: wait before sending another one.",
                count=MAX_CODES_PER_HOUR,
            ))
        self._casework_check_code_limits(contract.beneficiary_id, now)
        signatures.filtered(lambda s: s.state == "pending")._casework_close(
            "cancelled", self.env._("A new code was sent.")
        )
        letter = self._casework_render_letter(contract)
        # sudo: system fields of a signature of a contract the user may sign (checked by the caller)
        signature = self.sudo().create({
            "contract_id": contract.id,
            "phone_masked": self._casework_mask_phone(number),
            "user_id": self.env.uid,
            "date_sent": now,
            "date_expiry": now + CODE_VALIDITY,
            "letter_file": base64.b64encode(letter),
            "letter_sha256": pades.sha256(letter),
            "code_salt": secrets.token_hex(16),
        })
        code = f"{secrets.randbelow(10 ** 6):06d}"
        signature.write({
            "code_hash": signature._casework_digest(code), "phone_hash": signature._casework_digest(number),
        })
        return signature.with_env(self.env), number, code

    @api.model
    def _casework_check_code_limits(self, dossier, now):
        """Refuse a new code when :data:`MAX_CODES_PER_DOSSIER_PER_HOUR` were
        sent within the hour for ``dossier`` (whatever the contract: a new
        contract gives no new tries), or :data:`MAX_CODES_PER_USER_PER_HOUR`
        by the current user (whatever the dossier).

        :param now: naive UTC datetime
        :raise UserError: saying which limit was reached
        """
        # sudo: counts of the codes sent, nothing else read
        Signature = self.sudo()
        since = now - timedelta(hours=1)
        if Signature.search_count(
            [("beneficiary_id", "=", dossier.id), ("date_sent", ">", since)]
        ) >= MAX_CODES_PER_DOSSIER_PER_HOUR:
            raise UserError(self.env._(
                "%(count)s codes were sent for this dossier's contracts within the last hour: wait before sending "
                "another one.", count=MAX_CODES_PER_DOSSIER_PER_HOUR,
            ))
        if Signature.search_count(
            [("user_id", "=", self.env.uid), ("date_sent", ">", since)]
        ) >= MAX_CODES_PER_USER_PER_HOUR:
            raise UserError(self.env._(
                "You sent %(count)s codes within the last hour: wait before sending another one.",
                count=MAX_CODES_PER_USER_PER_HOUR,
            ))

    @api.model
    def _casework_render_letter(self, contract):
        """The letter “CER sans décision” of ``contract`` as the person
        agrees to it (PDF bytes): rendered as the user reads it, the
        agreement ticked "oui" — the value the contract takes once the code
        is verified, set for the rendering only and undone right after."""
        self.env.flush_all()
        with self.env.cr.savepoint(flush=False) as savepoint:
            # sudo: the agreement printed on the letter, undone by the rollback below
            contract.sudo().agreement = "yes"
            contract.flush_recordset()
            # real PDF bytes to sign, in the tests too
            letter, __ = contract.with_context(force_report_rendering=True)._casework_letter_pdf("without_decision")
            savepoint.rollback()
        # the values read or written within the savepoint are gone with it
        contract.invalidate_recordset(flush=False)
        return letter

    def _casework_send_code(self, number, code):
        """Send ``code`` by SMS to ``number`` through Odoo's SMS queue and
        provider (Twilio when configured on the company), as the appointment
        reminders do; the SMS record is deleted at once so that the code is
        kept nowhere.

        :raise UserError: when the provider refused it
        """
        self.ensure_one()
        partner = self.sudo().beneficiary_id.partner_id
        body = self.with_context(lang=partner.lang or self.env.lang).env._(
            "Your code to sign your engagement contract (CER): %(code)s. Valid 10 minutes. Give it only to your "
            "référent.", code=code,
        )
        # Odoo's SMS queue and tracker (system models); the text holds the code: deleted right after sending
        sms = self.env["sms.sms"].sudo().create({"number": number, "body": body, "partner_id": partner.id})
        self.env["sms.tracker"].sudo().create({"sms_uuid": sms.uuid})
        sms.send(unlink_failed=True, unlink_sent=True, raise_exception=False)
        state, failure_type = sms.state, sms.failure_type
        sms.unlink()
        if state not in ("pending", "sent"):
            failure = dict(self.env["sms.sms"]._fields["failure_type"]._description_selection(self.env)).get(
                failure_type) or self.env._("unknown error")
            _logger.info("Code of CER signature %s not sent: %s", self.id, failure_type)
            raise UserError(self.env._(
                "The SMS with the code could not be sent (%(error)s): check the dossier's mobile number, or ask an "
                "administrator to check the SMS settings.", error=failure,
            ))
        _logger.info("Code of CER signature %s sent", self.id)

    # ------------------------------------------------------------------
    # verification and signature
    # ------------------------------------------------------------------

    def _casework_verify(self, code=None, digest=None):
        """Check the code the person gave (``code``, or its
        :meth:`_casework_digest` typed in the wizard) and, when right, sign.

        The refusals that change the signature (wrong code, expiry, too many
        tries, phone changed) are returned rather than raised, so that they
        are kept: a raised error would undo the count of wrong codes.

        :return: False when signed, else the refusal's message (str)
        :raise AccessError: when the user may not change the contract
        :raise UserError: when the contract may no longer be signed by the
            user, or another user is checking a code of it at this moment
        """
        self.ensure_one()
        contract = self.contract_id
        contract._casework_check_can_sign()
        contract._casework_lock()
        signature = self.sudo()
        signature.invalidate_recordset()
        if signature.state == "signed":
            return self.env._("This code was already used: the contract is signed.")
        if signature.state == "cancelled":
            return self.env._("This signature was cancelled (%(reason)s): start a new one.",
                              reason=signature.cancel_reason or "")
        if signature.state == "failed":
            return self.env._("Too many wrong codes: this signature is cancelled. Start a new one.")
        if signature.state == "expired" or fields.Datetime.now() > signature.date_expiry:
            signature._casework_close("expired", self.env._("The code expired."))
            return self.env._("This code has expired (a code is valid 10 minutes): start a new signature.")
        number = self._casework_mobile_number(contract.beneficiary_id)
        if not number or not hmac.compare_digest(signature._casework_digest(number), signature.phone_hash or ""):
            signature._casework_close("cancelled", self.env._("The dossier's phone number changed."))
            return self.env._(
                "The dossier's phone number changed since the code was sent: this signature is cancelled. "
                "Start a new one."
            )
        if digest is None:
            digest = signature._casework_digest((code or "").strip())
        if not digest or not hmac.compare_digest(digest, signature.code_hash or ""):
            attempts = signature.attempt_count + 1
            signature.write({"attempt_count": attempts})
            if attempts >= MAX_ATTEMPTS:
                signature._casework_close("failed", self.env._("Too many wrong codes."))
                return self.env._("Too many wrong codes: this signature is cancelled. Start a new one.")
            return self.env._("Wrong code: %(left)s attempt(s) left.", left=MAX_ATTEMPTS - attempts)
        signature._casework_sign()
        return False

    def _casework_sign(self):
        """The code is right: add the page of the agreement to the letter,
        sign it (PAdES, the organisation's certificate), file it read-only in
        the dossier's documents, record its SHA-256 and the person's
        agreement. Runs as superuser, after :meth:`_casework_verify`'s checks."""
        self.ensure_one()
        letter = base64.b64decode(self.letter_file or b"")
        if pades.sha256(letter) != self.letter_sha256:
            self._casework_close("failed", self.env._("The letter changed since the code was sent."))
            raise UserError(self.env._("The letter to sign changed since the code was sent: start a new signature."))
        material, password = self.env.company._casework_cer_signing_material()
        now = fields.Datetime.now()
        self.write({"date_signed": now, "signed_by_id": self.env.uid})
        contract = self.contract_id
        lang = contract.beneficiary_id.partner_id.lang or self.env.lang
        page = self._casework_render_agreement_page(lang)
        merged = pdf_tools.merge_pdf([letter, page])
        env_lang = self.with_context(lang=lang).env
        signed = pades.sign_pdf(
            merged, material, password,
            reason=env_lang._(
                "Agreement of %(person)s to the CER %(number)s, by a one-time code sent by SMS to %(phone)s",
                person=contract.beneficiary_id.name, number=contract.number, phone=self.phone_masked,
            ),
            location=self.env.company.city or None,
            name=self.env.company.name,
        )
        today = fields.Date.context_today(self)
        document = self.env["casework.document"].create({
            "beneficiary_id": contract.beneficiary_id.id,
            "name": f"CER_{contract.number}_signe_{today.isoformat()}",
            "folder_id": self.env.ref("casework_followup.casework_document_folder_cer").id,
            "type_id": self.env.ref("casework_followup.casework_document_type_cer").id,
            "date": today,
            "user_id": self.env.uid,
            "file": base64.b64encode(signed),
            "file_name": f"CER_{contract.number}_signe_{today.isoformat()}.pdf",
            "description": env_lang._("CER %(number)s signed by SMS code on %(date)s.",
                                      number=contract.number, date=today.strftime("%d/%m/%Y")),
            "signature_id": self.id,
        })
        self.write({
            "state": "signed",
            "signed_sha256": pades.sha256(signed),
            "document_id": document.id,
            "letter_file": False,
            "code_hash": False,
        })
        contract.write({"agreement": "yes"})
        contract.message_post(body=self.env._(
            "Agreement of the person collected by SMS code (%(phone)s): the signed letter is in the dossier's "
            "documents.", phone=self.phone_masked,
        ), author_id=self.env.user.partner_id.id)
        _logger.info("CER signature %s signed (document %s)", self.id, document.id)

    def _casework_render_agreement_page(self, lang):
        """The last page of the signed letter (PDF bytes): who agreed, the
        masked phone, when, that the SMS code was verified."""
        self.ensure_one()
        # real PDF bytes are needed to sign them, in the tests too
        report = self.env["ir.actions.report"].with_context(lang=lang, force_report_rendering=True)
        pdf, __ = report._render_qweb_pdf("casework_cer.action_report_contract_signature_page", res_ids=self.ids)
        return pdf

    def _casework_signature_time(self, value):
        """``value`` (naive UTC datetime) in the user's time zone, written
        dd/mm/yyyy HH:MM, for the page of the agreement."""
        local = fields.Datetime.context_timestamp(self.with_context(tz=self.env.user.tz or "Europe/Paris"), value)
        return local.strftime("%d/%m/%Y %H:%M")
