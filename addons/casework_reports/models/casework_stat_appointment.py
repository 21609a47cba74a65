from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.casework_appointment.models.calendar_event import OUTCOMES


class CaseworkStatAppointment(models.Model):
    """One row per appointment of a dossier (cancelled and missed ones
    included): its collaborator, type, date and outcome.

    ``no_show_rate`` is 100 for a past appointment the person missed
    (excused or unexcused absence), 0 for one held, empty otherwise
    (planned, cancelled by the référent): its average is the no-show rate.
    """

    _name = "casework.stat.appointment"
    _description = "Appointments by outcome"
    _inherit = ["casework.stat.mixin"]
    _auto = False
    _depends = {
        "calendar.event": ["casework_beneficiary_id", "start", "user_id", "casework_appointment_type_id",
                           "casework_outcome"],
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
        return SQL("""
            SELECT ev.id, ev.casework_beneficiary_id AS beneficiary_id, b.territory_id,
                   COALESCE(b.is_anonymised, FALSE) AS dossier_anonymised,
                   ev.start, ev.user_id, ev.casework_appointment_type_id AS appointment_type_id,
                   ev.casework_outcome AS outcome,
                   CASE WHEN ev.casework_outcome IN ('excused', 'unexcused') THEN 100.0
                        WHEN ev.casework_outcome = 'held' THEN 0.0 END AS no_show_rate
              FROM calendar_event ev
              JOIN casework_beneficiary b ON b.id = ev.casework_beneficiary_id
        """)
