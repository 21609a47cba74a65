import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The Casework page of a role whose screens are not installed yet: a title
 * and what will be there (params given by res.users._casework_home_action).
 */
export class CaseworkWelcome extends Component {
    static template = "casework_base.Welcome";
    static props = { ...standardActionServiceProps };

    get params() {
        return this.props.action.params || {};
    }
}

registry.category("actions").add("casework_base.welcome", CaseworkWelcome);
