import { registry } from "@web/core/registry";

/**
 * An appointment reached by its URL opens in the Casework form; in the
 * calendar, its popover offers the outcome (not Odoo's RSVP) and "Edit"
 * opens the Casework form.
 */
registry.category("web_tour.tours").add("casework_appointment_calendar_tour", {
    steps: () => [
        {
            content: "Reached by /odoo/calendar.event/<id>: the Casework form, with its outcome bar",
            trigger: '.o_form_statusbar .o_statusbar_status button[data-value="planned"][aria-checked="true"]',
            timeout: 30000,
        },
        {
            content: "No RSVP nor video link of Odoo's meeting form",
            trigger: 'div[name="casework_appointment_type_id"]:not(:has(~ div[name="videocall_location"]))',
        },
        {
            content: "Open the calendar of appointments",
            trigger: ".o_form_view",
            expectUnloadPage: true,
            run() {
                window.location.href = "/odoo/action-casework_appointment.calendar_event_action_casework?view_type=calendar";
            },
        },
        {
            content: "Open the appointment's popover",
            trigger: '.o_calendar_renderer .fc-event:contains("TOURCAL Bruno")',
            run: "click",
            timeout: 30000,
        },
        {
            content: "The popover offers the outcome, not accept / decline",
            trigger: ".o_cw_popover .o_casework_outcome_buttons button[data-outcome='held']",
        },
        {
            trigger: ".o_cw_popover:not(:has(button:contains('Maybe'))):not(:has(.o_cw_popover_delete))",
        },
        {
            content: "Record that it was held",
            trigger: ".o_cw_popover .o_casework_outcome_buttons button[data-outcome='held']",
            run: "click",
        },
        {
            content: "The popover closes once it is recorded",
            trigger: "body:not(:has(.o_cw_popover))",
            timeout: 30000,
        },
        {
            trigger: '.o_calendar_renderer .fc-event:contains("TOURCAL Bruno")',
            run: "click",
        },
        {
            trigger: ".o_cw_popover .o_casework_outcome_buttons button[data-outcome='held'].active",
        },
        {
            content: "Edit opens the Casework form",
            trigger: ".o_cw_popover .o_cw_popover_edit",
            run: "click",
        },
        {
            trigger: '.o_form_statusbar .o_statusbar_status button[data-value="held"][aria-checked="true"]',
            timeout: 30000,
        },
    ],
});
