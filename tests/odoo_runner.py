"""Drive odoo-bin for the install/uninstall checks (tests/test_install_uninstall.py).

scripts/casework.sh exports the environment this needs (virtualenv python,
odoo-bin, runtime configuration, template database, PG* connection); outside
`make test` the checks are skipped.
"""

import os
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

import casework_tools


@dataclass
class Result:
    label: str
    returncode: int
    log: str
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return self.returncode == 0 and not self.problems

    def report(self):
        lines = [f"{self.label}: exit code {self.returncode}, log {self.log}"]
        lines += [f"  {problem[:500]}" for problem in self.problems[:20]]
        if self.returncode and not self.problems:
            with open(self.log, encoding="utf-8", errors="replace") as handle:
                lines += ["  " + line.rstrip() for line in handle.readlines()[-30:]]
        return "\n".join(lines)


class OdooRunner:
    def __init__(self, python, odoo_bin, conf, template, data_dir, log_dir, run_id):
        self.python = python
        self.odoo_bin = odoo_bin
        self.conf = conf
        self.template = template
        self.data_dir = data_dir
        self.log_dir = log_dir
        self.run_id = run_id
        self.databases = []

    @classmethod
    def from_environment(cls):
        names = ("CASEWORK_PYTHON_BIN", "CASEWORK_ODOO_BIN", "CASEWORK_ODOO_CONF", "CASEWORK_DATA_DIR",
                 "CASEWORK_LOG_DIR", "CASEWORK_RUN_ID")
        if not all(os.environ.get(name) for name in names):
            return None
        return cls(*(os.environ[name] for name in names[:3]), os.environ.get("CASEWORK_TEMPLATE_DB", ""),
                   *(os.environ[name] for name in names[3:]))

    # ------------------------------------------------------------ PostgreSQL
    def psql(self, db, sql):
        proc = subprocess.run(["psql", "-X", "-A", "-t", "-d", db, "-c", sql],
                              check=True, capture_output=True, text=True)
        return [line for line in proc.stdout.splitlines() if line]

    def new_db(self, label):
        """A fresh database: a copy of the template (Odoo dependencies installed) when there is one."""
        name = f"casework_chk_{label}_{self.run_id}"[:63]
        self.drop_db(name)
        if self.template:
            subprocess.run(["createdb", "-T", self.template, name], check=True)
            source = os.path.join(self.data_dir, "filestore", self.template)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(self.data_dir, "filestore", name), symlinks=True)
        self.databases.append(name)
        return name

    def drop_db(self, name):
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f'drop database if exists "{name}" with (force)'],
                       check=False, capture_output=True)
        shutil.rmtree(os.path.join(self.data_dir, "filestore", name), ignore_errors=True)
        if name in self.databases:
            self.databases.remove(name)

    def drop_all(self):
        for name in list(self.databases):
            self.drop_db(name)

    def module_states(self, db, prefix="casework_"):
        rows = self.psql(db, f"select name, state from ir_module_module where name like '{prefix}%'")
        return dict(row.split("|", 1) for row in rows)

    def tables(self, db, prefix="casework_"):
        """Tables and views of the public schema whose name starts with ``prefix``."""
        return self.psql(
            db,
            "select table_name from information_schema.tables "
            f"where table_schema = 'public' and table_name like '{prefix.replace('_', '!_')}%' escape '!'",
        )

    # ------------------------------------------------------------ odoo-bin
    def _run(self, label, db, args, stdin=None):
        log = os.path.join(self.log_dir, f"check-{self.run_id}-{label}.log")
        cmd = [self.python, self.odoo_bin, *args[:1], "-c", self.conf, "-d", db, *args[1:],
               "--workers=0", "--max-cron-threads=0"]
        with open(log, "w", encoding="utf-8") as handle:
            proc = subprocess.run(cmd, input=stdin, stdout=handle, stderr=subprocess.STDOUT, text=True)
        problems = casework_tools.parse_log(log)["problems"]
        return Result(label, proc.returncode, log, problems)

    def install(self, db, modules, label):
        return self._run(label, db, ["server", "-i", ",".join(modules), "--stop-after-init"])

    def uninstall(self, db, modules, label):
        code = textwrap.dedent(f"""
            modules = env["ir.module.module"].search([("name", "in", {list(modules)!r}), ("state", "=", "installed")])
            modules.button_immediate_uninstall()
            env.cr.commit()
        """)
        return self._run(label, db, ["shell", "--no-http"], stdin=code)
