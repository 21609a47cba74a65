{
    "name": "Casework – Cycle de vie et protection des données",
    "summary": "Dormant dossiers, retention rules, archival and anonymisation, subject-access export",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "maintainers": ["casework"],
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_base", "privacy_lookup"],
    "data": [
        "security/ir.model.access.csv",
        "security/casework_lifecycle_rules.xml",
        "data/casework_lifecycle_data.xml",
        "data/ir_cron_data.xml",
        "views/casework_retention_rule_views.xml",
        "views/casework_beneficiary_lifecycle_views.xml",
        "views/res_config_settings_views.xml",
    ],
    # data protection is not optional: installed with the kernel
    "auto_install": True,
    "installable": True,
}
