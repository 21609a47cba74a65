import { registry } from "@web/core/registry";

// the first screens load the assets and the mail client: slow on a loaded machine
const SLOW = 30000;

/** After the login, a référent lands on Casework, on their active file. */
registry.category("web_tour.tours").add("casework_home_referent_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Casework opens first, on the active file",
            trigger: '.o_main_navbar .o_menu_brand:contains("Casework")',
            timeout: SLOW,
        },
        {
            trigger: '.o_control_panel .o_breadcrumb:contains("My active file")',
            timeout: SLOW,
        },
        {
            trigger: '.o_list_view .o_data_row:contains("DUPONT")',
            timeout: SLOW,
        },
        {
            content: "Phones are written as in France, not in their stored E.164",
            trigger: '.o_list_view .o_data_row:contains("DUPONT") td[name="phone"]:contains("06 12 34 56 78")',
        },
    ],
});

/** A finance user lands on Casework, on a page saying what is theirs. */
registry.category("web_tour.tours").add("casework_home_welcome_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Casework opens first, on the page of the role",
            trigger: '.o_action_manager .o_casework_welcome h1:contains("Your Casework space")',
            timeout: SLOW,
        },
        {
            trigger: '.o_main_navbar .o_menu_brand:contains("Casework")',
        },
    ],
});

/** The frise of the dossiers: entries by type of entry; an entry opens its record. */
registry.category("web_tour.tours").add("casework_frise_tour", {
    url: "/odoo/action-casework_base.casework_timeline_entry_action",
    steps: () => [
        {
            content: "The frise shows the dossier's life by type of entry",
            trigger: '.o_timeline_view .vis-item:contains("Accompagnement RSA")',
            timeout: SLOW,
        },
        {
            content: "An entry opens the record it tells of",
            trigger: '.o_timeline_view .vis-item:contains("Accompagnement RSA")',
            run: "dblclick",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="program_id"]:contains("Accompagnement RSA")',
            timeout: SLOW,
        },
    ],
});
