import { registry } from "@web/core/registry";

/**
 * A head of service builds an export of the enrolments by territory and
 * gender (two aggregators: a cross-tab), saves it and downloads its XLSX.
 */
registry.category("web_tour.tours").add("casework_export_tour", {
    url: "/odoo/action-casework_reports.casework_export_action",
    steps: () => [
        {
            content: "New export",
            trigger: ".o_list_button_add",
            // the first screens load the assets and the mail client: slow on a loaded machine
            timeout: 30000,
            run: "click",
        },
        {
            content: "Its title",
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: "edit Entrées par territoire et genre",
        },
        {
            content: "Count the enrolments",
            trigger: '.o_form_view div[name="countable"] .o_select_menu_toggler',
            run: "click",
        },
        {
            trigger: '.o_select_menu_item:contains("Enrolments")',
            run: "click",
        },
        {
            content: "The aggregators",
            trigger: '.o_notebook .nav-link:contains("Aggregators")',
            run: "click",
        },
        {
            content: "Add an aggregator",
            trigger: '.o_field_widget[name="aggregator_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="aggregator_ids"] .o_data_row .o_field_widget[name="component_id"] input',
            run: "edit Territory",
        },
        {
            content: "Group by territory",
            trigger: '.o-autocomplete--dropdown-item:contains("Territory")',
            run: "click",
        },
        {
            content: "Add a second aggregator",
            trigger: '.o_field_widget[name="aggregator_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="aggregator_ids"] .o_data_row:nth-child(2) .o_field_widget[name="component_id"] input',
            run: "edit Gender",
        },
        {
            content: "And by gender",
            trigger: '.o-autocomplete--dropdown-item:contains("Gender")',
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: '.o_form_view .o_breadcrumb:contains("Entrées par territoire et genre")',
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Download the XLSX",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_run"]',
            async run() {
                const exportId = window.location.pathname.match(/(\d+)\/?$/)[1];
                const response = await fetch(`/casework_reports/export/${exportId}/xlsx`);
                const type = response.headers.get("Content-Type") || "";
                if (!response.ok || !type.includes("spreadsheetml")) {
                    throw new Error(`The XLSX download failed: ${response.status} ${type}`);
                }
                const size = (await response.arrayBuffer()).byteLength;
                if (size < 1000) {
                    throw new Error(`The XLSX file is too small: ${size} bytes`);
                }
                document.body.classList.add("o_casework_export_downloaded");
            },
        },
        {
            content: "The file was received",
            trigger: "body.o_casework_export_downloaded",
        },
    ],
});
