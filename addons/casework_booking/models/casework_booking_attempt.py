import hashlib
from datetime import timedelta

from odoo import api, fields, models


class CaseworkBookingAttempt(models.Model):
    """The public booking pages' rate limit: one row per wrong token, keyed
    by a hash of the client's address (never the address itself), and one
    per state-changing request, keyed by a hash of its invitation; kept one
    day.

    Only the system reads and writes it (no access rights for anyone).
    """

    _name = "casework.booking.attempt"
    _description = "Online booking request (rate limit)"
    _log_access = False

    key = fields.Char(required=True, index=True)
    kind = fields.Char(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _casework_key(self, address):
        # a salted hash: the table never holds an address (nor an invitation's id)
        salt = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()[:32]

    @api.model
    def _casework_count(self, address, kind, minutes):
        """How many requests of ``kind`` came from ``address`` (a client's
        address, or an invitation's key) in the last ``minutes``."""
        since = fields.Datetime.now() - timedelta(minutes=minutes)
        # the rate limit's own rows, nothing personal: the public page asks before any check
        return self.sudo().search_count([("key", "=", self._casework_key(address)), ("kind", "=", kind),
                                         ("date", ">=", since)])

    @api.model
    def _casework_record(self, address, kind):
        """Count one request of ``kind`` from ``address``."""
        # the rate limit's own rows, nothing personal
        self.sudo().create({"key": self._casework_key(address), "kind": kind})

    @api.model
    def _cron_casework_purge(self):
        """Daily job: forget the requests older than a day."""
        # the job: the rate limit's own rows
        self.sudo().search([("date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
