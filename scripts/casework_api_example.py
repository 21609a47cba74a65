#!/usr/bin/env python3
"""Casework API example: what an external system does with its technical user.

The technical user belongs to the group "Casework / API feed" only: it pushes
persons, reads their active-file status and downloads the rejects of the last
file run; it cannot read the dossiers themselves.

It calls Odoo 19's JSON-2 API: ``POST /json/2/<model>/<method>`` with the
method's arguments by name in a JSON body and the technical user's API key
(created in its preferences: Account Security > New API Key) in the header
``Authorization: bearer <key>``. XML-RPC and JSON-RPC are deprecated.

Usage (arguments or environment variables):

    scripts/casework_api_example.py --url http://127.0.0.1:8069 --db casework \\
        --api-key '...' [--mapping genesis] [--key 0012345]

    CASEWORK_URL, CASEWORK_DB, CASEWORK_API_KEY, CASEWORK_MAPPING

Only the Python standard library is needed (urllib).
"""

import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request


class CaseworkApi:
    """The feed's methods of ``casework.feed.run`` over JSON-2."""

    def __init__(self, url, db, api_key):
        self.url = url.rstrip("/")
        self.headers = {
            "Authorization": f"bearer {api_key}",
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "casework-api-example",
        }
        if db:
            # the database, when the server holds several
            self.headers["X-Odoo-Database"] = db

    def call(self, method, **params):
        """``casework.feed.run.<method>(**params)``; its result, decoded.

        :raise SystemExit: with the server's message when it refuses
        """
        request = urllib.request.Request(
            f"{self.url}/json/2/casework.feed.run/{method}",
            data=json.dumps(params).encode(), headers=self.headers, method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the URL given by the user
                return json.load(response)
        except urllib.error.HTTPError as error:
            # 401: wrong API key; 403: the user lacks the feed right; 422: wrong arguments
            try:
                message = json.load(error).get("message")
            except ValueError:
                message = error.reason
            sys.exit(f"{method}: HTTP {error.code}: {message}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("CASEWORK_URL", "http://127.0.0.1:8069"))
    parser.add_argument("--db", default=os.environ.get("CASEWORK_DB", "casework"))
    parser.add_argument("--api-key", default=os.environ.get("CASEWORK_API_KEY"), help="the technical user's API key")
    parser.add_argument("--mapping", default=os.environ.get("CASEWORK_MAPPING", "genesis"))
    parser.add_argument("--key", default="API-0000001", help="external dossier key of the person pushed")
    parser.add_argument("--referent", default="referent_nord", help="login or code of the référent de parcours")
    parser.add_argument("--rejects", default="rejects.csv", help="where to write the rejects of the last run")
    args = parser.parse_args()
    if not args.api_key:
        parser.error("--api-key (or CASEWORK_API_KEY) is required")
    api = CaseworkApi(args.url, args.db, args.api_key)

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
    result = api.call("api_push_person", mapping_code=args.mapping, record=person)
    print("push:", result["status"], result["dossiers"], result["rejects"])  # noqa: T201

    # 2. the active-file status of the dossiers of this external key
    for status in api.call("api_dossier_status", external_ref=args.key):
        print("status:", status)  # noqa: T201

    # 3. the rejects of the last file run, as CSV
    last = api.call("api_last_rejects", mapping_code=args.mapping)
    if last["run"]:
        run = last["run"]
        print(f"last run {run['file_name']} ({run['file_date']}): {run['state']}, {run['created_count']} created, "  # noqa: T201
              f"{run['updated_count']} updated, {run['rejected_count']} rejected")
        with open(args.rejects, "wb") as handle:
            handle.write(base64.b64decode(last["csv"]))
        print(f"rejects written to {args.rejects}")  # noqa: T201


if __name__ == "__main__":
    main()
