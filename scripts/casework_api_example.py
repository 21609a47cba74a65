#!/usr/bin/env python3
"""Casework API example: what an external system does with its technical user.

The technical user belongs to the group "Casework / API feed" only: it pushes
persons, reads their active-file status and downloads the rejects of the last
file run; it cannot read the dossiers themselves.

Usage (arguments or environment variables):

    scripts/casework_api_example.py --url http://127.0.0.1:8069 --db casework \\
        --login feed_genesis --password '...' [--mapping genesis] [--key 0012345]

    CASEWORK_URL, CASEWORK_DB, CASEWORK_LOGIN, CASEWORK_PASSWORD (or an API key),
    CASEWORK_MAPPING

Only the Python standard library is needed (xmlrpc.client).
"""

import argparse
import base64
import os
import sys
import xmlrpc.client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("CASEWORK_URL", "http://127.0.0.1:8069"))
    parser.add_argument("--db", default=os.environ.get("CASEWORK_DB", "casework"))
    parser.add_argument("--login", default=os.environ.get("CASEWORK_LOGIN"))
    parser.add_argument("--password", default=os.environ.get("CASEWORK_PASSWORD"), help="password or API key")
    parser.add_argument("--mapping", default=os.environ.get("CASEWORK_MAPPING", "genesis"))
    parser.add_argument("--key", default="API-0000001", help="external dossier key of the person pushed")
    parser.add_argument("--referent", default="referent_nord", help="login or code of the référent de parcours")
    parser.add_argument("--rejects", default="rejects.csv", help="where to write the rejects of the last run")
    args = parser.parse_args()
    if not args.login or not args.password:
        parser.error("--login and --password (or CASEWORK_LOGIN / CASEWORK_PASSWORD) are required")

    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common", allow_none=True)
    uid = common.authenticate(args.db, args.login, args.password, {})
    if not uid:
        sys.exit("authentication failed")
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object", allow_none=True)

    def call(method, *params):
        return models.execute_kw(args.db, uid, args.password, "casework.feed.run", method, list(params))

    # 1. push one person: the columns of the mapping, as one line of the file
    person = {
        "NUM_DOSSIER": args.key,
        "CIVILITE": "MME",
        "PRENOM": "Amélie",
        "NOM_USAGE": "Faure",
        "DATE_NAISSANCE": "04/07/1979",
        "TELEPHONE": "06 12 34 56 78",
        "EMAIL": "amelie.faure@example.org",
        "COMMUNE": "Privas",
        "REFERENT": args.referent,
        "DATE_DESIGNATION": "02/11/2026",
        "ETAT_DROIT": "Droit ouvert et versable",
        "SDD_NSDD": "sdd",
    }
    result = call("api_push_person", args.mapping, person)
    print("push:", result["status"], result["dossiers"], result["rejects"])  # noqa: T201

    # 2. the active-file status of the dossiers of this external key
    for status in call("api_dossier_status", args.key):
        print("status:", status)  # noqa: T201

    # 3. the rejects of the last file run, as CSV
    last = call("api_last_rejects", args.mapping)
    if last["run"]:
        run = last["run"]
        print(f"last run {run['file_name']} ({run['file_date']}): {run['state']}, {run['created_count']} created, "  # noqa: T201
              f"{run['updated_count']} updated, {run['rejected_count']} rejected")
        with open(args.rejects, "wb") as handle:
            handle.write(base64.b64decode(last["csv"]))
        print(f"rejects written to {args.rejects}")  # noqa: T201


if __name__ == "__main__":
    main()
