{
    "name": "Casework – Prise de rendez-vous en ligne",
    "summary": "Invitations to book an appointment slot from a public page (SMS or e-mail link)",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "maintainers": ["casework"],
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_appointment", "portal", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "security/casework_booking_rules.xml",
        "data/casework_booking_data.xml",
        "data/ir_cron_data.xml",
        "views/casework_booking_invitation_views.xml",
        "views/casework_beneficiary_views.xml",
        "views/casework_booking_templates.xml",
        "wizard/casework_booking_invitation_wizard_views.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "casework_booking/static/src/scss/casework_booking.scss",
        ],
        "web.assets_tests": [
            "casework_booking/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "_post_init_hook",
    "installable": True,
}
