import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The counsellor's dashboard "Mine": one card per figure, each a count and
 * the list it counts. Figures and their actions come from the server in
 * one call (casework.dashboard.get_my_figures), counted as the user.
 */
export class CaseworkDashboardMine extends Component {
    static template = "casework_reports.DashboardMine";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ figures: [], loaded: false });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.figures = await this.orm.call("casework.dashboard", "get_my_figures", []);
        this.state.loaded = true;
    }

    open(figure) {
        return this.action.doAction(figure.action);
    }
}

registry.category("actions").add("casework_reports.dashboard_mine", CaseworkDashboardMine);
