{
    "name": "Casework – Rendez-vous et rappels SMS",
    "summary": "Appointments on the calendar, outcomes, SMS reminders, convocations, collective appointments",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "maintainers": ["casework"],
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_lifecycle", "sms_twilio", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "security/casework_appointment_rules.xml",
        "data/casework_appointment_data.xml",
        "data/ir_cron_data.xml",
        "views/calendar_event_views.xml",
        "views/casework_appointment_config_views.xml",
        "wizard/casework_collective_appointment_views.xml",
        "report/calendar_event_convocation_report.xml",
    ],
    "demo": [
        "demo/casework_appointment_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "casework_appointment/static/src/calendar/*",
        ],
        "web.assets_tests": [
            "casework_appointment/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "_post_init_hook",
    "installable": True,
}
