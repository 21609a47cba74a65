"""PAdES signature of PDF files with an organisation's PKCS#12 certificate
(pyHanko), and a self-signed certificate for setup, demo and tests.

Pure Python (no ORM, no translation): callers turn :class:`CertificateError`
into their own translated message.
"""

import datetime
import hashlib
import io

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields as sig_fields
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

SIGNATURE_FIELD = "CaseworkSignature"


class CertificateError(ValueError):
    """The PKCS#12 file cannot be read with its password, holds no private
    key, or its certificate is not valid today."""


def sha256(data):
    """Hexadecimal SHA-256 of ``data`` (bytes)."""
    return hashlib.sha256(data).hexdigest()


def generate_self_signed_pkcs12(common_name, password, organisation=None, days=3650):
    """A new RSA 2048 key and its self-signed certificate, in a PKCS#12 file.

    For setup, demo and tests only: a self-signed certificate proves nothing
    to a reader who does not trust it explicitly.

    :param common_name: str, the certificate's subject (the organisation)
    :param password: str, protecting the PKCS#12 file
    :param days: validity from yesterday
    :return: bytes of the PKCS#12 file
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048, backend=default_backend())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(attributes)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    return pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, certificate, None,
        serialization.BestAvailableEncryption(password.encode()),
    )


def load_pkcs12(data, password):
    """Read a PKCS#12 file.

    :param data: bytes of the file
    :param password: str (empty or None for none)
    :return: (private key, certificate, other certificates) as ``cryptography`` objects
    :raise CertificateError: when it cannot be read, holds no key or no
        certificate, or its certificate is not valid now
    """
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(
            data, password.encode() if password else None, default_backend()
        )
    except (ValueError, TypeError) as error:
        raise CertificateError("unreadable") from error
    if key is None or certificate is None:
        raise CertificateError("incomplete")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    if not certificate.not_valid_before <= now <= certificate.not_valid_after:
        raise CertificateError("expired")
    return key, certificate, others or []


def certificate_der(data, password):
    """The DER bytes of the certificate of a PKCS#12 file (for a trust root)."""
    __, certificate, __ = load_pkcs12(data, password)
    return certificate.public_bytes(serialization.Encoding.DER)


def describe_certificate(data, password):
    """(subject, expiry) of the certificate of a PKCS#12 file: str, naive UTC datetime."""
    __, certificate, __ = load_pkcs12(data, password)
    return certificate.subject.rfc4514_string(), certificate.not_valid_after


def _signer(data, password):
    key, certificate, others = load_pkcs12(data, password)
    der = serialization.Encoding.DER
    private_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificate.public_bytes(der)),
        signing_key=private_key,
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(other.public_bytes(der)) for other in others]
        ),
    )


def sign_pdf(pdf, pkcs12_data, password, reason, location=None, name=None):
    """Sign ``pdf`` with a PAdES signature (CMS, SHA-256) of the PKCS#12's
    certificate, as an incremental update covering the whole file.

    :param pdf: bytes of the PDF to sign
    :param reason: str, the signature's reason (shown by PDF readers)
    :param location: str or None
    :param name: str or None, the signer's name in the signature dictionary
    :return: bytes of the signed PDF
    :raise CertificateError: see :func:`load_pkcs12`
    """
    signer = _signer(pkcs12_data, password)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, reason=reason, location=location or None, name=name or None,
        md_algorithm="sha256", subfilter=sig_fields.SigSeedSubFilter.PADES,
    )
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()
