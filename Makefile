# Compact Casework. `make run` to try it, `make test` to test it, `make help` for the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
BUILD := static/build/app.css
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's own address, in every link the service writes (e-mails, letters, the demo's
# instructions): the one `make run` serves, unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: help install run serve demo test lint format migrations messages check-deploy bench clean backup restore

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP_PY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

$(STAMP_NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD): $(STAMP_NODE) $(wildcard static/src/*) $(wildcard static/src/js/*)
	npm run --silent build

install: $(STAMP_PY) $(BUILD) ## Install Python and front-end packages and build the front end

run: install ## Install everything, load the demo and serve it at http://127.0.0.1:8000 (HOST, PORT)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ with the background worker (press Ctrl+C to stop)"
	HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho start -f Procfile

demo: install ## Load or refresh the demo data only
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo

backup: install ## Back up the database and the uploaded files (with checksums) into backups/
	$(PY) manage.py backup --to backups

restore: install ## Restore a backup: make restore FROM=backups/backup-... (asks first)
	@test -n "$(FROM)" || (echo "Say which backup: make restore FROM=backups/backup-..." && exit 2)
	$(PY) manage.py restore "$(FROM)"

test: install ## Install everything, then lint, check imports and migrations, and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## Run ruff (lint and format check) and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: install ## Make migrations after a model change
	$(PY) manage.py makemigrations

# Both files are committed: a fresh install needs no gettext tools (docs/translation.md).
messages: install ## Extract the strings to translate into the Welsh catalogue and compile it
	$(PY) manage.py makemessages --locale cy --no-obsolete --add-location file $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages --locale cy --ignore .venv --ignore node_modules

MESSAGES_IGNORE := --ignore .venv --ignore node_modules --ignore static --ignore staticfiles \
	--ignore tests --ignore bench --ignore docs --ignore media --ignore .test-media \
	--ignore 'cases/migrations' --ignore 'workflows/migrations'

check-deploy: install ## Run Django's deployment checks with production settings and a sample environment
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=compact.example.org DATABASE_URL=sqlite:///tmp/check.sqlite3 \
	CACHE_URL=redis://127.0.0.1:6379/1 \
	$(PY) manage.py check --deploy --fail-level WARNING

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cc_bench

bench: install ## Load 1,000,000 tasks into PostgreSQL (cc_bench) and time the task pages on gunicorn
	DJANGO_SETTINGS_MODULE=config.settings.bench DATABASE_URL=$(BENCH_DATABASE_URL) \
	  $(PY) manage.py bench_load $(BENCH_LOAD_ARGS)
	DJANGO_SETTINGS_MODULE=config.settings.bench DATABASE_URL=$(BENCH_DATABASE_URL) \
	  $(PY) manage.py bench $(BENCH_ARGS)

clean: ## Remove the virtual environment, node_modules, built assets and the demo database
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3 .test-media
