import { registry } from "@web/core/registry";

/**
 * Finance opens a co-funded convention, clicks "Invoice the funders", keeps
 * the previous month proposed by the wizard and creates the invoices: one
 * per co-funder share.
 */
registry.category("web_tour.tours").add("casework_invoicing_tour", {
    steps: () => [
        {
            content: "Invoice the funders of the convention",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_invoicing_wizard"]',
            // the first screens load the assets and the mail client: slow on a loaded machine
            timeout: 30000,
            run: "click",
        },
        {
            content: "The wizard proposes the convention",
            trigger: '.modal .o_field_widget[name="convention_ids"] .o_tag:contains("TOUR-2026")',
            timeout: 30000,
        },
        {
            content: "Create the invoices of the previous month",
            trigger: '.modal button[name="action_invoice"]',
            run: "click",
        },
        {
            content: "One invoice per co-funder share",
            trigger: '.o_list_view:has(.o_data_row:contains("Département Tour")):has(.o_data_row:contains("OPCO Tour"))',
            timeout: 30000,
        },
    ],
});
