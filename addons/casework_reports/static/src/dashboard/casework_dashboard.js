import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The counsellor's dashboard "Mine": one card per figure, each a count and
 * the list it counts, then one card per alert the user pinned, with the
 * link to manage their alerts. Figures, alerts and their actions come from
 * the server in one call (casework.dashboard.get_my_dashboard), counted as
 * the user.
 */
export class CaseworkDashboardMine extends Component {
    static template = "casework_reports.DashboardMine";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ figures: [], alerts: [], canManageAlerts: false, loaded: false });
        onWillStart(() => this.load());
    }

    async load() {
        const dashboard = await this.orm.call("casework.dashboard", "get_my_dashboard", []);
        this.state.figures = dashboard.figures;
        this.state.alerts = dashboard.alerts;
        this.state.canManageAlerts = dashboard.can_manage_alerts;
        this.state.loaded = true;
    }

    open(figure) {
        return this.action.doAction(figure.action);
    }

    manageAlerts() {
        return this.action.doAction("casework_reports.casework_alert_subscription_action");
    }
}

registry.category("actions").add("casework_reports.dashboard_mine", CaseworkDashboardMine);
