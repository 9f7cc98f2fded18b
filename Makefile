# Developer tasks for frivillig. `make` (or `make help`) lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# bandit, the security linter: its settings (what it leaves out, and why) are in pyproject.toml.
BANDIT = $(BIN)/bandit -c pyproject.toml -r . -q
# import-linter: the apps' layers, declared in pyproject.toml ([tool.importlinter]).
LINT_IMPORTS = $(BIN)/lint-imports --no-cache
# mypy with django-stubs (pyproject.toml's [tool.mypy]). Its Django plugin imports the settings, which
# without DEBUG want a SECRET_KEY unless FRIVILLIG_ALLOW_INSECURE_KEY=1.
MYPY = FRIVILLIG_ALLOW_INSECURE_KEY=1 $(BIN)/mypy
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS='-m "not browser"'`.
PYTEST_ARGS ?=
# `make test` runs pytest in this many processes (pytest-xdist), a test file to each process at a time,
# each process with a test database and a Redis database of its own (tests/conftest.py). 2 for CI's
# 2 CPUs (3 were slower on such a machine); PYTEST_WORKERS=0 runs the tests in one process.
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help venv install run test lint typecheck check-deploy bench clean lock messages

help: ## List the targets
	@echo "Targets:"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  make %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# --- Installation -------------------------------------------------------------------------------
# Stamp files make the installs run again only when a lock file changes.

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.requirements-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

venv: $(VENV)/.requirements-installed ## Create .venv and install the Python packages (requirements-dev.txt)

install: venv node_modules/.package-lock.json ## venv, plus the front-end packages (npm ci)

# --- Running --------------------------------------------------------------------------------------

# DEBUG=1: the local insecure key is allowed and runserver serves the static files.
run: export DEBUG := 1
run: install ## Migrate, seed the demo data, then runserver on 127.0.0.1:8000 beside a Celery worker
	mkdir -p var/mail
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) seed_demo
	@echo "Open http://127.0.0.1:8000 and log in with one of the demo logins above."
	@echo "(Celery worker with embedded beat logs to var/celery.log; e-mails land in var/mail.)"
	$(BIN)/celery -A frivillig worker -B -l info --concurrency 1 --logfile var/celery.log \
		--schedule var/celerybeat-schedule & worker=$$!; \
	trap 'kill $$worker 2>/dev/null && wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

# --- Checks ---------------------------------------------------------------------------------------

# Tests run with DEBUG unset, as in production; without DEBUG the settings demand a SECRET_KEY unless
# FRIVILLIG_ALLOW_INSECURE_KEY=1.
test: export FRIVILLIG_ALLOW_INSECURE_KEY := 1
test: install ## ruff, bandit, mypy, lint-imports, makemigrations --check, then pytest (browser tests included)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BANDIT)
	$(MYPY)
	$(LINT_IMPORTS)
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	env -u DEBUG $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# --- System tests (tests/system) -------------------------------------------------------------------
# gunicorn, a Celery worker and Celery beat run as separate processes with production-like settings,
# driven over HTTP on loopback. They get a PostgreSQL database of their own (SYSTEM_DB_NAME, created
# afresh and dropped afterwards) and a Redis database of their own (emptied before and after).
.PHONY: test-system
SYSTEM_DB_SERVER ?= postgres://postgres@127.0.0.1:5432
SYSTEM_DB_NAME ?= frivillig_system
SYSTEM_REDIS_URL ?= redis://127.0.0.1:6379/8
test-system: export SYSTEM_DB_SERVER := $(SYSTEM_DB_SERVER)
test-system: export SYSTEM_DB_NAME := $(SYSTEM_DB_NAME)
test-system: export SYSTEM_REDIS_URL := $(SYSTEM_REDIS_URL)
test-system: export FRIVILLIG_ALLOW_INSECURE_KEY := 1
test-system: install ## gunicorn, Celery worker and beat as real processes, driven over HTTP (tests/system)
	env -u DEBUG $(BIN)/pytest tests/system $(PYTEST_ARGS)

lint: venv ## ruff check, ruff format --check, bandit (security linter), mypy and lint-imports (layers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BANDIT)
	$(MYPY)
	$(LINT_IMPORTS)

typecheck: venv ## mypy with django-stubs: the whole project, some modules strict (pyproject.toml)
	$(MYPY)

check-deploy: venv ## manage.py check --deploy with production-like settings (fails on any warning)
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(45))')" \
	DEBUG=0 HTTPS=1 ALLOWED_HOSTS=frivillig.example.dk \
	$(MANAGE) check --deploy --fail-level WARNING

# The benchmark gets a PostgreSQL database of its own, created afresh and dropped afterwards: never the
# dev or CI database. Extra arguments go through BENCH_ARGS, e.g. `make bench BENCH_ARGS='--requests 10'`.
BENCH_DB_SERVER ?= postgres://postgres@127.0.0.1:5432
BENCH_DB := frivillig_bench
BENCH_ARGS ?=
BENCH_PSQL = PGOPTIONS=--client-min-messages=warning psql "$(BENCH_DB_SERVER)/postgres" -q -v ON_ERROR_STOP=1

bench: export DATABASE_URL := $(BENCH_DB_SERVER)/$(BENCH_DB)
bench: export FRIVILLIG_ALLOW_INSECURE_KEY := 1
bench: venv ## Fill PostgreSQL with 50,000 volunteers; print median and p95 per page beside a trivial view
	$(BENCH_PSQL) -c "DROP DATABASE IF EXISTS $(BENCH_DB) WITH (FORCE)" -c "CREATE DATABASE $(BENCH_DB)"
	env -u DEBUG $(MANAGE) migrate --noinput -v0
	env -u DEBUG $(MANAGE) bench $(BENCH_ARGS); status=$$?; \
	$(BENCH_PSQL) -c "DROP DATABASE $(BENCH_DB) WITH (FORCE)"; exit $$status

messages: venv ## Update locale/*/django.po from the code, then compile the .mo files (commit both)
	DEBUG=1 $(MANAGE) makemessages -l da -l en --add-location=file \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var
	DEBUG=1 $(MANAGE) compilemessages -l da -l en --ignore=.venv --ignore=node_modules

# --- Housekeeping ---------------------------------------------------------------------------------

clean: ## Remove var/ (local database, e-mails, Celery queue) and staticfiles/
	rm -rf var staticfiles

LOCK_VENV := $(VENV)/lock

lock: ## Re-resolve requirements*.txt from pyproject.toml's ranges (newest releases on PyPI)
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --disable-pip-version-check -q --upgrade pip
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["dependencies"]))' > $(LOCK_VENV)/runtime.in
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["optional-dependencies"]["dev"]))' > $(LOCK_VENV)/dev.in
	$(LOCK_VENV)/bin/pip install --disable-pip-version-check -q -r $(LOCK_VENV)/runtime.in
	$(LOCK_VENV)/bin/pip freeze > $(LOCK_VENV)/runtime.txt
	$(LOCK_VENV)/bin/pip install --disable-pip-version-check -q -r $(LOCK_VENV)/dev.in \
		-c $(LOCK_VENV)/runtime.txt
	$(LOCK_VENV)/bin/pip freeze > $(LOCK_VENV)/all.txt
	{ grep '^#' requirements.txt; cat $(LOCK_VENV)/runtime.txt; } > $(LOCK_VENV)/requirements.txt
	{ sed '/^-r /q' requirements-dev.txt; echo; grep -vxFf $(LOCK_VENV)/runtime.txt $(LOCK_VENV)/all.txt; } \
		> $(LOCK_VENV)/requirements-dev.txt
	mv $(LOCK_VENV)/requirements.txt $(LOCK_VENV)/requirements-dev.txt .
	rm -rf $(LOCK_VENV)

# --- Load and faults (issue 7) ------------------------------------------------------------------------
# Not run by .ci/run: they take minutes and start their own gunicorn, Celery worker and databases.
# `make load LOAD_USERS=20 LOAD_TIME=1m` for a shorter run; see loadtest/run.sh for the other knobs.
.PHONY: load load-capacity
load: export LOAD_USERS ?= 200
load: export LOAD_TIME ?= 10m
load: venv ## Locust: 200 users arriving 1/s, thinking 10-30 s, beside a /healthz probe (bench's data, gunicorn)
	bash loadtest/run.sh

load-capacity: venv ## Locust: users added until the probe's p95 passes 100 ms; prints the pages/s reached
	LOAD_MODE=capacity bash loadtest/run.sh

.PHONY: faults
faults: venv ## Kill the Celery worker mid-task; stop Redis and PostgreSQL (its own) during requests
	$(BIN)/python loadtest/faults.py
