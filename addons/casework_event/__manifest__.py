{
    "name": "Casework – Événements",
    "summary": "One-off events (job fairs, employer meetings, information sessions, salons) and the "
               "registrations of beneficiaries, within their dossier's scope",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "maintainers": ["casework"],
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_lifecycle", "event"],
    "data": [
        "security/casework_event_security.xml",
        "security/ir.model.access.csv",
        "security/casework_event_rules.xml",
        "data/event_type_data.xml",
        "views/event_event_views.xml",
        "views/event_registration_views.xml",
        "views/casework_beneficiary_views.xml",
        "views/casework_event_menus.xml",
    ],
    "demo": [
        "demo/casework_event_demo.xml",
    ],
    "post_init_hook": "_post_init_hook",
    "installable": True,
}
