{
    "name": "Casework – FSE et financements",
    "summary": "Funders, funding conventions, FSE operations and questionnaires, invoicing",
    "version": "19.0.1.0.0",
    "category": "Services/Casework",
    "author": "Casework",
    "website": "https://example.org/casework",
    "license": "LGPL-3",
    "depends": ["casework_offers"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
