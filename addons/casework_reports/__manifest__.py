{
    "name": "Casework – Tableaux de bord et exports",
    "summary": "Dashboards, alerts, export builder and standard reports",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "maintainers": ["casework"],
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": [
        "casework_cer",
        "casework_fse",
        "casework_booking",
        "casework_invoicing",
        "spreadsheet_dashboard",
        "report_xlsx",
        "l10n_fr_department",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "views/casework_reports_menus.xml",
        "security/casework_export_security.xml",
        "data/casework_export_data.xml",
        "views/casework_export_views.xml",
    ],
    "demo": [
        "demo/casework_export_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "casework_reports/static/tests/tours/casework_export*.js",
        ],
    },
    "installable": True,
}
