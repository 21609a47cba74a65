{
    "name": "Casework – Tableaux de bord et exports",
    "summary": "Dashboards, alerts, export builder and standard reports",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_cer", "casework_fse"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
