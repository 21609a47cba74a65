#!/usr/bin/env python3
"""Install Odoo's own Python requirements into the running interpreter.

Odoo's ``requirements.txt`` pins one version of each package per Python
version, through environment markers.  Some of the pins chosen for an older
Python no longer build (their sdist needs an old setuptools, or a compiler
feature that is gone).  The rule applied here, as agreed for the project:

1. install every pin whose marker matches the running Python, in one go
   (pins already satisfied by the installed version are not asked again, and
   the optional packages are left to step 3);
2. if that fails, install package by package; a package whose pin fails is
   retried with the *newer* pins of the same file (the lines that follow it
   for the same package), markers ignored, until one installs; an installed
   version that satisfies one of those newer pins is kept as is;
3. a package for which no pin installs is reported; the script exits non-zero
   unless the package is optional for Casework (listed in OPTIONAL).

Usage: install_odoo_requirements.py <path/to/odoo/requirements.txt>
"""

import re
import subprocess
import sys
from importlib import metadata

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

# Only needed by addons Casework never installs (auth_ldap, IoT devices).
OPTIONAL = {"python-ldap", "pyusb", "pyserial", "pypiwin32", "rl-renderpm"}


def parse(path):
    """Return {name: [(requirement_string, marker_or_None), ...]} in file order."""
    packages = {}
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            try:
                req = Requirement(line)
            except InvalidRequirement:
                print(f"  ignored unparsable line: {line}", file=sys.stderr)
                continue
            spec = req.name + (f"[{','.join(sorted(req.extras))}]" if req.extras else "") + str(req.specifier)
            packages.setdefault(canonicalize_name(req.name), []).append((spec, req.marker))
    return packages


def installed_version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def satisfied(spec):
    """True when the installed distribution already satisfies ``spec``."""
    req = Requirement(spec)
    version = installed_version(req.name)
    return version is not None and req.specifier.contains(version, prereleases=True)


def pip(*args, quiet=False):
    """Run ``pip install``; with ``quiet``, the output is shown only as its last lines on failure."""
    cmd = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q", *args]
    if not quiet:
        return subprocess.call(cmd) == 0
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode:
        lines = [line for line in proc.stdout.splitlines() if "error" in line.lower()]
        for line in lines[-3:]:
            print(f"    {line.strip()}", file=sys.stderr)
    return proc.returncode == 0


def main(path):
    packages = parse(path)
    selected = {}
    for name, pins in packages.items():
        for index, (_spec, marker) in enumerate(pins):
            if marker is None or Marker(str(marker)).evaluate():
                selected[name] = index
                break
    todo = {}
    for name, index in selected.items():
        candidates = [spec for spec, _marker in packages[name][index:]]
        kept = next((spec for spec in candidates if satisfied(spec)), None)
        if kept is None:
            todo[name] = candidates
        elif kept != candidates[0]:
            print(f"  {candidates[0]} not installed here: keeping {kept}")
    if not todo:
        print(f"All {len(selected)} Odoo requirements already satisfied.")
        return 0
    first_try = [candidates[0] for name, candidates in todo.items() if name not in OPTIONAL]
    if first_try:
        satisfied_count = len(selected) - len(todo)
        print(f"Installing {len(first_try)} pinned Odoo requirements ({satisfied_count} already satisfied)...")
    else:
        print(f"Required Odoo requirements satisfied; trying the optional ones: {', '.join(todo)}")
    missing = []
    if first_try and pip(*first_try):
        todo = {name: candidates for name, candidates in todo.items() if name in OPTIONAL}
    elif first_try:
        print("Some pins failed; installing one package at a time with fallbacks...")
    for name, candidates in todo.items():
        for spec in candidates:
            if pip(spec, quiet=name in OPTIONAL):
                if spec != candidates[0]:
                    print(f"  {candidates[0]} does not install here: used {spec} instead")
                break
        else:
            missing.append(name)
    hard = [name for name in missing if name not in OPTIONAL]
    for name in missing:
        kind = "optional, skipped" if name in OPTIONAL else "REQUIRED"
        print(f"  could not install {name} ({kind})", file=sys.stderr)
    return 1 if hard else 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not re.search(r"requirements", sys.argv[1]):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
