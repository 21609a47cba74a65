"""The current référent de parcours of a dossier, as SQL.

The lists of dossiers and of contracts group and sort by the current
référent de parcours and by their structure ("structure référent actuel" of
the seed): fields computed in Python, which Odoo can only group or sort by
through ``_field_to_sql``. One query for all of them, the same rule as
``casework.beneficiary.referent_id``: the current assignment of role
"parcours" (from its start to its end date included, today in the Casework
time zone), the latest started when several are (on the day of a
réorientation, the new référent).
"""

from odoo.tools import SQL

from .dates import casework_today

# what the sub-query may return: the référent (res.users id) or their structure
CURRENT_REFERENT_COLUMNS = {
    "user": SQL("a.user_id"),
    "structure": SQL("u.casework_structure_id"),
}


def current_referent_sql(env, dossier, column="user"):
    """A scalar sub-query giving the current référent de parcours of the
    dossier ``dossier``, or their structure.

    Run without record rules (it is part of a query whose rows the rules
    already filter): use it only for a column of rows the user reads.

    :param env: an Odoo environment (for today's date)
    :param dossier: the SQL expression of the dossier id, e.g.
        ``SQL.identifier(alias, "beneficiary_id")``
    :param column: "user" (res.users id) or "structure" (casework.structure id)
    :return: an :class:`~odoo.tools.SQL` sub-query (NULL without a current référent)
    :raise KeyError: for another ``column``
    """
    today = casework_today(env)
    return SQL(
        """(SELECT %(column)s
              FROM casework_referent_assignment a
              JOIN res_users u ON u.id = a.user_id
             WHERE a.beneficiary_id = %(dossier)s AND a.role = 'parcours'
               AND a.date_start <= %(today)s AND (a.date_end IS NULL OR a.date_end >= %(today)s)
          ORDER BY a.date_start DESC, a.end_reason IS DISTINCT FROM 'reorientation' DESC, a.id DESC
             LIMIT 1)""",
        column=CURRENT_REFERENT_COLUMNS[column], dossier=dossier, today=today,
    )
