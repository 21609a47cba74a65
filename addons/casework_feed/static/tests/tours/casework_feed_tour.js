import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// one good line, one line with an impossible birth date
const FILE = [
    "NUM;CIV;PRENOM;NOM;NAISSANCE;REFERENT;DESIGNATION",
    "TOUR-001;MME;Lucie;Perrin;12/05/1990;cw_tour_referent;02/11/2026",
    "TOUR-002;M;Paul;Roux;31/02/1985;cw_tour_referent;02/11/2026",
].join("\n");

/**
 * An administrator uploads a feed file: the run opens, queued for the
 * background job (not imported in the request).
 */
registry.category("web_tour.tours").add("casework_feed_tour", {
    url: "/odoo/action-casework_feed.casework_feed_import_action",
    steps: () => [
        {
            content: "Choose the mapping",
            trigger: '.modal div[name="mapping_id"] input',
            run: "edit Flux tour",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Flux tour")',
            run: "click",
        },
        {
            content: "Upload the file",
            trigger: '.modal div[name="file"] .o_select_file_button',
            async run() {
                const file = new File([FILE], "flux_tour.csv", { type: "text/csv" });
                await inputFiles('.modal div[name="file"] input.o_input_file', [file]);
            },
        },
        {
            content: "The file is attached",
            trigger: '.modal div[name="file"] .o_clear_file_button',
        },
        {
            content: "Import it",
            trigger: '.modal-footer button[name="action_import"]',
            run: "click",
        },
        {
            content: "The run waits for the background job",
            trigger: '.o_form_view .alert:contains("The file waits for the background job")',
        },
    ],
});

/**
 * Once the background job has imported it: the good line created a dossier,
 * the bad one is listed with its line number and reason on the run, and
 * among the run's rejected lines.
 */
registry.category("web_tour.tours").add("casework_feed_run_tour", {
    steps: () => [
        {
            content: "The run's summary: one dossier created",
            trigger: '.o_form_view div[name="created_count"]:contains("1")',
        },
        {
            content: "The rejected line, with its number and reason",
            trigger: '.o_form_view div[name="reject_ids"] .o_data_row:contains("Invalid date"):contains("3")',
        },
        {
            content: "Open the rejected lines",
            trigger: '.o_form_view button[name="action_open_rejects"]',
            run: "click",
        },
        {
            trigger: '.o_list_view .o_data_row:contains("NAISSANCE"):contains("Invalid date")',
        },
    ],
});
