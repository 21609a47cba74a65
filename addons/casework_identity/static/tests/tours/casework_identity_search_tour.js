import { registry } from "@web/core/registry";

/**
 * A référent types a name with a typo in the dossier search box (its
 * default field) and finds the person first, and nobody outside their scope.
 */
registry.category("web_tour.tours").add("casework_identity_search_tour", {
    url: "/odoo/action-casework_base.casework_beneficiary_action",
    steps: () => [
        {
            content: "The dossiers of the référent are listed",
            trigger: '.o_list_view .o_data_row:contains("DUPONT")',
            // the first screens load the assets and the mail client: slow on a loaded machine
            timeout: 30000,
        },
        {
            content: "Type a name with a letter missing",
            trigger: ".o_searchview_input",
            run: "edit Perin",
        },
        {
            trigger: '.o_searchview_autocomplete:contains("Perin")',
        },
        {
            content: "Enter searches the default field: the one search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: '.o_searchview_facet:contains("Perin")',
        },
        {
            content: "The person comes first, the homonym outside the scope is not there",
            trigger: '.o_list_view .o_data_row:first-child:contains("PERRIN"):contains("Jean")',
            timeout: 30000,
        },
        {
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Lucie"))):not(:has(.o_data_row:contains("DUPONT")))',
        },
    ],
});
