{
    "name": "Casework – Contrat d’engagement réciproque (CER)",
    "summary": "Reciprocal engagement contracts: objectives, approval, decisions, letters",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_offers"],
    "data": [
        "security/ir.model.access.csv",
        "security/casework_cer_rules.xml",
        "data/casework_contract_data.xml",
        "data/ir_cron_data.xml",
        "views/casework_contract_views.xml",
        "views/casework_contract_config_views.xml",
        "views/casework_beneficiary_views.xml",
        "views/casework_step_views.xml",
        "views/res_config_settings_views.xml",
        "views/casework_cer_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "casework_cer/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "_post_init_hook",
    "installable": True,
}
