import { registry } from "@web/core/registry";

// the first screens load the assets and the mail client: slow on a loaded machine
const SLOW = 30000;

/**
 * A référent opens the contracts (Follow-up > CER), drafts one for a dossier
 * of theirs with an objective, and submits it for study.
 */
registry.category("web_tour.tours").add("casework_cer_draft_tour", {
    url: "/odoo/action-casework_cer.casework_contract_action",
    steps: () => [
        {
            content: "Draft a new contract",
            trigger: ".o_control_panel .o_list_button_add",
            timeout: SLOW,
            run: "click",
        },
        {
            content: "For a dossier of theirs",
            trigger: '.o_form_view .o_field_widget[name="beneficiary_id"] input',
            timeout: SLOW,
            run: "edit DUPONT",
        },
        {
            trigger: '.o-autocomplete--dropdown-menu .dropdown-item:contains("DUPONT")',
            run: "click",
        },
        {
            content: "The next number of the dossier is suggested",
            trigger: '.o_form_view .o_field_widget[name="number"] input:value("1")',
        },
        {
            content: "Describe the situation",
            trigger: '.o_form_view .o_field_widget[name="situation"] textarea',
            timeout: SLOW,
            run: "edit Recherche d'un emploi d'aide à domicile",
        },
        {
            content: "Open the objectives",
            trigger: '.o_notebook a[name="objectives"]',
            run: "click",
        },
        {
            content: "Add an objective",
            trigger: '.o_field_widget[name="objective_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="objective_ids"] .o_data_row .o_field_widget[name="theme_id"] input',
            run: "edit Emploi",
        },
        {
            trigger: '.o-autocomplete--dropdown-menu .dropdown-item:contains("Emploi")',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="objective_ids"] .o_data_row .o_field_widget[name="person_action"] textarea',
            run: "edit Postuler à trois offres par semaine",
        },
        {
            content: "Submit it for study (the button saves the new contract first)",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_submit"]',
            timeout: SLOW,
            run: "click",
        },
        {
            content: "It is submitted, and no longer the référent's to change",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Submitted for study")',
            timeout: SLOW,
        },
        {
            trigger: '.o_form_view:not(:has(.o_statusbar_buttons button[name="action_submit"]))',
        },
    ],
});

/**
 * A head of service opens a submitted contract, takes it for decision and
 * validates it.
 */
registry.category("web_tour.tours").add("casework_cer_decide_tour", {
    steps: () => [
        {
            content: "Take the contract for decision",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_to_decision"]',
            timeout: SLOW,
            run: "click",
        },
        {
            content: "Validate it",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_validate"]',
            timeout: SLOW,
            run: "click",
        },
        {
            content: "It is validated",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Validated")',
            timeout: SLOW,
        },
    ],
});
