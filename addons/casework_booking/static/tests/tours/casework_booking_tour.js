import { registry } from "@web/core/registry";

/**
 * Accessibility and phone-width checks of the page shown: the language is
 * French, every visible form control has a label, every link and button has
 * a name, the headings start at h1, and nothing is wider than the screen.
 */
function checkAccessibility() {
    const problems = [];
    if (document.documentElement.lang !== "fr") {
        problems.push(`lang="${document.documentElement.lang}"`);
    }
    for (const input of document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")) {
        const labelled =
            (input.id && document.querySelector(`label[for="${input.id}"]`)?.textContent.trim()) ||
            input.getAttribute("aria-label") ||
            input.closest("label");
        if (!labelled) {
            problems.push(`control without a label: ${input.outerHTML}`);
        }
    }
    for (const control of document.querySelectorAll("main a, main button")) {
        if (!control.textContent.trim() && !control.getAttribute("aria-label")) {
            problems.push(`link or button without a name: ${control.outerHTML}`);
        }
    }
    for (const group of document.querySelectorAll("main fieldset")) {
        if (!group.querySelector("legend")?.textContent.trim()) {
            problems.push("fieldset without a legend");
        }
    }
    if (!document.querySelector("main h1")) {
        problems.push("no h1");
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
        problems.push(`wider than the screen: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    }
    if (window.innerWidth > 400) {
        problems.push(`not a phone-sized screen: ${window.innerWidth}`);
    }
    if (problems.length) {
        throw new Error(`Accessibility: ${problems.join("; ")}`);
    }
}

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
            run: checkAccessibility,
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
            run: checkAccessibility,
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
            run: checkAccessibility,
        },
        {
            trigger: "a[href$='/rendez-vous.ics']",
        },
    ],
});
