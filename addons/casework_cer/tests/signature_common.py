import base64
import io
import re

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from odoo.addons.casework_appointment.tests.fake_twilio import to_fake_twilio, use_fake_twilio

from ..tools import pades
from .common import ContractCommon

ACCOUNT_SID = "AC" + "fedcba9876543210" * 2
AUTH_TOKEN = "casework-cer-fake-twilio-token"
FROM_NUMBER = "+33757000001"
CERTIFICATE_PASSWORD = "casework-test"


class SignatureCommon(ContractCommon):
    """Contracts to sign, the organisation's self-signed certificate, and
    Odoo's SMS with the Twilio provider sending to a local fake Twilio
    (casework_appointment's ``fake_twilio.py``): the requests sms_twilio
    sends to api.twilio.com reach the fake, which records the messages."""

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # Twilio replaced at its HTTP boundary: same path, credentials and body, to the local fake
        if (fake := to_fake_twilio(cls.twilio, r)) is not None:
            r = fake
        return super()._request_handler(s, r, **kw)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.twilio = use_fake_twilio(cls.env, ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER)
        cls.addClassCleanup(cls.twilio.stop)
        company = cls.env.company
        cls.p12 = company._casework_cer_set_test_certificate(CERTIFICATE_PASSWORD)
        cls.trust_root = asn1_x509.Certificate.load(pades.certificate_der(cls.p12, CERTIFICATE_PASSWORD))
        cls.contract = cls._contract(cls.dossier_north)
        cls.Signature = cls.env["casework.contract.signature"]
        cls.Wizard = cls.env["casework.contract.signature.wizard"]

    def setUp(self):
        super().setUp()
        self.twilio.reset()

    def _start(self, contract=None, user=None):
        """Start a signature as ``user`` (the référent): (wizard, code read from the SMS)."""
        contract = (contract or self.contract).with_user(user or self.referent)
        sent = len(self.twilio.messages)
        action = contract.action_start_sms_signature()
        self.assertEqual(len(self.twilio.messages), sent + 1, "one SMS sent")
        code = re.search(r"\b(\d{6})\b", self.twilio.messages[-1]["Body"]).group(1)
        return self.Wizard.with_user(user or self.referent).browse(action["res_id"]), code

    def _type(self, wizard, code):
        """Type ``code`` in the wizard and confirm: the action returned."""
        wizard.write({"code": code})
        return wizard.action_confirm()

    def _wrong(self, code):
        return f"{(int(code) + 1) % 10 ** 6:06d}"

    def _validate(self, pdf):
        """pyHanko's validation of the (only) signature of ``pdf``, the
        organisation's self-signed certificate trusted."""
        reader = PdfFileReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.embedded_signatures), 1)
        return validate_pdf_signature(reader.embedded_signatures[0], ValidationContext(trust_roots=[self.trust_root]))

    def _signed_pdf(self, signature):
        return base64.b64decode(signature.sudo().document_id.file)
