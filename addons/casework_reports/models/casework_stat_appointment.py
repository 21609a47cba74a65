from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_appointment.models.calendar_event import OUTCOMES


class CaseworkStatAppointment(models.Model):
    """One row per appointment of a dossier (cancelled and missed ones
    included): its collaborator, type, date and outcome.

    ``no_show_rate`` is 100 for a past appointment the person missed
    (excused or unexcused absence), 0 for one held, empty otherwise
    (planned, cancelled by the référent): its average is the no-show rate.

    A private appointment (marked private, or in a calendar private by
    default) shows what Odoo's calendar shows of it to the others, a busy
    slot: it is counted, with its date, collaborator and territory (its
    dossier's, which the scope rule needs), but its dossier, type and
    outcome are empty and it has no ``no_show_rate``. So the number of
    appointments counts it (under no outcome), and the no-show rate is that
    of the appointments whose outcome the reader may know: counting it
    there would tell its outcome by difference.
    """

    _name = "casework.stat.appointment"
    _description = "Appointments by outcome"
    _inherit = ["casework.stat.mixin"]
    _auto = False
    _depends = {
        "calendar.event": ["casework_beneficiary_id", "start", "user_id", "casework_appointment_type_id",
                           "casework_outcome", "privacy"],
        "res.users.settings": ["calendar_default_privacy"],
        "casework.beneficiary": ["territory_id", "is_anonymised"],
    }
    _order = "start desc, id desc"

    start = fields.Datetime(readonly=True)
    user_id = fields.Many2one("res.users", string="Collaborator", readonly=True)
    appointment_type_id = fields.Many2one("casework.appointment.type", string="Appointment type", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    no_show_rate = fields.Float(string="No-show rate (%)", readonly=True, aggregator="avg")

    @api.model
    def _stat_query(self):
        # private as Odoo's calendar tells it (calendar.event._check_private_event_conditions):
        # the event's privacy, else its organiser's default, else the database's
        return SQL("""
            SELECT ev.id, CASE WHEN pv.private THEN NULL ELSE ev.casework_beneficiary_id END AS beneficiary_id,
                   b.territory_id, COALESCE(b.is_anonymised, FALSE) AS dossier_anonymised,
                   ev.start, ev.user_id,
                   CASE WHEN pv.private THEN NULL ELSE ev.casework_appointment_type_id END AS appointment_type_id,
                   CASE WHEN pv.private THEN NULL ELSE ev.casework_outcome END AS outcome,
                   CASE WHEN pv.private THEN NULL
                        WHEN ev.casework_outcome IN ('excused', 'unexcused') THEN 100.0
                        WHEN ev.casework_outcome = 'held' THEN 0.0 END AS no_show_rate
              FROM calendar_event ev
              JOIN casework_beneficiary b ON b.id = ev.casework_beneficiary_id
              LEFT JOIN res_users_settings st ON st.user_id = ev.user_id
             CROSS JOIN LATERAL (
                   SELECT COALESCE(ev.privacy, st.calendar_default_privacy,
                                   (SELECT p.value FROM ir_config_parameter p WHERE p.key = 'calendar.default_privacy'),
                                   'public') = 'private' AS private
                   ) pv
        """)
