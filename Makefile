# Casework -- every target delegates to scripts/casework.sh (see README.md).
# Variables given on the command line reach the script (make exports them), e.g.
#   make test TEST_TAGS=/casework_base SKIP_INSTALL_CHECKS=1
#   make test MODULES=casework_base KEEP_DB=1
#   make run ODOO_SRC=/path/to/odoo-19.0
SHELL := /bin/bash

.DEFAULT_GOAL := help
.PHONY: help setup run test bench lint

help: ## list the targets
	@scripts/casework.sh help
	@echo
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sed 's/^/  make /'

setup: ## install the virtualenv, Odoo's requirements, and check PostgreSQL (idempotent)
	@scripts/casework.sh setup

run: ## create the casework database with demo data if missing, then serve http://127.0.0.1:8069
	@scripts/casework.sh run

test: ## Odoo tests of the casework modules, install/uninstall checks, static checks
	@scripts/casework.sh test

bench: ## run the benchmarks of bench/
	@scripts/casework.sh bench

lint: ## pylint-odoo and ruff alone (the lint step of make test)
	@scripts/casework.sh lint
