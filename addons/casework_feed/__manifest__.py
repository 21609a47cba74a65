{
    "name": "Casework – Flux quotidien du système administratif",
    "summary": "The daily feed of the administrative system: files, API, command line",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "maintainers": ["casework"],
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_identity"],
    "data": [
        "security/casework_feed_security.xml",
        "security/ir.model.access.csv",
        "security/casework_feed_rules.xml",
        "data/casework_feed_data.xml",
        "data/ir_cron_data.xml",
        "views/casework_feed_views.xml",
        "views/res_config_settings_views.xml",
        "views/casework_feed_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "casework_feed/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "_uninstall_hook",
    "installable": True,
}
