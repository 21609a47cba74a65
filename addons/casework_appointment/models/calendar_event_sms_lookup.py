import logging

import requests

from odoo import fields, models

from .calendar_event import SMS_REMINDER_DELAY

_logger = logging.getLogger(__name__)

TWILIO_MESSAGES_URL = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"
# statuses of a message Twilio did not (and will not) send
TWILIO_NOT_SENT = ("failed", "canceled", "undelivered")


class CalendarEvent(models.Model):
    """A reminder whose answer was lost: before sending it again, ask Twilio.

    When Odoo's SMS got no answer from Twilio (a read timeout, a dropped
    connection: ``sms.sms`` failure ``sms_server``), Twilio may have accepted
    the message all the same. Before the next try, the job lists the
    messages Twilio has for the number since the first day the reminder of
    this slot could be sent (``GET /2010-04-01/Accounts/{sid}/Messages.json
    ?To=...&DateSent>=...``) and looks for the same text: found, the reminder is marked sent and not
    sent again; not found, it is sent; Twilio not answering either, this try
    is counted as failed and nothing is sent.
    """

    _inherit = "calendar.event"

    def _casework_sms_answer_lost(self, previous_sms):
        """Whether the previous send of ``self`` (one appointment) got no
        answer from the provider (``previous_sms``: its ``sms.sms``)."""
        self.ensure_one()
        return bool(
            previous_sms
            and previous_sms.state == "error"
            and previous_sms.failure_type == "sms_server"
            and previous_sms._get_sms_company().sms_provider == "twilio"
        )

    def _casework_sms_find_at_twilio(self, previous_sms, number, body):
        """Ask Twilio for the message sent to ``number`` with ``body`` since
        the first day the reminder of this slot could be sent (48 hours
        before the appointment, UTC day).

        :return: the message's SID, ``False`` when Twilio has none, ``None``
            when Twilio could not be asked (no answer, an error)
        """
        self.ensure_one()
        # the job's credentials, to ask the provider only
        company = previous_sms._get_sms_company().sudo()
        params = {
            "To": number,
            "DateSent>": fields.Date.to_string((self.start - SMS_REMINDER_DELAY).date()),
            "PageSize": 50,
        }
        try:
            response = requests.get(
                TWILIO_MESSAGES_URL.format(sid=company.sms_twilio_account_sid),
                params=params,
                auth=(company.sms_twilio_account_sid, company.sms_twilio_auth_token),
                timeout=10,
            )
            response.raise_for_status()
            messages = response.json().get("messages") or []
        except (requests.exceptions.RequestException, ValueError) as error:
            _logger.info("SMS reminder of appointment %s: Twilio could not be asked (%s)", self.id, error)
            return None
        for message in messages:
            if message.get("to") == number and message.get("body") == body and message.get("status") not in (
                TWILIO_NOT_SENT
            ):
                return message.get("sid") or False
        return False

    def _casework_sms_check_lost_answer(self, previous_sms, number, body):
        """Before a new try of ``self`` (one appointment, as superuser) whose
        previous send got no answer: ask Twilio.

        :return: True when nothing is to be sent now (Twilio has the message,
            the reminder is marked sent; or Twilio could not be asked, the try
            is counted as failed), False to send it
        """
        self.ensure_one()
        sid = self._casework_sms_find_at_twilio(previous_sms, number, body)
        if sid is None:
            self.write({
                "casework_sms_state": "failed",
                "casework_sms_attempts": self.casework_sms_attempts + 1,
                "casework_sms_error": self.env._(
                    "The previous reminder got no answer from Twilio, and Twilio could not be asked whether it "
                    "was sent: not sent again for now."
                ),
            })
            return True
        if not sid:
            return False
        # the message Twilio accepted: its status reports reach the previous SMS's tracker
        previous_sms.write({"state": "pending", "failure_type": False, "to_delete": False})
        previous_sms.sms_tracker_id.sms_twilio_sid = sid
        self.write({"casework_sms_state": "sent", "casework_sms_date": fields.Datetime.now(),
                    "casework_sms_error": False})
        _logger.info("SMS reminder of appointment %s: found at Twilio, not sent again", self.id)
        return True
