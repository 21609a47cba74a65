import { registry } from "@web/core/registry";

import { checkAccessibility } from "./casework_booking_a11y";

/**
 * An inhabitant books a digital mediator on a phone: picks the first free
 * slot and a topic, gives a first name and a mobile number, types the code
 * received by SMS, sees the meeting, then opens the orientation kit. Every
 * page passes the accessibility check.
 */
registry.category("web_tour.tours").add("casework_booking_sos_tour", {
    steps: () => [
        {
            content: "The structure's booking page",
            trigger: "h1:contains('Prendre rendez-vous avec un médiateur numérique')",
            timeout: 30000,
            run: () => checkAccessibility(),
        },
        {
            content: "Pick the first free slot (by its label)",
            trigger: ".o_casework_booking_slot:first label",
            run: "click",
        },
        {
            content: "Pick a topic",
            trigger: ".o_casework_sos_topic label:contains('Démarches en ligne')",
            run: "click",
        },
        {
            content: "First name",
            trigger: "input#sos_first_name",
            run: "edit Zoé",
        },
        {
            content: "Mobile phone",
            trigger: "input#sos_phone",
            run: "edit 06 11 22 33 44",
        },
        {
            content: "Ask for the code",
            trigger: "form.o_casework_sos_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The code page",
            trigger: "h1:contains('Saisissez votre code')",
            timeout: 30000,
            run: () => checkAccessibility(),
        },
        {
            content: "Type the code received by SMS",
            trigger: "input#sos_code",
            run: "edit 246810",
        },
        {
            content: "Confirm",
            trigger: "form.o_casework_sos_code button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The meeting is booked",
            trigger: "h1:contains('Votre rendez-vous est réservé')",
            timeout: 30000,
            run: () => checkAccessibility(),
        },
        {
            content: "Open the orientation kit",
            trigger: "a[href$='/kit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The orientation kit, by topic",
            trigger: "h2:contains('CAF')",
            timeout: 30000,
            run: () => checkAccessibility(),
        },
    ],
});
