import { registry } from "@web/core/registry";

import { checkAccessibility } from "./casework_booking_a11y";

/**
 * The person opens the link of their invitation on a phone, picks the first
 * free slot, confirms it and sees the appointment with its calendar file.
 */
registry.category("web_tour.tours").add("casework_booking_tour", {
    steps: () => [
        {
            content: "The page greets the person by their first name",
            trigger: "h1:contains('Bonjour Marie')",
            timeout: 30000,
            run: () => checkAccessibility(),
        },
        {
            content: "Pick the first free slot (by its label)",
            trigger: ".o_casework_booking_slot:first label",
            run: "click",
        },
        {
            trigger: ".o_casework_booking_slot:first input:checked",
        },
        {
            content: "Continue",
            trigger: "form.o_casework_booking_slots button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The slot is shown to be confirmed",
            trigger: "h1:contains('Confirmez votre rendez-vous')",
            timeout: 30000,
            run: () => checkAccessibility(),
        },
        {
            content: "Confirm",
            trigger: "button:contains('Confirmer ce rendez-vous')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The appointment is confirmed, with its calendar file",
            trigger: "h1:contains('Votre rendez-vous est confirmé')",
            timeout: 30000,
            run: () => checkAccessibility(),
        },
        {
            trigger: "a[href$='/rendez-vous.ics']",
        },
    ],
});
