# WijkWijzer: `make run` serves the site with demo content, `make test` runs every test.
# Both set up everything they need on a fresh machine (virtualenv, packages, database).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The address links in mails, calendar files and feeds point to: this server's, unless set.
SITE_URL ?= http://127.0.0.1:$(PORT)
STAMP := $(VENV)/.installed

.PHONY: run test install check-python lint format migrate demo worker clean backup restore bench

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || \
	  { echo "WijkWijzer needs Python 3.12 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Set PYTHON=python3.13 or install it."; exit 1; }

$(STAMP): pyproject.toml | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[test]'
	@touch $(STAMP)

# axe-core and the Nu HTML Checker (vnu-jar) for the quality-gate tests, pinned in package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the tests use the system's Java.
NPM_STAMP := node_modules/.installed

$(NPM_STAMP): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: export SITE_URL := $(SITE_URL)
run: migrate
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py resume_newsletters
	@# The task worker (it sends the newsletter) runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The task worker on its own (production: run it under a process supervisor, next to gunicorn).
worker: migrate
	$(BIN)/python manage.py resume_newsletters
	$(BIN)/python manage.py db_worker

test: install
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Backups (wijkwijzer/backups.py): pg_dump of the database plus a tar of MEDIA_ROOT into var/backups/.
# `make restore` puts the latest back; `make restore BACKUP=var/backups/wijkwijzer-….dump` a chosen one.
backup: install
	$(BIN)/python manage.py backup_site

restore: install
	$(BIN)/python manage.py restore_site $(BACKUP)

# The load benchmark (bench/load.py): gunicorn with production settings, demo content plus 10,000 items.
bench: install
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
