"""The Casework day.

Who reads a dossier depends on the date (an assignment is current from its
start to its end date included, a veille ends, an enrolment is current...):
that date must not follow the time zone the client sends (the ``tz`` key of
the context, or the user's own preference, which they may change), or a user
could stretch their scope by hours. Every business rule about "today" takes
it in the time zone of the company (its partner's), by default Paris.
"""

from datetime import datetime

import pytz

DEFAULT_TZ = "Europe/Paris"


def casework_tz(env):
    """The time zone of the Casework day: the current company's partner's,
    else Europe/Paris (never the client's, never the user's)."""
    # sudo: the time zone of the user's own company, nothing personal
    name = env.company.sudo().partner_id.tz or DEFAULT_TZ
    try:
        return pytz.timezone(name)
    except pytz.UnknownTimeZoneError:
        return pytz.timezone(DEFAULT_TZ)


def casework_today(env):
    """Today's date in the Casework time zone (see :func:`casework_tz`)."""
    return datetime.now(casework_tz(env)).date()
