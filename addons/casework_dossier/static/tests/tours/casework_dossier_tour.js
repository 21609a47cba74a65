import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A secretary creates a dossier from the four fields of the quick creation
 * (it is then partiel), fills its phone in the Contact details section,
 * opens the Programmes tab, then finds it again in the list by its name.
 */
registry.category("web_tour.tours").add("casework_dossier_tour", {
    url: "/odoo/action-casework_base.casework_beneficiary_action",
    steps: () => [
        {
            content: "The list shows the dossiers in scope",
            trigger: '.o_list_view .o_data_row:contains("TOURNESOL")',
        },
        {
            content: "Create a dossier",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "The new form got its defaults (the first onchange answered): the secretary's territory",
            trigger: 'div[name="territory_id"] input:value(Tour)',
        },
        {
            trigger: 'div[name="civility"] .o_select_menu_toggler',
            run: "click",
        },
        {
            trigger: '.o_select_menu_item:contains("Monsieur")',
            run: "click",
        },
        {
            trigger: 'div[name="first_name"] input',
            run: "edit Albert",
        },
        {
            trigger: 'div[name="usage_name"] input',
            run: "edit Camelia",
        },
        {
            trigger: 'div[name="birth_date"] input',
            run: "edit 03/04/1988",
        },
        ...stepUtils.saveForm(),
        {
            content: "The dossier got its number and its name",
            trigger: 'div[name="number"]:contains("D")',
        },
        {
            trigger: 'h1 div[name="name"]:contains("CAMELIA Albert")',
        },
        {
            content: "A quick creation gives a partial dossier",
            trigger: '.oe_title div[name="dossier_status"]:contains("Partiel")',
        },
        {
            content: "The synthesis lists the sections of the dossier",
            trigger: 'div[name="section_state_ids"] .o_data_row:contains("Coordonnées")',
        },
        {
            content: "Open the sections of the dossier",
            trigger: 'a.nav-link[name="sections"]',
            run: "click",
        },
        {
            content: "Open the contact details section",
            trigger: 'a.nav-link:contains("Contact details")',
            run: "click",
        },
        {
            trigger: 'div[name="phone"] input',
            run: "edit 0645678912",
        },
        ...stepUtils.saveForm(),
        {
            content: "The phone number was normalised (stored +33645678912), shown as written in France",
            trigger: 'div[name="phone"] input:value("06 45 67 89 12")',
        },
        {
            content: "Open the programmes tab",
            trigger: 'a.nav-link:contains("Programmes")',
            run: "click",
        },
        {
            trigger: 'div[name="enrollment_ids"]',
        },
        {
            content: "Back to the list",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            trigger: '.o_list_view .o_data_row:first:contains("CAMELIA")',
        },
    ],
});
