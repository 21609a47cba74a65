import base64

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import pades


class ResCompany(models.Model):
    """The organisation's certificate signing the contracts (CER) agreed by
    SMS code: a PKCS#12 file and its password, read and written by the
    system administrators only (``base.group_system``)."""

    _inherit = "res.company"

    casework_cer_sign_certificate = fields.Binary(
        string="CER signing certificate (PKCS#12)", attachment=True, groups="base.group_system",
        help="The organisation's certificate and private key (.p12 or .pfx) signing the contracts agreed by SMS code.",
    )
    casework_cer_sign_certificate_name = fields.Char(string="Certificate file name", groups="base.group_system")
    casework_cer_sign_password = fields.Char(string="Certificate password", groups="base.group_system")

    def _casework_cer_signing_material(self):
        """The PKCS#12 file and password signing the contracts, once checked.

        :return: (bytes, str)
        :raise UserError: when none is configured (telling where to set it),
            or when it cannot be read with its password, or has expired
        """
        self.ensure_one()
        # sudo: the signing key, used by the server to sign; never returned to the caller
        company = self.sudo()
        if not company.casework_cer_sign_certificate:
            raise UserError(self.env._(
                "No signing certificate is configured for %(company)s: an administrator sets the organisation's "
                "certificate (PKCS#12 file and its password) in Settings > Casework > Contracts (CER).",
                company=self.name,
            ))
        data = base64.b64decode(company.casework_cer_sign_certificate)
        try:
            pades.load_pkcs12(data, company.casework_cer_sign_password)
        except pades.CertificateError as error:
            if str(error) == "expired":
                raise UserError(self.env._(
                    "The signing certificate has expired or is not valid yet: an administrator replaces it in "
                    "Settings > Casework > Contracts (CER).")) from None
            raise UserError(self.env._(
                "The signing certificate cannot be read: an administrator checks the PKCS#12 file and its password "
                "in Settings > Casework > Contracts (CER).")) from None
        return data, company.casework_cer_sign_password or ""

    def _casework_cer_set_test_certificate(self, password="casework-demo"):
        """Generate a self-signed certificate in the organisation's name and
        set it as the contracts' signing certificate (setup, demo and tests
        only: a reader trusts it only if told to).

        :return: bytes of the PKCS#12 file
        """
        self.ensure_one()
        data = pades.generate_self_signed_pkcs12(
            self.env._("%(company)s (test certificate)", company=self.name), password, organisation=self.name
        )
        # sudo: the caller is the setup, the demo generator or a test
        self.sudo().write({
            "casework_cer_sign_certificate": base64.b64encode(data),
            "casework_cer_sign_certificate_name": "casework-test-certificate.p12",
            "casework_cer_sign_password": password,
        })
        return data
