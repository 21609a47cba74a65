{
    "name": "Casework – Identifiants, doublons et fusion",
    "summary": "Identifiers of a person with other bodies, duplicate detection, merge of two dossiers",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "maintainers": ["casework"],
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_lifecycle"],
    "data": [
        "security/ir.model.access.csv",
        "security/casework_identity_rules.xml",
        "data/casework_identifier_type_data.xml",
        "views/casework_identifier_type_views.xml",
        "wizard/casework_beneficiary_merge_views.xml",
        "views/casework_beneficiary_duplicate_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "casework_identity/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "_post_init_hook",
    "uninstall_hook": "_uninstall_hook",
    "installable": True,
}
