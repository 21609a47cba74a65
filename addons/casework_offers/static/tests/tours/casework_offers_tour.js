import { registry } from "@web/core/registry";

/**
 * A referent opens a dossier of their active file, clicks "Propose an
 * offer", searches the active offers by a keyword, proposes one in one
 * click, lands on the positioning it created and converts it to a step.
 */
registry.category("web_tour.tours").add("casework_offers_tour", {
    url: "/odoo/action-casework_base.casework_beneficiary_action_my_active_file",
    steps: () => [
        {
            content: "Open a dossier of the active file",
            trigger: '.o_list_view .o_data_row:contains("DUPONT") td[name="usage_name"]',
            // the first screens load the assets and the mail client: slow on a loaded machine
            timeout: 30000,
            run: "click",
        },
        {
            content: "Propose an offer",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_propose_offer"]',
            // the first screens load the assets and the mail client: slow on a loaded machine
            timeout: 30000,
            run: "click",
        },
        {
            content: "The active offers of the dossier's programmes are listed",
            trigger: '.o_list_view .o_data_row:contains("Atelier CV et lettre de motivation")',
            // the first screens load the assets and the mail client: slow on a loaded machine
            timeout: 30000,
        },
        {
            trigger: '.o_searchview_facet:contains("The dossier\'s programmes")',
        },
        {
            content: "Search the offers by a keyword",
            trigger: ".o_searchview_input",
            run: "edit conduite",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Only the active offer with this keyword is left",
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Atelier CV"))):not(:has(.o_data_row:contains("Ancienne offre")))',
        },
        {
            content: "Propose it",
            trigger: '.o_data_row:contains("Permis B accompagné") button[name="action_propose"]',
            run: "click",
        },
        {
            content: "The positioning is open",
            trigger: '.o_form_view .o_breadcrumb:contains("Propose an offer")',
            // the first screens load the assets and the mail client: slow on a loaded machine
            timeout: 30000,
        },
        {
            trigger: '.o_form_view .o_field_widget[name="offer_id"] input:value("Permis B accompagné")',
        },
        {
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Positioning")',
        },
        {
            content: "The person takes it up: convert the positioning to a step",
            trigger: '.o_statusbar_buttons button[name="action_start"]:contains("Start the step")',
            run: "click",
        },
        {
            content: "The step is in progress",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Step in progress")',
        },
    ],
});
