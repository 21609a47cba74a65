{
    "name": "Casework – Offres de service",
    "summary": "Service offers, sessions, positionings and steps, events, attendance",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_base"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
