from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval

from odoo.addons.casework_base.tools.dates import casework_today, casework_tz

from .casework_alert import ENDING_DAYS, RENEWAL_DAYS


class CaseworkDashboard(models.AbstractModel):
    """The counsellor's dashboard ("Mine"): the figures of the current
    user's own work, each a count and the list it counts.

    Every figure is counted as the user (``search_count``, record rules
    applied, never in superuser mode): a figure never counts a record of a
    dossier the user may not open, and the list a card opens is the same
    search (its domain is built here, on the server, and the client only
    passes it back to the web client's action service).
    """

    _name = "casework.dashboard"
    _description = "Casework dashboard"

    @api.model
    def get_my_dashboard(self):
        """Everything "Mine" shows for the current user, in one call: the
        figures (:meth:`get_my_figures`) and the alerts the user pinned on
        their dashboard, each with its count (the spec's "pinned with a
        count badge", ``casework.alert.subscription.casework_alert_counts``).

        :return: dict ``{"figures": list (see :meth:`get_my_figures`),
            "alerts": list of ``{"id", "name", "count", "action"}`` (empty
            for a user without alerts), "can_manage_alerts": bool (the user
            may subscribe to alerts: the link "Manage my alerts")}``
        """
        Subscription = self.env["casework.alert.subscription"]
        can_manage_alerts = Subscription.has_access("read")
        return {
            "figures": self.get_my_figures(),
            "alerts": Subscription.casework_alert_counts() if can_manage_alerts else [],
            "can_manage_alerts": can_manage_alerts,
        }

    @api.model
    def get_my_figures(self):
        """The figures of the dashboard "Mine" for the current user, in one
        call.

        :return: list of dicts ``{"key": str, "label": str, "count": int,
            "action": dict}``, ``action`` an ``ir.actions.act_window`` dict
            (``res_model``, ``domain`` as a JSON-able list, ``context``,
            ``views``) opening the records counted; figures whose model the
            user may not read at all are left out
        """
        figures = []
        actions = {}  # several cards open the same window action
        for key, label, model_name, domain, xmlid in self._casework_my_figure_specs():
            Model = self.env[model_name]
            if not Model.has_access("read"):
                continue
            figures.append({
                "key": key,
                "label": label,
                "count": Model.search_count(domain),
                "action": self._casework_figure_action(xmlid, label, domain, actions),
            })
        return figures

    @api.model
    def _casework_my_figure_specs(self):
        """What "Mine" counts, in display order (the seed's "Le tableau de
        bord"): ``[(key, label, model, domain, action xml id)]``. Domains
        hold plain values (dates as strings) so that they travel to the
        client as they are."""
        uid = self.env.uid
        today = casework_today(self.env)
        month_start, month_end = self._casework_month_bounds(today)
        now = fields.Datetime.to_string(fields.Datetime.now())
        mine = [("in_my_active_file", "=", True)]
        dossier_mine = [("beneficiary_id.in_my_active_file", "=", True)]
        my_appointments = [("casework_beneficiary_id", "!=", False), ("user_id", "=", uid)]
        # absences and cancellations archive their appointment (casework_appointment)
        any_active = [("active", "in", (True, False))]
        this_month = [("start", ">=", month_start), ("start", "<", month_end)]
        labels = self._casework_my_figure_labels()
        # the rules shared with the alerts and the standard reports, as plain lists
        plain = self.env["casework.report.run"]._report_plain_domain
        Alert = self.env["casework.alert"]
        Dossier = self.env["casework.beneficiary"]
        specs = [
            ("active_file", "casework.beneficiary", mine,
             "casework_base.casework_beneficiary_action_my_active_file"),
            ("appointments_held", "calendar.event",
             my_appointments + [("casework_outcome", "=", "held")] + this_month,
             "casework_appointment.calendar_event_action_casework"),
            ("appointments_missed", "calendar.event",
             my_appointments + any_active + [("casework_outcome", "in", ("excused", "unexcused"))] + this_month,
             "casework_appointment.calendar_event_action_casework"),
            ("appointments_to_record", "calendar.event",
             my_appointments + [("casework_outcome", "=", "planned"), ("stop", "<", now)],
             "casework_appointment.calendar_event_action_casework"),
            ("contracts_to_renew", "casework.contract",
             dossier_mine + plain(self.env["casework.contract"]._casework_to_renew_domain(RENEWAL_DAYS)),
             "casework_cer.casework_contract_action"),
            ("tasks_overdue", "mail.activity",
             # tasks, not the meeting activities of the appointments
             [("res_model", "=like", "casework.%"), ("user_id", "=", uid), ("active", "=", True),
              ("activity_type_id.category", "!=", "meeting"),
              ("date_deadline", "<", fields.Date.to_string(today))],
             "casework_followup.mail_activity_action_casework_my_task"),
            ("notes_assigned", "casework.note",
             plain(Alert._alert_domain_notes_assigned()),
             "casework_followup.casework_note_action_mine"),
            ("veilles_ending", "casework.veille",
             dossier_mine + plain(Alert._alert_domain_veilles_ending(ENDING_DAYS)),
             "casework_base.casework_veille_action"),
            ("missing_characteristics", "casework.beneficiary",
             mine + plain(Dossier._casework_missing_characteristic_domain()),
             "casework_base.casework_beneficiary_action_my_active_file"),
            ("exits_to_record", "casework.beneficiary",
             mine + plain(Dossier._casework_exits_to_record_domain()),
             "casework_reports.casework_report_action_exits_to_record"),
            ("dormant", "casework.beneficiary",
             mine + [("is_dormant", "=", True)],
             "casework_base.casework_beneficiary_action_my_active_file"),
        ]
        return [(key, labels[key], model, domain, xmlid) for key, model, domain, xmlid in specs]

    @api.model
    def _casework_my_figure_labels(self):
        """{figure key: its card's label, translated}"""
        return {
            "active_file": self.env._("My active file"),
            "appointments_held": self.env._("Appointments held this month"),
            "appointments_missed": self.env._("Appointments missed this month"),
            "appointments_to_record": self.env._("Past appointments without outcome"),
            "contracts_to_renew": self.env._("CER to renew within 30 days"),
            "tasks_overdue": self.env._("My overdue tasks"),
            "notes_assigned": self.env._("Notes assigned to me"),
            "veilles_ending": self.env._("Veilles ending within 15 days"),
            "missing_characteristics": self.env._("Dossiers with a missing required characteristic"),
            "exits_to_record": self.env._("Exits to record"),
            "dormant": self.env._("My dormant dossiers"),
        }

    @api.model
    def _casework_month_bounds(self, today):
        """The current month in the Casework time zone, as two UTC
        datetime strings ``(first instant, first instant of next month)``."""
        tz = casework_tz(self.env)
        first = today.replace(day=1)
        bounds = []
        for day in (first, first + relativedelta(months=1)):
            local = tz.localize(datetime.combine(day, time.min))
            bounds.append(fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None)))
        return tuple(bounds)

    @api.model
    def _casework_figure_action(self, xmlid, name, domain, cache=None):
        """The window action opening the records of a figure: ``xmlid``'s
        views and help, with the figure's ``domain`` and without default
        filters (the list shows what the card counted).

        :param cache: optional dict {xml id: action dict} shared by the calls of one dashboard
        """
        cache = {} if cache is None else cache
        if xmlid not in cache:
            cache[xmlid] = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action = dict(cache[xmlid])
        # the action's own context, as the web client would evaluate it
        context = safe_eval(action.get("context") or "{}", {"uid": self.env.uid})
        action.update({
            "name": name,
            "display_name": name,
            "domain": domain,
            "context": {key: value for key, value in context.items() if not key.startswith("search_default_")},
            "target": "current",
        })
        action.pop("id", None)
        return action
