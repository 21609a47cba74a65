#!/usr/bin/env bash
# Casework -- the one entry point behind `make setup|run|test|bench`.
#
#   scripts/casework.sh setup   prepare the Odoo tree, the virtualenv and PostgreSQL
#   scripts/casework.sh run     setup, create the `casework` database with demo data
#                               when missing, print the demo logins, serve on :8069
#   scripts/casework.sh test    setup, Odoo tests of the casework modules, install /
#                               uninstall checks, static checks; last line "N passed, N failed"
#   scripts/casework.sh bench   run every bench/*.py in `odoo-bin shell` on a fresh database
#   scripts/casework.sh lint    pylint-odoo and ruff alone (the lint step of `test`)
#
# Environment (all optional): CASEWORK_CACHE, ODOO_SRC, CASEWORK_PYTHON,
# CASEWORK_ADMIN_PASSWD, CASEWORK_DEMO_PASSWORD, PGHOST/PGPORT/PGUSER/PGPASSWORD,
# MODULES, TEST_TAGS, SKIP_INSTALL_CHECKS, SKIP_LINT, KEEP_DB, HTTP_PORT.  See README.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
CASEWORK_CACHE=${CASEWORK_CACHE:-$HOME/.cache/casework}
ODOO_SRC_DEFAULT=$CASEWORK_CACHE/odoo-19.0
ODOO_SRC=${ODOO_SRC:-$ODOO_SRC_DEFAULT}
ODOO_URL=${ODOO_URL:-https://github.com/odoo/odoo/archive/refs/heads/19.0.tar.gz}
BASE_PYTHON=${CASEWORK_PYTHON:-python3}
VENV=$CASEWORK_CACHE/venv
PY=$VENV/bin/python
STAMPS=$CASEWORK_CACHE/stamps
RUN_DIR=$CASEWORK_CACHE/run
# One runtime configuration per checkout (its addons path), so that several checkouts can share the cache.
RUNTIME_CONF=$RUN_DIR/odoo-$(printf %s "$REPO" | sha256sum | cut -c1-8).conf
DATA_DIR=$CASEWORK_CACHE/data
LOG_DIR=$CASEWORK_CACHE/logs
PG_PRIVATE_PORT=${CASEWORK_PGPORT:-5433}
DEMO_PASSWORD=${CASEWORK_DEMO_PASSWORD:-Casework-2026}
NOW=$(date +%Y%m%d_%H%M%S)
# Byte-code goes to the cache, not into the repository or the Odoo tree.
export PYTHONPYCACHEPREFIX=$CASEWORK_CACHE/pycache

say() { echo "[casework] $*"; }
warn() { echo "[casework] WARNING: $*" >&2; }
die() { local code=$1; shift; echo "[casework] ERROR: $*" >&2; exit "$code"; }
is_root() { [ "$(id -u)" = 0 ]; }
tools() { "$BASE_PYTHON" "$REPO/scripts/casework_tools.py" "$@"; }

# pip on some hosts prints one warning per missing local index: hide that noise.
quiet_pip() {
    "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    return "${PIPESTATUS[0]}"
}

# Odoo log, shortened for the console: warnings and errors (with their
# traceback), test results and the progress of the casework modules.
odoo_filter() {
    awk '
    /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {
        bad = ($4 == "WARNING" || $4 == "ERROR" || $4 == "CRITICAL")
        if (!bad && /: (==========+|----------+) *$/) next
        if (bad || /odoo\.tests\.(result|stats)|Starting post tests|post-tests in|Module casework_[a-z_]+ loaded|odoo\.addons\.casework_[a-z_]+\.tests|Modules loaded|Initiating shutdown/) { print; fflush() }
        next
    }
    bad { print; fflush() }'
}

apt_install() {
    # apt_install PACKAGE... -- as root on a Debian-like host only; never interactive.
    is_root && command -v apt-get >/dev/null || return 1
    export DEBIAN_FRONTEND=noninteractive
    say "apt-get install $*"
    apt-get install -y -q --no-install-recommends "$@" >"$LOG_DIR/apt.log" 2>&1 && return 0
    apt-get update -q >>"$LOG_DIR/apt.log" 2>&1 || true
    apt-get install -y -q --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1
}

file_hash() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# stamp_ok STEP KEY / stamp_set STEP KEY: skip a setup step already done for KEY.
stamp_ok() { [ -f "$STAMPS/$1.$2" ]; }
stamp_set() { rm -f "$STAMPS/$1".*; touch "$STAMPS/$1.$2"; }

# ---------------------------------------------------------------- Odoo source

valid_odoo_src() {
    [ -f "$1/odoo-bin" ] && [ -d "$1/odoo" ] && [ -d "$1/addons" ] && [ -f "$1/requirements.txt" ] \
        && grep -Eq '^version_info = \(19, 0' "$1/odoo/release.py" 2>/dev/null
}

odoo_src_help() {
    cat >&2 <<EOF
[casework] The Odoo 19.0 source tree is missing.
[casework] Provide an Odoo 19.0 Community tree (containing odoo-bin, odoo/, addons/, requirements.txt),
[casework] either by setting ODOO_SRC to its path:
[casework]     make test ODOO_SRC=/path/to/odoo-19.0
[casework] or by placing it at the default path:
[casework]     $ODOO_SRC_DEFAULT
[casework] (for example: git clone --depth 1 -b 19.0 https://github.com/odoo/odoo.git $ODOO_SRC_DEFAULT)
EOF
}

ensure_odoo_src() {
    if valid_odoo_src "$ODOO_SRC"; then
        ODOO_SRC=$(cd "$ODOO_SRC" && pwd)
        return
    fi
    if [ -e "$ODOO_SRC/odoo-bin" ]; then
        odoo_src_help
        die 2 "$ODOO_SRC is not an Odoo 19.0 tree (odoo/release.py has no 'version_info = (19, 0')"
    fi
    if [ "$ODOO_SRC" != "$ODOO_SRC_DEFAULT" ]; then
        odoo_src_help
        die 2 "ODOO_SRC=$ODOO_SRC does not hold an Odoo 19.0 tree"
    fi
    say "Odoo 19.0 source not found at $ODOO_SRC: downloading $ODOO_URL"
    local tmp=$CASEWORK_CACHE/odoo-download.$$
    rm -rf "$tmp" && mkdir -p "$tmp"
    if command -v curl >/dev/null \
        && curl -fsSL --connect-timeout 15 --speed-limit 20000 --speed-time 60 "$ODOO_URL" | tar -xz -C "$tmp" 2>/dev/null \
        && valid_odoo_src "$tmp/odoo-19.0"; then
        mv "$tmp/odoo-19.0" "$ODOO_SRC"
        rm -rf "$tmp"
        say "Odoo 19.0 source installed at $ODOO_SRC"
    else
        rm -rf "$tmp"
        odoo_src_help
        die 2 "could not download the Odoo 19.0 source"
    fi
}

# ---------------------------------------------------------------- virtualenv

check_base_python() {
    command -v "$BASE_PYTHON" >/dev/null || die 2 "$BASE_PYTHON not found: install Python >= 3.10 (with venv), or set CASEWORK_PYTHON"
    "$BASE_PYTHON" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 13)))' \
        || die 2 "Odoo 19 needs Python 3.10 to 3.13; $BASE_PYTHON is $("$BASE_PYTHON" -V 2>&1). Set CASEWORK_PYTHON"
}

install_odoo_dist() {
    # Register the tree as the `odoo` distribution (OCA wheels require odoo==19.0.*).
    # The "compat" editable mode is a plain .pth entry to the tree: namespace
    # packages (odoo, odoo.addons) then merge with site-packages/odoo/addons.
    if quiet_pip "$PY" -m pip install -q --no-deps --config-settings editable_mode=compat -e "$ODOO_SRC" >"$LOG_DIR/pip-odoo.log" 2>&1; then
        return 0
    fi
    warn "pip install -e $ODOO_SRC failed (see $LOG_DIR/pip-odoo.log): registering the tree by hand"
    local site version dist
    site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    version=$("$PY" -c "import runpy; print(runpy.run_path('$ODOO_SRC/odoo/release.py')['version'])")
    dist=$site/odoo-$version.dist-info
    rm -rf "$site"/odoo-*.dist-info "$site"/__editable__.odoo-*.pth
    mkdir -p "$dist"
    printf 'Metadata-Version: 2.1\nName: odoo\nVersion: %s\nSummary: Odoo Server (source tree %s)\n' "$version" "$ODOO_SRC" >"$dist/METADATA"
    echo "casework" >"$dist/INSTALLER"
    echo "$ODOO_SRC" >"$site/__editable__.odoo-$version.pth"
    printf 'odoo-%s.dist-info/METADATA,,\nodoo-%s.dist-info/INSTALLER,,\n__editable__.odoo-%s.pth,,\nodoo-%s.dist-info/RECORD,,\n' \
        "$version" "$version" "$version" "$version" >"$dist/RECORD"
}

ensure_venv() {
    check_base_python
    if [ ! -x "$PY" ]; then
        say "creating the virtualenv $VENV"
        rm -f "$STAMPS"/*  # the stamps describe the previous virtualenv
        "$BASE_PYTHON" -m venv "$VENV" || die 2 "'$BASE_PYTHON -m venv' failed: install the venv module (Debian: apt-get install python3-venv)"
    fi
    local key
    key=$(echo "v1 $("$PY" -V 2>&1)" | sha256sum | cut -c1-16)
    if ! stamp_ok venv "$key"; then
        say "upgrading pip, wheel, setuptools, packaging"
        quiet_pip "$PY" -m pip install -q --upgrade pip wheel setuptools packaging || die 2 "could not upgrade pip in $VENV"
        stamp_set venv "$key"
    fi

    key=$(file_hash "$ODOO_SRC/requirements.txt" "$REPO/scripts/install_odoo_requirements.py")
    if ! stamp_ok odoo-requirements "$key"; then
        if ! "$PY" -c 'import ldap' 2>/dev/null; then
            # python-ldap (auth_ldap only) builds with these headers; optional.
            apt_install libldap2-dev libsasl2-dev >/dev/null 2>&1 || true
        fi
        say "installing Odoo's Python requirements (first time: several minutes)"
        quiet_pip "$PY" "$REPO/scripts/install_odoo_requirements.py" "$ODOO_SRC/requirements.txt" \
            || die 2 "Odoo's requirements could not be installed (see above)"
        stamp_set odoo-requirements "$key"
    fi

    key=$(echo "$ODOO_SRC $(file_hash "$ODOO_SRC/odoo/release.py" "$ODOO_SRC/setup.py")" | sha256sum | cut -c1-16)
    if ! stamp_ok odoo-dist "$key"; then
        say "installing Odoo from $ODOO_SRC into the virtualenv (pip install -e)"
        install_odoo_dist
        "$PY" -c 'import odoo.release as r; assert r.version_info[:2] == (19, 0), r.version' \
            || die 2 "'import odoo.release' fails in $VENV"
        quiet_pip "$PY" -m pip show odoo 2>/dev/null | grep -q '^Version: 19\.0' \
            || die 2 "'pip show odoo' does not report 19.0"
        stamp_set odoo-dist "$key"
    fi

    key=$(file_hash "$REPO/requirements.txt")
    if ! stamp_ok requirements "$key"; then
        say "installing requirements.txt"
        quiet_pip "$PY" -m pip install -q -r "$REPO/requirements.txt" || die 2 "requirements.txt could not be installed"
        stamp_set requirements "$key"
    fi
}

# ---------------------------------------------------------------- PostgreSQL

DB_HOST= DB_PORT= DB_USER=
PG_BIN=
PG_STARTED=0

pg_usable() {
    # pg_usable HOST PORT USER: connects and may create databases.
    local out
    out=$(PGHOST=$1 PGPORT=$2 PGUSER=$3 PGCONNECT_TIMEOUT=5 psql -X -A -t -d postgres \
        -c "select current_user, rolcreatedb or rolsuper from pg_roles where rolname = current_user" 2>/dev/null) || return 1
    [ "${out#*|}" = t ] || return 1
    PG_CURRENT_USER=${out%%|*}
}

private_cluster() {
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
        if is_root && apt_install postgresql; then
            PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        else
            die 2 "no reachable PostgreSQL server and no PostgreSQL binaries to start one. Install PostgreSQL (Debian: apt-get install postgresql), or point PGHOST/PGPORT/PGUSER (or db_host/db_port/db_user in odoo.conf) to a server where the user may create databases"
        fi
    fi
    export PATH=$PG_BIN:$PATH
    local data=$CASEWORK_CACHE/pgdata run=$CASEWORK_CACHE/pgrun
    local -a as_owner=()
    if is_root; then
        # initdb refuses root: the cluster belongs to a dedicated system user.
        id casework >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin casework || die 2 "could not create the system user casework"
        as_owner=(runuser -u casework --)
        if ! runuser -u casework -- test -x "$CASEWORK_CACHE"; then
            # $CASEWORK_CACHE is not reachable by that user (e.g. under /root):
            # keep the cluster in /var/lib/casework, linked from the cache.
            mkdir -p /var/lib/casework/pgdata /var/lib/casework/pgrun
            chown casework: /var/lib/casework/pgdata /var/lib/casework/pgrun
            chmod 700 /var/lib/casework/pgdata
            [ -L "$data" ] || { rmdir "$data" 2>/dev/null || true; ln -sfn /var/lib/casework/pgdata "$data"; }
            [ -L "$run" ] || { rmdir "$run" 2>/dev/null || true; ln -sfn /var/lib/casework/pgrun "$run"; }
            data=/var/lib/casework/pgdata run=/var/lib/casework/pgrun
        fi
    fi
    mkdir -p "$data" "$run"
    if is_root; then chown casework: "$data" "$run"; fi
    chmod 700 "$data"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $data (user casework, port $PG_PRIVATE_PORT)"
        "${as_owner[@]}" "$PG_BIN/initdb" -D "$data" -U casework --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$LOG_DIR/initdb.log" 2>&1 || die 2 "initdb failed, see $LOG_DIR/initdb.log"
    fi
    if ! "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "starting the private PostgreSQL cluster on 127.0.0.1:$PG_PRIVATE_PORT"
        "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$run/postgresql.log" -w -t 60 \
            -o "-p $PG_PRIVATE_PORT -k $run -c listen_addresses=127.0.0.1" start >/dev/null \
            || die 2 "the private PostgreSQL cluster did not start, see $run/postgresql.log"
        PG_STARTED=1
        PG_STOP=("${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop)
    fi
    pg_usable 127.0.0.1 "$PG_PRIVATE_PORT" casework || die 2 "the private PostgreSQL cluster does not answer on port $PG_PRIVATE_PORT"
    DB_HOST=127.0.0.1 DB_PORT=$PG_PRIVATE_PORT DB_USER=casework
}

ensure_postgres() {
    if ! command -v psql >/dev/null; then
        local bin
        bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        [ -n "$bin" ] && export PATH=$bin:$PATH
    fi
    local conf_password
    DB_HOST=$(tools conf-get db_host) DB_PORT=$(tools conf-get db_port) DB_USER=$(tools conf-get db_user)
    conf_password=$(tools conf-get db_password)
    DB_HOST=${DB_HOST:-${PGHOST:-}} DB_PORT=${DB_PORT:-${PGPORT:-}} DB_USER=${DB_USER:-${PGUSER:-}}
    [ -n "$conf_password" ] && export PGPASSWORD=$conf_password
    unset PGDATABASE  # Odoo 19 would read it as its database name
    [ "$DB_USER" = postgres ] && die 2 "Odoo refuses the database user 'postgres': set PGUSER (or db_user in odoo.conf) to another user allowed to create databases"
    local found=0
    if command -v psql >/dev/null; then
        if pg_usable "$DB_HOST" "$DB_PORT" "$DB_USER"; then
            found=1
        elif [ -z "$DB_HOST$DB_PORT" ] && pg_usable 127.0.0.1 5432 "$DB_USER"; then
            DB_HOST=127.0.0.1 DB_PORT=5432 found=1
        fi
    fi
    if [ $found = 1 ] && [ "$PG_CURRENT_USER" = postgres ]; then
        warn "the PostgreSQL server is reached as 'postgres', which Odoo refuses: using a private cluster"
        found=0
    fi
    if [ $found = 1 ]; then
        DB_USER=${DB_USER:-$PG_CURRENT_USER}
    else
        [ -n "$DB_HOST$DB_PORT$DB_USER" ] && warn "no usable PostgreSQL server at ${DB_HOST:-<local socket>}:${DB_PORT:-5432} as ${DB_USER:-$(id -un)}"
        private_cluster
    fi
    export PGUSER=$DB_USER
    # PostgreSQL's JIT compiles the large statements of the scope rules for
    # seconds to run them in milliseconds: off for every connection of Odoo
    # (casework_base also sets it on its database at install)
    export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c jit=off"
    [ -n "$DB_HOST" ] && export PGHOST=$DB_HOST
    [ -n "$DB_PORT" ] && export PGPORT=$DB_PORT
    DB_ARGS=(--db_user "$DB_USER")
    [ -n "$DB_HOST" ] && DB_ARGS+=(--db_host "$DB_HOST")
    [ -n "$DB_PORT" ] && DB_ARGS+=(--db_port "$DB_PORT")
    say "PostgreSQL: ${DB_USER}@${DB_HOST:-<local socket>}:${DB_PORT:-5432}"
}

db_exists() { [ "$(psql -X -A -t -d postgres -c "select 1 from pg_database where datname = '$1'")" = 1 ]; }

drop_db() {
    psql -X -q -d postgres -c "drop database if exists \"$1\" with (force)" >/dev/null 2>&1 \
        || warn "could not drop database $1"
    rm -rf "$DATA_DIR/filestore/$1"
}

copy_db() {
    # copy_db TEMPLATE NEW: database and filestore.
    createdb -T "$1" "$2"
    if [ -d "$DATA_DIR/filestore/$1" ]; then
        mkdir -p "$DATA_DIR/filestore"
        cp -a "$DATA_DIR/filestore/$1" "$DATA_DIR/filestore/$2"
    fi
}

# ---------------------------------------------------------------- setup

release() {
    # Drop the databases of this run and stop the private cluster if this run
    # started it.  Idempotent: called before the summary and again at exit.
    local db
    for db in "${CLEANUP_DBS[@]}"; do drop_db "$db"; done
    CLEANUP_DBS=()
    if [ "$PG_STARTED" = 1 ]; then
        say "stopping the private PostgreSQL cluster"
        "${PG_STOP[@]}" >/dev/null 2>&1 || warn "could not stop the private PostgreSQL cluster"
        PG_STARTED=0
    fi
}

cleanup() {
    local rc=$?
    set +e
    release
    if [ "$SUMMARY_DUE" = 1 ]; then
        # `make test` stopped early (setup failure...): still end with the count line.
        echo "$PASSED passed, $((FAILED + 1)) failed"
    fi
    exit $rc
}
SUMMARY_DUE=0
CLEANUP_DBS=()
PG_STOP=()

setup() {
    mkdir -p "$CASEWORK_CACHE" "$STAMPS" "$RUN_DIR" "$DATA_DIR" "$LOG_DIR"
    chmod 700 "$RUN_DIR"
    find "$LOG_DIR" -maxdepth 1 -type f -mtime +7 -delete 2>/dev/null || true
    ensure_odoo_src
    ensure_venv
    ensure_postgres
    tools runtime-conf "$RUNTIME_CONF" --odoo-src "$ODOO_SRC" --data-dir "$DATA_DIR" \
        --admin-passwd-file "$CASEWORK_CACHE/admin_passwd" \
        --db-host "$DB_HOST" --db-port "$DB_PORT" --db-user "$DB_USER"
    ODOO=("$PY" "$ODOO_SRC/odoo-bin")
    MODULES_ALL=$(tools modules)
    [ -n "$MODULES_ALL" ] || warn "no casework module (addons/casework_*/__manifest__.py) found"
    say "Odoo $ODOO_SRC, virtualenv $VENV, runtime configuration $RUNTIME_CONF"
}

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
csv() { echo "$*" | tr ' ' ','; }

# ---------------------------------------------------------------- run

list_logins() {
    local script
    script=$(cat <<'PYEOF'
Groups = env["res.groups"]
if "privilege_id" in Groups._fields:
    groups = Groups.search([("privilege_id.category_id.name", "=", "Casework")])
else:
    groups = Groups.search([("category_id.name", "=", "Casework")])
users = env["res.users"].search([("all_group_ids", "in", groups.ids)], order="login") if groups else env["res.users"]
users -= env.ref("base.user_root")
rows = []
for user in users:
    mine = (user.all_group_ids & groups).sorted("sequence")
    role = mine[-1:].name or ""
    territories = ""
    for name in ("casework_territory_ids", "casework_territory_id"):
        if name in user._fields:
            territories = ", ".join(user[name].mapped("display_name"))
            break
    rows.append((user.login, role, territories))
if rows:
    width = max(len(r[0]) for r in rows) + 2
    rwidth = max(len(r[1]) for r in rows) + 2
    print("LOGIN".ljust(width) + "ROLE".ljust(rwidth) + "TERRITORY")
    for login, role, territories in rows:
        print(login.ljust(width) + role.ljust(rwidth) + territories)
else:
    print("(no Casework user yet)")
PYEOF
)
    local out
    if out=$(echo "$script" | "${ODOO[@]}" shell -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d casework --no-http \
            --log-level=warn 2>"$LOG_DIR/logins.log"); then
        echo "$out" | sed 's/^/[casework]   /'
    else
        warn "could not list the demo users (see $LOG_DIR/logins.log)"
    fi
}

cmd_run() {
    trap cleanup EXIT
    setup
    ensure_wkhtmltopdf
    local mods
    mods=$(csv $MODULES_ALL)
    if ! db_exists casework; then
        local log=$LOG_DIR/create-casework-$NOW.log
        say "creating the database casework with ${mods:-base} and demo data (log: $log)"
        if ! "${ODOO[@]}" -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d casework -i "${mods:-base}" --with-demo \
                --load-language=fr_FR --stop-after-init --workers=0 --max-cron-threads=0 2>&1 \
                | tee "$log" | odoo_filter; then
            drop_db casework
            die 1 "the database casework could not be created, see $log"
        fi
        echo 'env.ref("base.user_admin").lang = "fr_FR"; env.cr.commit()' \
            | "${ODOO[@]}" shell -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d casework --no-http --log-level=warn \
            >>"$log" 2>&1 || warn "could not set the admin language to French"
    else
        local missing
        missing=$(psql -X -A -t -d casework -c "select name from ir_module_module where state = 'installed'" | sort \
            | comm -13 - <(printf '%s\n' $MODULES_ALL | sort) | xargs)
        if [ -n "$missing" ]; then
            say "installing the casework modules missing from the database: $missing"
            "${ODOO[@]}" -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d casework -i "$(csv $missing)" --stop-after-init \
                --workers=0 --max-cron-threads=0 2>&1 | tee "$LOG_DIR/update-casework-$NOW.log" | odoo_filter \
                || die 1 "could not install $missing, see $LOG_DIR/update-casework-$NOW.log"
        fi
        if [ -n "${UPDATE:-}" ]; then
            say "updating ${mods}"
            "${ODOO[@]}" -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d casework -u "$mods" --stop-after-init \
                --workers=0 --max-cron-threads=0 2>&1 | tee "$LOG_DIR/update-casework-$NOW.log" | odoo_filter \
                || die 1 "could not update the modules, see $LOG_DIR/update-casework-$NOW.log"
        fi
    fi
    local port=${HTTP_PORT:-8069}
    say "Demo logins (password: $DEMO_PASSWORD):"
    list_logins
    say "Administrator: login admin, password admin (unless changed)"
    say "Database manager password: in $RUNTIME_CONF (admin_passwd)"
    say "Serving http://127.0.0.1:$port  (Ctrl-C to stop)"
    "${ODOO[@]}" -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d casework --http-port "$port" --workers=0
}

# ---------------------------------------------------------------- test

ensure_wkhtmltopdf() {
    # PDF reports (CV, convocations, letters) are printed by wkhtmltopdf.
    command -v wkhtmltopdf >/dev/null && return 0
    if is_root && command -v apt-get >/dev/null; then
        say "installing wkhtmltopdf for the PDF reports (apt-get, once)"
        apt_install wkhtmltopdf && return 0
    fi
    warn "wkhtmltopdf not found: PDF reports (CV, convocations, letters) will be offered as HTML (install the 'wkhtmltopdf' package)"
}

ensure_chromium() {
    local bin
    for bin in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$bin" >/dev/null && return 0
    done
    if is_root && command -v apt-get >/dev/null; then
        say "installing chromium for the browser tours (apt-get, once)"
        apt_install chromium && return 0
    fi
    warn "no Chromium/Chrome found: Odoo will SKIP the browser tours (install the 'chromium' package)"
}

FAILURES=()
TEST_DB=
PASSED=0
FAILED=0

fail() { FAILED=$((FAILED + 1)); FAILURES+=("$*"); }

count_problems() {
    # count_problems LOG LABEL: every ERROR/CRITICAL line and casework WARNING is a failure.
    local json
    json=$(tools parse-log "$1")
    local line
    while IFS= read -r line; do
        [ -n "$line" ] && fail "$2: $line"
    done < <(echo "$json" | "$BASE_PYTHON" -c 'import json, sys; [print(p[:400]) for p in json.load(sys.stdin)["problems"]]')
    PARSED=$json
}

build_template() {
    TEMPLATE_DB=casework_tmpl_${NOW}_$$
    local deps log=$LOG_DIR/template-$NOW.log
    deps=$(tools odoo-deps)
    say "building the template database $TEMPLATE_DB with the Odoo dependencies: $deps"
    CLEANUP_DBS+=("$TEMPLATE_DB")
    local t0=$SECONDS
    if ! "${ODOO[@]}" -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d "$TEMPLATE_DB" -i "$deps" --stop-after-init \
            --workers=0 --max-cron-threads=0 >"$log" 2>&1; then
        fail "template database: odoo-bin failed (see $log)"
        return 1
    fi
    count_problems "$log" "template database"
    say "template database ready in $((SECONDS - t0))s"
}

odoo_tests() {
    local mods tags db log port rc t0=$SECONDS
    mods=$(tools modules --only "${MODULES:-}")
    tags=${TEST_TAGS:-$(tools test-tags --only "${MODULES:-}")}
    [ -n "$mods" ] || { warn "no module to test"; return; }
    db=casework_test_${NOW}_$$
    TEST_DB=$db
    log=$LOG_DIR/odoo-test-$NOW.log
    port=$(free_port)
    if [ -n "${TEMPLATE_DB:-}" ]; then copy_db "$TEMPLATE_DB" "$db"; fi
    [ -n "${KEEP_DB:-}" ] || CLEANUP_DBS+=("$db")
    say "Odoo tests: database $db, modules $(csv $mods), tags $tags (log: $log)"
    set +e
    "${ODOO[@]}" -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d "$db" --db-filter "^$db\$" -i "$(csv $mods)" \
        --test-enable --test-tags "$tags" --stop-after-init --log-level=test --http-port "$port" \
        --workers=0 --max-cron-threads=0 2>&1 | tee "$log" | odoo_filter
    rc=${PIPESTATUS[0]}
    set -e
    count_problems "$log" "odoo tests"
    local lines total=0 failed=0 line
    read -r lines total failed < <(echo "$PARSED" | "$BASE_PYTHON" -c \
        'import json, sys; d = json.load(sys.stdin); print(d["result_lines"], d["total"], d["failed"])')
    if [ "$lines" = 0 ]; then
        fail "odoo tests: no 'odoo.tests.result' line in the log (see $log)"
    else
        PASSED=$((PASSED + total - failed))
        FAILED=$((FAILED + failed))
        if [ "$failed" != 0 ]; then
            FAILURES+=("odoo tests: $failed test(s) failed or in error (see $log):")
            while IFS= read -r line; do
                FAILURES+=("odoo test $line")
            done < <(echo "$PARSED" | "$BASE_PYTHON" -c 'import json, sys; [print(t) for t in json.load(sys.stdin)["failed_tests"]]')
        fi
    fi
    # odoo-bin exits with 1 when tests fail: that is already counted above.
    if [ "$rc" != 0 ] && ! { [ "$rc" = 1 ] && [ "$failed" != 0 ]; }; then
        fail "odoo tests: odoo-bin exited with code $rc"
    fi
    say "Odoo tests: $((total - failed)) passed, $failed failed of $total in $((SECONDS - t0))s"
    [ -z "${KEEP_DB:-}" ] || say "KEEP_DB set: database $db kept"
}

pytest_checks() {
    local xml=$LOG_DIR/pytest-$NOW.xml t0=$SECONDS
    export CASEWORK_PYTHON_BIN=$PY CASEWORK_ODOO_BIN=$ODOO_SRC/odoo-bin CASEWORK_ODOO_CONF=$RUNTIME_CONF
    export CASEWORK_TEMPLATE_DB=${TEMPLATE_DB:-} CASEWORK_DATA_DIR=$DATA_DIR CASEWORK_LOG_DIR=$LOG_DIR
    export CASEWORK_RUN_ID=${NOW}_$$
    local -a args=(-p no:cacheprovider -q -rfE --tb=short --junitxml "$xml")
    if [ -n "${SKIP_INSTALL_CHECKS:-}" ]; then
        say "SKIP_INSTALL_CHECKS set: install/uninstall checks skipped"
        args+=(-m "not install")
    else
        say "install/uninstall checks and static checks (pytest tests/)"
    fi
    set +e
    (cd "$REPO" && "$PY" -m pytest "${args[@]}" tests)
    local rc=$?
    set -e
    local json
    json=$(tools junit "$xml")
    local passed failed
    read -r passed failed < <(echo "$json" | "$BASE_PYTHON" -c \
        'import json, sys; d = json.load(sys.stdin); print(d["passed"], d["failed"])')
    PASSED=$((PASSED + passed))
    FAILED=$((FAILED + failed))
    while IFS= read -r line; do
        [ -n "$line" ] && FAILURES+=("pytest: $line")
    done < <(echo "$json" | "$BASE_PYTHON" -c 'import json, sys; [print(f) for f in json.load(sys.stdin)["failures"]]')
    if [ ! -f "$xml" ] || { [ "$rc" != 0 ] && [ "$failed" = 0 ]; }; then
        fail "pytest exited with code $rc"
    fi
    say "pytest: $passed passed, $failed failed in $((SECONDS - t0))s"
}

lint_checks() {
    # pylint-odoo (.pylintrc) on the addons, ruff (ruff.toml) on the addons, scripts/, tests/
    # and bench/: every message is a failure, a clean tool a pass. MODULES narrows both to
    # those addons.
    local t0=$SECONDS rc out line count
    local -a addons=() others=(scripts tests bench) mod
    if [ -n "${MODULES:-}" ]; then
        for mod in ${MODULES//,/ }; do addons+=("addons/$mod"); done
        others=()
    else
        for mod in "$REPO"/addons/casework_*/; do addons+=("addons/$(basename "$mod")"); done
    fi
    say "lint: pylint-odoo on ${addons[*]}; ruff on ${addons[*]} ${others[*]}"
    local -a tools=("pylint" "ruff")
    local tool
    for tool in "${tools[@]}"; do
        set +e
        if [ "$tool" = pylint ]; then
            out=$(cd "$REPO" && "$PY" -m pylint --rcfile=.pylintrc --output-format=text "${addons[@]}" 2>&1)
            rc=$?
            # pylint's exit code: bit 1 fatal, bit 32 usage error; the others are messages
            [ $((rc & 33)) = 0 ] || { fail "lint: pylint exited with code $rc: ${out:0:400}"; set -e; continue; }
        else
            out=$(cd "$REPO" && "$VENV/bin/ruff" check --no-cache --output-format=concise --quiet \
                "${addons[@]}" "${others[@]}" 2>&1)
            rc=$?
            [ "$rc" -le 1 ] || { fail "lint: ruff exited with code $rc: ${out:0:400}"; set -e; continue; }
        fi
        set -e
        count=0
        while IFS= read -r line; do
            case $line in
                addons/*:[0-9]* | scripts/*:[0-9]* | tests/*:[0-9]* | bench/*:[0-9]*)
                    fail "lint: $line"
                    count=$((count + 1))
                    ;;
            esac
        done <<<"$out"
        if [ "$count" = 0 ] && [ "$rc" != 0 ]; then
            fail "lint: $tool exited with code $rc: ${out:0:400}"
        elif [ "$count" = 0 ]; then
            PASSED=$((PASSED + 1))
        fi
        say "lint: $tool: $count message(s)"
    done
    say "lint: done in $((SECONDS - t0))s"
}

cmd_lint() {
    SUMMARY_DUE=1
    trap cleanup EXIT
    mkdir -p "$CASEWORK_CACHE" "$STAMPS"
    ensure_odoo_src
    ensure_venv
    lint_checks
    SUMMARY_DUE=0
    if [ ${#FAILURES[@]} -gt 0 ]; then
        say "Failures:"
        local item
        for item in "${FAILURES[@]}"; do echo "  - $item"; done
    fi
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" = 0 ]
}

cmd_test() {
    trap cleanup EXIT
    SUMMARY_DUE=1
    local t0=$SECONDS
    setup
    ensure_chromium
    ensure_wkhtmltopdf
    [ -n "${SKIP_LINT:-}" ] || lint_checks
    if build_template; then
        odoo_tests
    else
        fail "odoo tests: not run (no template database)"
    fi
    bench_smoke_step
    pytest_checks
    release
    echo
    if [ ${#FAILURES[@]} -gt 0 ]; then
        say "Failures:"
        local item
        for item in "${FAILURES[@]}"; do echo "  - $item"; done
    fi
    say "logs in $LOG_DIR; total time $((SECONDS - t0))s"
    SUMMARY_DUE=0
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" = 0 ]
}

# ---------------------------------------------------------------- bench

bench_files() {
    # bench_files: the bench/*.py files, or those named in BENCH (e.g. BENCH=scope_rules,timeline).
    local bench name
    for bench in "$REPO"/bench/*.py; do
        name=${bench##*/bench_}
        name=${name%.py}
        if [ -z "${BENCH:-}" ] || [[ ",$BENCH," == *",$name,"* || ",$BENCH," == *",bench_$name,"* ]]; then
            echo "$bench"
        fi
    done
}

bench_smoke_env() {
    # bench_smoke_env FILE: the variables giving FILE its smoke size (seconds).
    case ${1##*/} in
        bench_duplicates.py) echo "BENCH_PEOPLE=2000 BENCH_SAMPLES=10 BENCH_BASELINE_SAMPLES=3" ;;
        bench_dashboards.py) echo "CASEWORK_BENCH_SMOKE=1 CASEWORK_BENCH_DOSSIERS=300 CASEWORK_BENCH_REPEAT=1" ;;
        bench_feed.py) echo "CASEWORK_BENCH_FEED_SIZES=300 CASEWORK_BENCH_BASE_IMPORT_LINES=300" ;;
        bench_scope_rules.py) echo "CASEWORK_BENCH_DOSSIERS=300 CASEWORK_BENCH_REPEAT=1" ;;
        bench_reports.py) echo "CASEWORK_BENCH_SMOKE=1 CASEWORK_BENCH_DOSSIERS=2000 CASEWORK_BENCH_REPEAT=1" ;;
        bench_timeline.py) echo "CASEWORK_BENCH_TIMELINE=100 CASEWORK_BENCH_TIMELINE_DOSSIERS=5 CASEWORK_BENCH_REPEAT=1" ;;
        bench_export.py) echo "CASEWORK_BENCH_SMOKE=1 CASEWORK_BENCH_EXPORT_ROWS=300 CASEWORK_BENCH_REPEAT=1" ;;
        *) echo "CASEWORK_BENCH_SMOKE=1" ;;
    esac
}

run_bench() {
    # run_bench DB FILE LOG [VAR=VALUE...]: one benchmark in `odoo-bin shell`, its output in LOG too.
    local db=$1 bench=$2 log=$3
    shift 3
    env "$@" "${ODOO[@]}" shell -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d "$db" --no-http --log-level=warn \
        <"$bench" 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
}

bench_smoke() {
    # Every benchmark in its smoke size on DB (every casework module installed):
    # one passed or failed test each, so that a benchmark broken by a model
    # change fails `make test`. The full sizes are `make bench`'s.
    local db=$1 bench name log t0=$SECONDS t1
    local -a vars
    for bench in $(bench_files); do
        name=${bench##*/}
        name=${name%.py}
        log=$LOG_DIR/bench-smoke-$NOW-$name.log
        read -r -a vars <<<"$(bench_smoke_env "$bench")"
        t1=$SECONDS
        if run_bench "$db" "$bench" "$log" "${vars[@]}" >/dev/null \
                && [ -z "$(tools parse-log "$log" | "$BASE_PYTHON" -c 'import json, sys; print(*json.load(sys.stdin)["problems"], sep="\n")')" ]; then
            PASSED=$((PASSED + 1))
            say "bench smoke: $name passed in $((SECONDS - t1))s"
        else
            fail "bench smoke: $name failed (see $log; run it with: make bench SMOKE=1 BENCH=${name#bench_})"
            say "bench smoke: $name FAILED in $((SECONDS - t1))s (see $log)"
        fi
    done
    say "bench smoke: $((SECONDS - t0))s"
}

bench_smoke_step() {
    # The smoke run of the benchmarks, on the Odoo tests' database when it holds every
    # casework module (MODULES unset). BENCH_SMOKE=0 skips it.
    if [ -n "${MODULES:-}" ] || [ "${BENCH_SMOKE:-1}" = 0 ]; then
        say "bench smoke skipped (it needs every casework module: MODULES unset, BENCH_SMOKE not 0)"
    elif [ -z "$TEST_DB" ]; then
        say "bench smoke not run: no Odoo tests' database (see the failure above)"
    elif db_exists "$TEST_DB"; then
        bench_smoke "$TEST_DB"
    else
        fail "bench smoke: not run (the Odoo tests' database $TEST_DB is missing)"
    fi
}

cmd_bench() {
    # make bench [BENCH=name,...] [BENCH_DB=db: a database kept between runs, created when
    # missing] [SMOKE=1: the small sizes of `make test`]. See bench/README.md.
    local -a benches
    mapfile -t benches < <(bench_files)
    if [ ${#benches[@]} = 0 ]; then
        echo "[casework] no benchmark${BENCH:+ named $BENCH}"
        return 0
    fi
    trap cleanup EXIT
    setup
    local db=${BENCH_DB:-casework_bench_${NOW}_$$} rc=0
    if [ -n "${BENCH_DB:-}" ] && db_exists "$db"; then
        say "bench database $db (kept from a previous run)"
    else
        [ -n "${KEEP_DB:-}${BENCH_DB:-}" ] || CLEANUP_DBS+=("$db")
        say "bench database $db with $(csv $MODULES_ALL)"
        "${ODOO[@]}" -c "$RUNTIME_CONF" "${DB_ARGS[@]}" -d "$db" -i "$(csv $MODULES_ALL)" --stop-after-init \
            --workers=0 --max-cron-threads=0 >"$LOG_DIR/bench-$NOW.log" 2>&1 || die 1 "bench database failed, see $LOG_DIR/bench-$NOW.log"
    fi
    local bench
    local -a vars=()
    for bench in "${benches[@]}"; do
        say "bench: ${bench#"$REPO"/}"
        [ -z "${SMOKE:-}" ] || read -r -a vars <<<"$(bench_smoke_env "$bench")"
        run_bench "$db" "$bench" "$LOG_DIR/bench-$NOW-$(basename "$bench" .py).log" "${vars[@]}" || rc=1
    done
    [ -z "${BENCH_DB:-}${KEEP_DB:-}" ] || say "bench database $db kept"
    return $rc
}

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

case "${1:-help}" in
    setup) trap cleanup EXIT; setup; say "setup done" ;;
    run) cmd_run ;;
    test) cmd_test ;;
    bench) cmd_bench ;;
    lint) cmd_lint ;;
    help | -h | --help) usage ;;
    *) usage >&2; die 2 "unknown command: $1" ;;
esac
