import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A référent opens a dossier of their active file, books an appointment
 * from it, saves it, records that it was held and finds the counter of
 * held appointments on the dossier.
 */
registry.category("web_tour.tours").add("casework_appointment_tour", {
    steps: () => [
        {
            content: "The dossier is open",
            trigger: 'h1 div[name="name"]:contains("RENDEZVOUS Alice")',
        },
        {
            content: "Book an appointment from the dossier",
            trigger: '.o_form_statusbar button[name="action_new_appointment"]',
            run: "click",
        },
        {
            content: "The appointment form is prefilled with the dossier",
            trigger: 'div[name="casework_beneficiary_id"] input:value("RENDEZVOUS Alice")',
        },
        {
            trigger: 'div[name="casework_appointment_type_id"] input',
            run: "edit Entretien individuel",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Entretien individuel référent")',
            run: "click",
        },
        {
            trigger: 'div[name="casework_location_id"] input',
            run: "edit Maison des solidarités",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Maison des solidarités")',
            run: "click",
        },
        {
            content: "The title follows the person and the type",
            trigger: 'div[name="name"] input:value("RENDEZVOUS Alice – Entretien individuel référent")',
        },
        {
            content: "Open the date picker",
            trigger: 'div[name="start"] button',
            run: "click",
        },
        {
            trigger: 'div[name="start"] input',
            run: "edit 11/20/2026 10:00:00 && click body",
        },
        ...stepUtils.saveForm(),
        {
            content: "The appointment is planned",
            trigger: '.o_statusbar_status button[data-value="planned"][aria-checked="true"]',
        },
        {
            content: "Record that it was held",
            trigger: '.o_statusbar_status button[data-value="held"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button[data-value="held"][aria-checked="true"]',
        },
        {
            content: "The synthesis can be written",
            trigger: 'a.nav-link:contains("Synthesis")',
        },
        {
            content: "Back to the dossier",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:first a",
            run: "click",
        },
        {
            content: "The counter shows the held appointment",
            trigger: 'button[name="action_open_held_appointments"] .o_stat_value:contains("1")',
            // the appointment is saved, then the dossier read again: two requests on a busy machine
            timeout: 30000,
        },
        {
            content: "The appointment is listed in the dossier",
            trigger: 'a.nav-link:contains("Appointments")',
            run: "click",
        },
        {
            trigger: 'div[name="appointment_ids"] .o_data_row:contains("Entretien individuel référent"):contains("Held")',
        },
    ],
});
