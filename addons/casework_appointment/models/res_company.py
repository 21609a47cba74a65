from odoo import models

from odoo.addons.sms_twilio.tools.sms_api import SmsApiTwilio

TWILIO_API_URL = "https://api.twilio.com"


class _TwilioSession:
    """A ``requests`` session whose requests to Twilio's API go to another
    base URL (``casework_base.twilio_api_url``)."""

    def __init__(self, session, base_url):
        self._session = session
        self._base_url = base_url.rstrip("/")

    def post(self, url, **kwargs):
        if url.startswith(TWILIO_API_URL):
            url = self._base_url + url[len(TWILIO_API_URL):]
        return self._session.post(url, **kwargs)


class SmsApiTwilioCasework(SmsApiTwilio):
    """``sms_twilio``'s API, with Twilio's base URL configurable.

    ``sms_twilio`` posts to ``https://api.twilio.com`` (hard-coded). When the
    system parameter ``casework_base.twilio_api_url`` is set, the same requests
    (same path, credentials and body) go to that base URL instead: a Twilio
    compatible gateway or proxy, or the local fake Twilio of the tests.
    Nothing else of ``sms_twilio`` changes.
    """

    def _sms_twilio_send_request(self, session, to_number, body, uuid):
        base_url = self.env["ir.config_parameter"].sudo().get_param("casework_base.twilio_api_url")
        if base_url:
            session = _TwilioSession(session, base_url)
        return super()._sms_twilio_send_request(session, to_number, body, uuid)


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.sms_provider == "twilio":
            return SmsApiTwilioCasework
        return super()._get_sms_api_class()
