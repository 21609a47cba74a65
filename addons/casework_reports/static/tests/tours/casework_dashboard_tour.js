import { registry } from "@web/core/registry";

// the first screens load the assets and the mail client: slow on a loaded machine
const SLOW = 30000;

/** A référent lands on "Mine", sees their pinned alert and opens the list behind a card. */
registry.category("web_tour.tours").add("casework_dashboard_mine_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Casework opens on the dashboard",
            trigger: '.o_casework_dashboard .o_casework_dashboard_card[data-figure="active_file"] .o_casework_dashboard_count:contains("2")',
            timeout: SLOW,
        },
        {
            trigger: '.o_casework_dashboard .o_casework_dashboard_card[data-figure="dormant"] .o_casework_dashboard_count:contains("1")',
        },
        {
            content: "The alert pinned on the dashboard shows with its count",
            trigger: '.o_casework_dashboard_alerts .o_casework_dashboard_card:contains("Dossiers without contract") .o_casework_dashboard_count:contains("2")',
        },
        {
            trigger: '.o_casework_dashboard_alerts a.o_casework_dashboard_manage_alerts',
        },
        {
            content: "The card of the dormant dossiers opens their list",
            trigger: '.o_casework_dashboard_card[data-figure="dormant"]',
            run: "click",
        },
        {
            trigger: '.o_control_panel .o_breadcrumb:contains("My dormant dossiers")',
            timeout: SLOW,
        },
        {
            trigger: '.o_list_view .o_data_row:contains("Bernard")',
            timeout: SLOW,
        },
        {
            content: "and only them",
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Dupont")))',
        },
    ],
});
