import { registry } from "@web/core/registry";

// the first screens load the assets and the mail client: slow on a loaded machine
const SLOW = 30000;

/**
 * Steps every role goes through: Casework opens (whatever its landing page),
 * the dossiers through the menu, the one search box finds a name typed with a
 * typo, the person first; their dossier opens with its sections' tabs within
 * the screen's width, without the buttons of other roles.
 *
 * @param {string[]} hidden names of the dossier's buttons the role must not see
 * @param {string[]} gearHidden labels the dossier's gear menu must not offer
 */
function roleSteps(hidden, gearHidden) {
    return [
        {
            content: "Casework opens first",
            trigger: '.o_main_navbar .o_menu_brand:contains("Casework")',
            timeout: SLOW,
        },
        {
            trigger: ".o_action_manager .o_action",
            timeout: SLOW,
        },
        {
            content: "The dossiers, through the menu",
            trigger: '.o_main_navbar .o_menu_sections button:contains("Dossiers")',
            run: "click",
        },
        {
            trigger: '.o-dropdown--menu .dropdown-item:contains("All dossiers")',
            run: "click",
            timeout: SLOW,
        },
        {
            trigger: '.o_list_view .o_data_row:contains("PERRIN")',
            timeout: SLOW,
            async run() {
                // the landing page may be this very list, reloaded by the menu: let the reload settle before typing
                await new Promise((resolve) => setTimeout(resolve, 1500));
            },
        },
        {
            content: "Type a name with a letter missing in the one search box",
            trigger: ".o_searchview_input",
            run: "edit Perin",
        },
        {
            trigger: '.o_searchview_autocomplete:contains("Perin")',
            timeout: SLOW,
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The person comes first, the homonym outside the territory is not there",
            trigger: '.o_list_view .o_data_row:first-child:contains("PERRIN"):contains("Jean")',
            timeout: SLOW,
        },
        {
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Lucie")))',
        },
        {
            content: "Open the dossier",
            trigger: '.o_list_view .o_data_row:first-child td[name="usage_name"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .oe_title h1:contains("PERRIN Jean")',
            timeout: SLOW,
        },
        {
            content: "The buttons of other roles are not shown",
            trigger: `.o_form_view:not(:has(${hidden.map((name) => `button[name="${name}"]`).join(", ")}))`,
        },
        {
            content: "The tabs of the dossier fit the screen's width",
            trigger: ".o_form_sheet .o_notebook_headers",
            run() {
                for (const headers of document.querySelectorAll(".o_form_sheet .o_notebook_headers")) {
                    if (headers.offsetParent && headers.scrollWidth > headers.clientWidth + 1) {
                        throw new Error(
                            `the tabs overflow: ${headers.scrollWidth} px in ${headers.clientWidth} px`
                        );
                    }
                }
            },
        },
        {
            content: "The sections of the dossier, in their own tabs",
            trigger: '.o_notebook_headers a.nav-link[name="sections"]',
            run: "click",
        },
        {
            trigger: '.o_notebook_headers a.nav-link[name="section_contact"]',
            run() {
                for (const headers of document.querySelectorAll(".o_form_sheet .o_notebook_headers")) {
                    if (headers.offsetParent && headers.scrollWidth > headers.clientWidth + 1) {
                        throw new Error(
                            `the sections' tabs overflow: ${headers.scrollWidth} px in ${headers.clientWidth} px`
                        );
                    }
                }
            },
        },
        {
            content: "The gear menu of the dossier",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu",
            run() {
                const menu = document.querySelector(".o-dropdown--menu").textContent;
                for (const label of gearHidden) {
                    if (menu.includes(label)) {
                        throw new Error(`the gear menu offers "${label}"`);
                    }
                }
            },
        },
    ];
}

const OTHER_ROLES_GEAR = ["Subject-access export"];

registry.category("web_tour.tours").add("casework_role_secretariat_tour", {
    url: "/odoo",
    steps: () => [
        ...roleSteps(["action_unjustify_identity"], OTHER_ROLES_GEAR),
        {
            content: "The rare actions of the secretariat are in the gear menu",
            trigger: '.o-dropdown--menu .o_menu_item:contains("Archive and anonymise")',
        },
    ],
});

registry.category("web_tour.tours").add("casework_role_manager_tour", {
    url: "/odoo",
    steps: () => roleSteps(["action_unjustify_identity"], OTHER_ROLES_GEAR),
});

registry.category("web_tour.tours").add("casework_role_fse_tour", {
    url: "/odoo",
    steps: () =>
        roleSteps(
            [
                "action_open_characteristic_update",
                "action_open_merge_wizard",
                "action_new_appointment",
                "action_propose_offer",
                "action_justify_identity",
                "action_unjustify_identity",
            ],
            [...OTHER_ROLES_GEAR, "Archive and anonymise", "Merge dossiers", "Register to an event"]
        ),
});
