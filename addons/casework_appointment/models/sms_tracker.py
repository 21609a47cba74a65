from odoo import models


class SmsTracker(models.Model):
    """Mirror the status of an appointment's SMS reminder on the appointment.

    ``sms.tracker`` is where Odoo funnels every status of an SMS: the answer
    of the provider when sending, and later the delivery reports (Twilio's
    status callback of ``sms_twilio``). The reminder creates a tracker for its
    SMS; this keeps ``calendar.event.casework_sms_state`` in step.
    """

    _inherit = "sms.tracker"

    def _update_sms_notifications(self, notification_status, failure_type=False, failure_reason=False):
        result = super()._update_sms_notifications(
            notification_status, failure_type=failure_type, failure_reason=failure_reason
        )
        uuids = [uuid for uuid in self.mapped("sms_uuid") if uuid]
        if uuids:
            # the provider's report (sms_twilio checks its signature) updates its appointments
            events = self.env["calendar.event"].sudo().with_context(active_test=False).search(
                [("casework_sms_uuid", "in", uuids)]
            )
            events._casework_sms_update_from_provider(notification_status, failure_type, failure_reason)
        return result
